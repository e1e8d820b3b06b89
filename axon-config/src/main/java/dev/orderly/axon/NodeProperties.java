package dev.orderly.axon;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.lang.management.ManagementFactory;
import java.util.UUID;

/**
 * Identity of this node among the nodes that share one database.
 *
 * @param id the owner name of this node's token claims. Two nodes with the same id would both believe they own a
 *           segment and process its events twice, so the default adds a random part to host and process id. Set it
 *           to a stable, unique name per node (a pod name) to let a restarted node take its claims back at once.
 */
@ConfigurationProperties("orderly.node")
public record NodeProperties(String id) {

    public NodeProperties {
        if (id == null || id.isBlank()) {
            id = ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }
}
