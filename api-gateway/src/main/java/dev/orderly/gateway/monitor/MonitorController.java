package dev.orderly.gateway.monitor;

import dev.orderly.query.monitor.FindMonitorStatusQuery;
import dev.orderly.query.monitor.MonitorStatusView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The runtime-verification monitor's report. */
@RestController
@Validated
@Tag(name = "Operations")
class MonitorController {

    private final QueryGateway queryGateway;

    MonitorController(QueryGateway queryGateway) {
        this.queryGateway = queryGateway;
    }

    @GetMapping("/api/monitor")
    @Operation(operationId = "getMonitor", summary = "The invariant monitor: status, lag, violations, overdue orders")
    MonitorStatusView status(@RequestParam(defaultValue = "20") @Min(0) @Max(1000) int violations) {
        return queryGateway.query(new FindMonitorStatusQuery(violations),
                ResponseTypes.instanceOf(MonitorStatusView.class)).join();
    }
}
