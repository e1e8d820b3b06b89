package dev.orderly.projection.monitor;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param captureSettlementBound how long a captured payment may stay neither shipped nor refunded before the monitor
 *                               reports its order as overdue
 */
@ConfigurationProperties("orderly.monitor")
record MonitorProperties(@DefaultValue("72h") Duration captureSettlementBound) {
}
