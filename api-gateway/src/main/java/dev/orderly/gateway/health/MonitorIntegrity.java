package dev.orderly.gateway.health;

import dev.orderly.query.monitor.FindMonitorIntegrityQuery;
import dev.orderly.query.monitor.MonitorIntegrityView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The invariant monitor's findings in short, asked of the monitor's query handler wherever it runs. */
@Component
class MonitorIntegrity {

    /** A health check or a gauge refresh must not hang on a query that does not come back. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final QueryGateway queryGateway;

    MonitorIntegrity(QueryGateway queryGateway) {
        this.queryGateway = queryGateway;
    }

    MonitorIntegrityView read() {
        return queryGateway.query(new FindMonitorIntegrityQuery(), ResponseTypes.instanceOf(MonitorIntegrityView.class))
                .orTimeout(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join();
    }
}
