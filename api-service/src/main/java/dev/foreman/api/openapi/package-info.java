/** The API's OpenAPI 3.1 document (docs/openapi.yaml), served at {@code /v3/api-docs}. */
package dev.foreman.api.openapi;
