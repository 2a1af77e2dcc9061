/**
 * Limits on what one request may cost the API: the body size, enforced whether the client declares
 * a Content-Length or streams a chunked body, before any of it is parsed.
 */
package dev.foreman.api.limits;
