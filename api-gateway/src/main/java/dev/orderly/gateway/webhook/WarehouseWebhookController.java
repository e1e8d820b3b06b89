package dev.orderly.gateway.webhook;

import dev.orderly.gateway.problem.ApiProblem;
import dev.orderly.gateway.web.RequestBodyTooLargeException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;

/**
 * Shipment notices from the warehouse, at the HTTP edge: no user signs in here, so the request is read no further than
 * {@link WarehouseSignature} lets it, and a verified notice goes to the {@link ShipmentNoticeInbox}, which acts on it
 * once per shipment id, however often the warehouse delivers it.
 */
@RestController
@Tag(name = "Webhooks", description = "Calls from partners' servers, trusted by their HMAC signature, not a login.")
class WarehouseWebhookController {

    private static final Logger log = LoggerFactory.getLogger(WarehouseWebhookController.class);

    private final WarehouseSignature signatures;
    private final WebhookProperties limits;
    private final ShipmentNoticeInbox inbox;

    WarehouseWebhookController(WarehouseWebhookProperties properties, WebhookProperties limits,
                               ShipmentNoticeInbox inbox) {
        this.signatures = new WarehouseSignature(properties.secret(), properties.tolerance(), Clock.systemUTC());
        this.limits = limits;
        this.inbox = inbox;
    }

    /**
     * Checks the signature headers first, then reads at most {@code orderly.webhooks.max-body} of the body, then
     * verifies the signature over what it read, and only then parses it: an unsigned or oversized request costs no
     * more than its headers and the limit.
     */
    @PostMapping("/api/webhooks/warehouse")
    @Operation(operationId = "receiveShipmentNotice", summary = "A shipment notice from the warehouse",
            description = "Signed, not logged in: `X-Orderly-Signature` carries the HMAC-SHA256, with the shared "
                    + "secret, of `X-Orderly-Timestamp + \".\" + body`. Acted on once per `shipmentId`, however often "
                    + "it is delivered.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schemaProperties = {
                    @SchemaProperty(name = "shipmentId", schema = @Schema(type = "string",
                            requiredMode = Schema.RequiredMode.REQUIRED)),
                    @SchemaProperty(name = "orderReference", schema = @Schema(type = "string", format = "uuid",
                            requiredMode = Schema.RequiredMode.REQUIRED)),
                    @SchemaProperty(name = "carrier", schema = @Schema(type = "string")),
                    @SchemaProperty(name = "trackingNumber", schema = @Schema(type = "string"))})))
    @ApiResponse(responseCode = "200", description = "Acted on (`accepted`), or delivered before (`duplicate`).",
            content = @Content(mediaType = "application/json", schemaProperties = {
                    @SchemaProperty(name = "shipmentId", schema = @Schema(type = "string")),
                    @SchemaProperty(name = "status", schema = @Schema(type = "string",
                            allowableValues = {"accepted", "duplicate"}))}))
    @ApiResponse(responseCode = "400", description = "`invalid-request`: not JSON, or without `shipmentId` and "
            + "`orderReference`.")
    @ApiResponse(responseCode = "401", description = "`invalid-signature`: unsigned, signed wrongly, or with a "
            + "timestamp outside `orderly.webhooks.warehouse.tolerance`; `unauthenticated`: it sent wrong credentials "
            + "(it needs none).")
    @ApiResponse(responseCode = "404", description = "`not-found`: `orderReference` names no order.")
    Map<String, String> shipmentNotice(
            @Parameter(description = "Unix seconds when the warehouse signed the notice.")
            @RequestHeader(value = WarehouseSignature.TIMESTAMP_HEADER, required = false) String timestamp,
            @Parameter(description = "`sha256=` and the hex HMAC-SHA256 of `timestamp + \".\" + body`.")
            @RequestHeader(value = WarehouseSignature.SIGNATURE_HEADER, required = false) String signature,
            @Parameter(deprecated = true, description = "The timestamp header's name before `X-Orderly-Timestamp`; "
                    + "accepted for one more release when neither `X-Orderly-*` header is sent.")
            @RequestHeader(value = WarehouseSignature.LEGACY_TIMESTAMP_HEADER, required = false)
            String legacyTimestamp,
            @Parameter(deprecated = true, description = "The signature header's name before `X-Orderly-Signature`; "
                    + "accepted for one more release when neither `X-Orderly-*` header is sent.")
            @RequestHeader(value = WarehouseSignature.LEGACY_SIGNATURE_HEADER, required = false)
            String legacySignature,
            HttpServletRequest request) throws IOException {
        WarehouseSignature.Claim claim = signatures.claim(timestamp, signature, legacyTimestamp, legacySignature);
        byte[] body = boundedBody(request);
        signatures.verify(claim, body);
        ShipmentNotice notice = ShipmentNotice.parse(body);
        return Map.of("shipmentId", notice.shipmentId(), "status", inbox.receive(notice) ? "accepted" : "duplicate");
    }

    /**
     * The body, if it is within the limit: a declared length over it is refused unread, and a body of unknown length
     * (chunked) is read one byte past the limit at most.
     */
    private byte[] boundedBody(HttpServletRequest request) throws IOException {
        long limit = limits.maxBody().toBytes();
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        byte[] body = request.getInputStream().readNBytes(Math.toIntExact(limit + 1));
        if (body.length > limit) {
            throw tooLarge(limit);
        }
        return body;
    }

    private static ApiProblem tooLarge(long limit) {
        log.warn("Refused a warehouse notice over {} bytes", limit);
        return RequestBodyTooLargeException.problem(limit);
    }
}
