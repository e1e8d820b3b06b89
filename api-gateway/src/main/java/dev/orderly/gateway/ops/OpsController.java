package dev.orderly.gateway.ops;

import dev.orderly.command.intake.PauseIntakeCommand;
import dev.orderly.command.intake.ResumeIntakeCommand;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.ResolvePaymentManuallyCommand;
import dev.orderly.gateway.payment.IntakeGuard;
import dev.orderly.query.intake.IntakeStatusView;
import dev.orderly.query.payment.FindPaymentsNeedingAttentionQuery;
import dev.orderly.query.payment.PaymentAttentionView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Operator endpoints: the manual-intervention queue, manual resolution, and the intake switch. */
@RestController
@RequestMapping("/api/ops")
@Tag(name = "Operations")
@Validated
class OpsController {

    private final CommandGateway commandGateway;
    private final QueryGateway queryGateway;
    private final IntakeGuard intake;

    OpsController(CommandGateway commandGateway, QueryGateway queryGateway, IntakeGuard intake) {
        this.commandGateway = commandGateway;
        this.queryGateway = queryGateway;
        this.intake = intake;
    }

    @GetMapping("/payments/attention")
    @Operation(operationId = "listPaymentsNeedingAttention", summary = "The manual-intervention queue, oldest first")
    List<PaymentAttentionView> attention(@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return queryGateway.query(new FindPaymentsNeedingAttentionQuery(limit),
                ResponseTypes.multipleInstancesOf(PaymentAttentionView.class)).join();
    }

    @PostMapping("/payments/{paymentId}/resolution")
    @Operation(operationId = "resolvePayment", summary = "Settle a payment that needs attention, on the record")
    @ApiResponse(responseCode = "200", description = "Resolved.")
    @ApiResponse(responseCode = "409", description = "`payment-not-needing-attention`.")
    Map<String, String> resolve(@PathVariable UUID paymentId,
                                @Valid @RequestBody OpsRequests.Resolve request) {
        commandGateway.sendAndWait(new ResolvePaymentManuallyCommand(new PaymentId(paymentId), request.operator(),
                request.resolution(), request.note()));
        return Map.of("paymentId", paymentId.toString(), "resolution", request.resolution().name());
    }

    @GetMapping("/intake")
    @Operation(operationId = "getIntake", summary = "Whether intake accepts new orders and payments, and why not")
    IntakeStatusView intake() {
        return intake.status();
    }

    @PostMapping("/intake/pause")
    @Operation(operationId = "pauseIntake", summary = "Pause new orders and payments, on every node")
    IntakeStatusView pause(@Valid @RequestBody OpsRequests.PauseIntake request) {
        commandGateway.sendAndWait(new PauseIntakeCommand(request.operator(), request.reason()));
        return intake.status();
    }

    @PostMapping("/intake/resume")
    @Operation(operationId = "resumeIntake", summary = "Resume new orders and payments, on every node")
    IntakeStatusView resume(@Valid @RequestBody OpsRequests.ResumeIntake request) {
        commandGateway.sendAndWait(new ResumeIntakeCommand(request.operator()));
        return intake.status();
    }
}
