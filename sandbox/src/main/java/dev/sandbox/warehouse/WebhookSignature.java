package dev.sandbox.warehouse;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * How the warehouse signs its shipment notices: {@code X-Orderly-Signature: sha256=<hex>} where hex is the lower-case
 * HMAC-SHA256, keyed with the webhook secret, of {@code <X-Orderly-Timestamp> + "." + <raw body>}. The names are the
 * receiver's (Orderly's), as a real warehouse lets its client choose them; the sandbox follows.
 */
public final class WebhookSignature {

    public static final String TIMESTAMP_HEADER = "X-Orderly-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Orderly-Signature";
    public static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    /** The value of the signature header, {@code sha256=<lower-case hex>}. */
    public static String sign(String secret, long epochSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((epochSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
