/**
 * The SSRF guard's rules (DESIGN §4): which network addresses a job's target or callback may reach.
 * The api-service applies them to literal addresses at submit, the worker to every address a host
 * name resolves to at dispatch, on the connection it then opens.
 */
package dev.foreman.common.target;
