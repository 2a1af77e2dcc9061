package dev.foreman.api.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foreman.api.RunningApi;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

class ConnectionBoundIT extends RunningApi {
    /** About 50 KiB of Tomcat buffers each under load: 1,024 of them fit a 512 MiB heap with room. */
    private static final int MAX_CONNECTIONS = 1024;

    @Autowired
    private WebServerApplicationContext context;

    @Test
    void theRunningServerBoundsItsOpenConnectionsSoThatAnOverloadCannotFillTheHeap() {
        Connector connector =
                ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();

        assertThat(connector.getProperty("maxConnections")).isEqualTo(MAX_CONNECTIONS);
        assertThat(connector.getProperty("maxKeepAliveRequests")).isEqualTo(10_000);
    }
}
