package dev.foreman.testkit.infra;

/** How to reach a running Postgres. */
record PostgresEndpoint(String jdbcUrl, String username, String password) {}
