package dev.foreman.testkit.infra;

/**
 * The ports the embedded servers listen on, all on 127.0.0.1. Zero means any free port, which is
 * what tests want; the devstack fixes them so that services and people can find the servers.
 */
public record Ports(int postgres, int kafka, int redis) {
    public Ports {
        requireValid("postgres", postgres);
        requireValid("kafka", kafka);
        requireValid("redis", redis);
    }

    /** Every server on a free port of its own choosing. */
    public static Ports anyFree() {
        return new Ports(0, 0, 0);
    }

    private static void requireValid(String server, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(server + " port must be 0 (any free port) or 1-65535, was " + port);
        }
    }
}
