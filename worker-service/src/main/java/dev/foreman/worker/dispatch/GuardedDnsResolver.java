package dev.foreman.worker.dispatch;

import dev.foreman.common.target.TargetAddressPolicy;
import dev.foreman.worker.WorkerProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The SSRF guard at dispatch (DESIGN §4). The HTTP client asks it for a host's addresses when it
 * opens a connection and connects only to what it returns, so every address is checked right
 * before use and the connection is pinned to a checked address: a DNS answer that changes between
 * a check and the connect (DNS rebinding) cannot reach a refused address. A literal address in the
 * URL comes through here too. If any address of a name is refused the name is refused: a target
 * cannot hide a private address among public ones.
 */
@Component
public class GuardedDnsResolver implements DnsResolver {
    private final TargetAddressPolicy policy;
    private final HostResolver resolver;
    private final Counter refusals;

    @Autowired
    GuardedDnsResolver(WorkerProperties properties, ObjectProvider<HostResolver> resolver, MeterRegistry meters) {
        this(
                properties.targets().policy(),
                resolver.getIfAvailable(() -> HostResolver.SYSTEM),
                Counter.builder("foreman.worker.targets.refused")
                        .description("Dispatches and callback deliveries refused by the SSRF guard: the host"
                                + " resolved to an address that foreman.worker.targets does not allow")
                        .register(meters));
    }

    public GuardedDnsResolver(TargetAddressPolicy policy, HostResolver resolver, Counter refusals) {
        this.policy = policy;
        this.resolver = resolver;
        this.refusals = refusals;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        // A bracketed IPv6 literal reaches the resolver without its brackets in some client paths.
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = resolver.resolve(name);
        for (InetAddress address : addresses) {
            Optional<String> refusal = policy.refusal(address);
            if (refusal.isPresent()) {
                refusals.increment();
                String resolved = address.getHostAddress().equals(name) ? "" : " (" + name + " resolves to it)";
                throw new TargetRefusedException("target not allowed: " + refusal.get() + resolved
                        + "; Foreman does not deliver to such addresses unless the operator allows them"
                        + " (foreman.worker.targets.allow)");
            }
        }
        return addresses;
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        return Arrays.stream(resolve(host))
                .map(address -> new InetSocketAddress(address, port))
                .toList();
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        // Only asked for SPNEGO/Kerberos, which Foreman never uses; answer without a lookup.
        return host;
    }
}
