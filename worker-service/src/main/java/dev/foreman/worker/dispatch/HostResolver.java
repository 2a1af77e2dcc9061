package dev.foreman.worker.dispatch;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a target's host name into its addresses: the system's resolver ({@link
 * InetAddress#getAllByName}) unless a bean replaces it, as tests do to point a name at an address.
 */
@FunctionalInterface
public interface HostResolver {
    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
