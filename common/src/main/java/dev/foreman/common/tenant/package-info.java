/** Tenants and their hashed API keys: who may call the API and whose jobs they see. */
package dev.foreman.common.tenant;
