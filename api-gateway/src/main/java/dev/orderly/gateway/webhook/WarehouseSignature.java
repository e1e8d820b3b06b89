package dev.orderly.gateway.webhook;

import dev.orderly.gateway.problem.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a warehouse signs its shipment notices, and how Orderly checks them: {@code X-Orderly-Signature: sha256=<hex>},
 * the lower-case HMAC-SHA256 keyed with the shared secret over {@code <X-Orderly-Timestamp> + "." + <raw body>}, and
 * a timestamp (Unix seconds) no further from now than the tolerance, so that a captured notice cannot be replayed
 * later. The headers are checked before the body is read; the digest after.
 *
 * <p>Earlier releases named the headers {@code X-Sandbox-Signature} and {@code X-Sandbox-Timestamp}, after the
 * sandbox. A warehouse still configured that way (or a notice in its retry queue across a rolling upgrade) is accepted
 * for one more release: the same check under the old names, used only when neither new header is sent.
 */
public final class WarehouseSignature {

    public static final String SIGNATURE_HEADER = "X-Orderly-Signature";
    public static final String TIMESTAMP_HEADER = "X-Orderly-Timestamp";
    /** The signature header of earlier releases; accepted until the next one, when neither new header is sent. */
    public static final String LEGACY_SIGNATURE_HEADER = "X-Sandbox-Signature";
    /** The timestamp header of earlier releases; see {@link #LEGACY_SIGNATURE_HEADER}. */
    public static final String LEGACY_TIMESTAMP_HEADER = "X-Sandbox-Timestamp";

    private static final Logger log = LoggerFactory.getLogger(WarehouseSignature.class);
    private static final String PREFIX = "sha256=";

    private final byte[] secret;
    private final Duration tolerance;
    private final Clock clock;
    private final AtomicBoolean legacyNoticed = new AtomicBoolean();

    WarehouseSignature(String secret, Duration tolerance, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /** The value of {@link #SIGNATURE_HEADER} for {@code body} signed at {@code timestamp}: what a warehouse sends. */
    public static String sign(String secret, long timestamp, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8),
                Long.toString(timestamp), body));
    }

    /**
     * What the headers claim, if they are present, well formed and recent; nothing of the body is read. The new names
     * are taken as a pair whenever either is sent, so that old and new headers never mix.
     *
     * @throws ApiProblem {@code 401 invalid-signature}
     */
    Claim claim(String timestamp, String signature, String legacyTimestamp, String legacySignature) {
        if (timestamp == null && signature == null && (legacyTimestamp != null || legacySignature != null)) {
            if (legacyNoticed.compareAndSet(false, true)) {
                log.warn("A warehouse notice came signed under {} and {}, which the next release will refuse; "
                        + "have the warehouse send {} and {}", LEGACY_SIGNATURE_HEADER, LEGACY_TIMESTAMP_HEADER,
                        SIGNATURE_HEADER, TIMESTAMP_HEADER);
            }
            return claim(legacyTimestamp, legacySignature);
        }
        return claim(timestamp, signature);
    }

    private Claim claim(String timestamp, String signature) {
        if (timestamp == null || signature == null || !signature.startsWith(PREFIX)) {
            throw unauthorized("the notice is not signed");
        }
        Instant signedAt;
        try {
            signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        } catch (NumberFormatException e) {
            throw unauthorized("the notice's timestamp is not a number");
        } catch (DateTimeException e) {
            throw unauthorized("the notice's timestamp is not a time");
        }
        Duration age = Duration.between(signedAt, clock.instant()).abs();
        if (age.compareTo(tolerance) > 0) {
            throw unauthorized("the notice's timestamp is " + age.toSeconds() + " s away from now");
        }
        try {
            return new Claim(timestamp, HexFormat.of().parseHex(signature.substring(PREFIX.length())));
        } catch (IllegalArgumentException e) {
            throw unauthorized("the signature is not hexadecimal");
        }
    }

    /**
     * Checks the claimed digest against the body as received, in constant time.
     *
     * @throws ApiProblem {@code 401 invalid-signature}
     */
    void verify(Claim claim, byte[] body) {
        if (!MessageDigest.isEqual(hmac(secret, claim.timestamp(), body), claim.digest())) {
            throw unauthorized("the signature does not match");
        }
    }

    private static byte[] hmac(byte[] key, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
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

    /** The timestamp as sent (the digest covers its text) and the digest the signature header claims. */
    record Claim(String timestamp, byte[] digest) {
    }
}
