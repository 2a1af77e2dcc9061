/** The API's published contract (docs/openapi.yaml), checked against the answers tests receive. */
package dev.foreman.testkit.contract;
