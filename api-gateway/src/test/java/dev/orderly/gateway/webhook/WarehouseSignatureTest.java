package dev.orderly.gateway.webhook;

import dev.orderly.gateway.problem.ApiProblem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The webhook's signature scheme, on a fixed clock: what it accepts, what it refuses, and under which names. */
class WarehouseSignatureTest {

    private static final String SECRET = "sandbox-webhook-secret";
    private static final long SIGNED_AT = 1_735_725_600L;
    private static final byte[] BODY = "{\"shipmentId\":\"shp_1\"}".getBytes(StandardCharsets.UTF_8);
    /** Computed outside Java (Python's hmac module), so that signer and checker cannot share a mistake. */
    private static final String KNOWN_SIGNATURE =
            "sha256=e882b5c3ce796b4ff878f4f3ebc2d61c5c3f1c3fe24dddfec2b76cd6b72428c9";

    private final WarehouseSignature signatures = new WarehouseSignature(SECRET, Duration.ofMinutes(5),
            Clock.fixed(Instant.ofEpochSecond(SIGNED_AT).plusSeconds(30), ZoneOffset.UTC));

    @Test
    void signs_with_hmac_sha256_over_the_timestamp_a_dot_and_the_raw_body() {
        assertThat(WarehouseSignature.sign(SECRET, SIGNED_AT, BODY)).isEqualTo(KNOWN_SIGNATURE);
    }

    @Test
    void accepts_a_notice_signed_under_the_new_names() {
        WarehouseSignature.Claim claim = signatures.claim(Long.toString(SIGNED_AT), KNOWN_SIGNATURE, null, null);

        assertThatCode(() -> signatures.verify(claim, BODY)).doesNotThrowAnyException();
    }

    @Test
    void accepts_a_notice_signed_under_the_old_names_when_no_new_name_is_sent() {
        WarehouseSignature.Claim claim = signatures.claim(null, null, Long.toString(SIGNED_AT), KNOWN_SIGNATURE);

        assertThatCode(() -> signatures.verify(claim, BODY)).doesNotThrowAnyException();
    }

    @Test
    void takes_the_new_names_as_a_pair_so_an_old_signature_never_completes_a_new_timestamp() {
        assertRefused(() -> signatures.claim(Long.toString(SIGNED_AT), null, Long.toString(SIGNED_AT),
                KNOWN_SIGNATURE), "not signed");
        assertRefused(() -> signatures.verify(signatures.claim(Long.toString(SIGNED_AT), "sha256=" + "00".repeat(32),
                Long.toString(SIGNED_AT), KNOWN_SIGNATURE), BODY), "does not match");
    }

    @Test
    void refuses_a_body_changed_after_signing_and_a_signature_made_with_another_secret() {
        WarehouseSignature.Claim claim = signatures.claim(Long.toString(SIGNED_AT), KNOWN_SIGNATURE, null, null);
        byte[] changed = "{\"shipmentId\":\"shp_2\"}".getBytes(StandardCharsets.UTF_8);
        String guessed = WarehouseSignature.sign("guessed-secret", SIGNED_AT, BODY);

        assertRefused(() -> signatures.verify(claim, changed), "does not match");
        assertRefused(() -> signatures.verify(signatures.claim(Long.toString(SIGNED_AT), guessed, null, null), BODY),
                "does not match");
    }

    @Test
    void refuses_the_same_signature_under_a_timestamp_it_was_not_made_for() {
        String other = Long.toString(SIGNED_AT + 1);

        assertRefused(() -> signatures.verify(signatures.claim(other, KNOWN_SIGNATURE, null, null), BODY),
                "does not match");
    }

    @Test
    void refuses_a_timestamp_outside_the_tolerance_in_either_direction_before_the_body_is_read() {
        String stale = Long.toString(SIGNED_AT - Duration.ofMinutes(10).toSeconds());
        String future = Long.toString(SIGNED_AT + Duration.ofMinutes(10).toSeconds());

        assertRefused(() -> signatures.claim(stale, KNOWN_SIGNATURE, null, null), "away from now");
        assertRefused(() -> signatures.claim(future, KNOWN_SIGNATURE, null, null), "away from now");
    }

    @Test
    void refuses_malformed_headers_as_unsigned_rather_than_failing() {
        assertRefused(() -> signatures.claim(null, null, null, null), "not signed");
        assertRefused(() -> signatures.claim(Long.toString(SIGNED_AT), KNOWN_SIGNATURE.substring(7), null, null),
                "not signed");
        assertRefused(() -> signatures.claim("yesterday", KNOWN_SIGNATURE, null, null), "not a number");
        assertRefused(() -> signatures.claim("99999999999999999999", KNOWN_SIGNATURE, null, null), "not a number");
        assertRefused(() -> signatures.claim(Long.toString(Long.MAX_VALUE), KNOWN_SIGNATURE, null, null),
                "not a time");
        assertRefused(() -> signatures.claim(Long.toString(SIGNED_AT), "sha256=zz", null, null), "not hexadecimal");
        assertRefused(() -> signatures.claim(Long.toString(SIGNED_AT), "sha256=abc", null, null), "not hexadecimal");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String detail) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiProblem.class, problem -> {
            assertThat(problem.status().value()).isEqualTo(401);
            assertThat(problem.code()).isEqualTo("invalid-signature");
            assertThat(problem.getMessage()).contains(detail);
        });
    }
}
