/**
 * The web dashboard (the {@code dashboard/} module, built into a jar under {@code foreman-dashboard/}
 * on the classpath): api-service serves its page at {@code /} and at every dashboard route, so a
 * reload or a shared link of {@code /jobs/<id>} opens the page, and its hashed assets under
 * {@code /assets/}. These files carry no data and need no key; every API call the page makes is
 * authenticated like any other.
 */
package dev.foreman.api.dashboard;
