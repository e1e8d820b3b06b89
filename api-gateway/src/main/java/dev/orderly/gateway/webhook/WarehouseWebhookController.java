package dev.orderly.gateway.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.order.FlagOrderForAttentionCommand;
import dev.orderly.command.order.MarkOrderShippedCommand;
import dev.orderly.command.order.OrderId;
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
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * Shipment notices from the warehouse. No user signs in here: a notice is trusted only if its HMAC-SHA256 signature
 * over {@code timestamp + "." + body} matches the shared secret and its timestamp is recent. A notice is acted on
 * once per shipment id, however often the warehouse delivers it.
 */
@RestController
@Tag(name = "Webhooks", description = "Calls from partners' servers, trusted by their HMAC signature, not a login.")
class WarehouseWebhookController {

    private static final Logger log = LoggerFactory.getLogger(WarehouseWebhookController.class);
    private static final String SOURCE = "warehouse";

    private final WarehouseWebhookProperties properties;
    private final WebhookProperties limits;
    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ObjectMapper json = new ObjectMapper();

    WarehouseWebhookController(WarehouseWebhookProperties properties, WebhookProperties limits,
                               CommandGateway commands, JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.properties = properties;
        this.limits = limits;
        this.commands = commands;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Checks the signature headers first, then reads at most {@code orderly.webhooks.max-body} of the body, then
     * verifies the signature over what it read, and only then parses it: an unsigned or oversized request costs no
     * more than its headers and the limit.
     */
    @PostMapping("/api/webhooks/warehouse")
    @Operation(operationId = "receiveShipmentNotice", summary = "A shipment notice from the warehouse",
            description = "Signed, not logged in: HMAC-SHA256 with the shared secret over `timestamp + \".\" + body`. "
                    + "Acted on once per `shipmentId`, however often it is delivered.",
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
            @RequestHeader(value = "X-Sandbox-Timestamp", required = false) String timestamp,
            @Parameter(description = "`sha256=` and the hex HMAC-SHA256 of `timestamp + \".\" + body`.")
            @RequestHeader(value = "X-Sandbox-Signature", required = false) String signature,
            HttpServletRequest request) throws IOException {
        byte[] claimed = signatureOf(timestamp, signature);
        byte[] body = boundedBody(request);
        if (!MessageDigest.isEqual(hmac(timestamp, body), claimed)) {
            throw unauthorized("the signature does not match");
        }
        JsonNode notice;
        try {
            notice = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "the notice is not JSON");
        }
        String shipmentId = notice.path("shipmentId").asText("");
        String orderReference = notice.path("orderReference").asText("");
        if (shipmentId.isBlank() || orderReference.isBlank()) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "a notice needs shipmentId and "
                    + "orderReference");
        }
        OrderId orderId;
        try {
            orderId = OrderId.of(orderReference);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "orderReference is not an order id");
        }
        // The dedupe row and the command commit together: a notice is acted on exactly once, even when two
        // deliveries race or the first one fails half-way.
        boolean handled = Boolean.TRUE.equals(transactions.execute(status -> {
            if (jdbc.update("INSERT INTO inbound_webhook (source, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    SOURCE, shipmentId) == 0) {
                return false;
            }
            try {
                commands.sendAndWait(new MarkOrderShippedCommand(orderId, shipmentId,
                        notice.path("carrier").asText(""), notice.path("trackingNumber").asText("")));
            } catch (CommandRefusedException refused) {
                commands.sendAndWait(new FlagOrderForAttentionCommand(orderId, "the warehouse shipped it ("
                        + shipmentId + ") but " + refused.getMessage()));
            }
            return true;
        }));
        if (!handled) {
            log.info("Shipment notice {} delivered again; already handled", shipmentId);
            return Map.of("shipmentId", shipmentId, "status", "duplicate");
        }
        return Map.of("shipmentId", shipmentId, "status", "accepted");
    }

    /** The signature the headers claim, if they are present, well formed and recent; nothing of the body is read. */
    private byte[] signatureOf(String timestamp, String signature) {
        if (timestamp == null || signature == null || !signature.startsWith("sha256=")) {
            throw unauthorized("the notice is not signed");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw unauthorized("the notice's timestamp is not a number");
        }
        Duration age = Duration.between(Instant.ofEpochSecond(seconds), Instant.now()).abs();
        if (age.compareTo(properties.tolerance()) > 0) {
            throw unauthorized("the notice's timestamp is " + age.toSeconds() + " s away from now");
        }
        try {
            return HexFormat.of().parseHex(signature.substring("sha256=".length()));
        } catch (IllegalArgumentException e) {
            throw unauthorized("the signature is not hexadecimal");
        }
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

    private byte[] hmac(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(properties.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static ApiProblem unauthorized(String detail) {
        log.warn("Refused a warehouse notice: {}", detail);
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "invalid-signature", detail);
    }
}
