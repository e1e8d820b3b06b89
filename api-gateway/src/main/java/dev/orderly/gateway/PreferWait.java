package dev.orderly.gateway;

import java.time.Duration;
import java.util.Optional;

/**
 * The {@code wait} preference of RFC 7240 ({@code Prefer: wait=5}): how many seconds a client is willing to wait for
 * an answer that is more than "still pending". Preferences are hints, so one that cannot be read is ignored, as the
 * RFC asks, and the server may wait less than preferred.
 */
public final class PreferWait {

    public static final String PREFER = "Prefer";
    public static final String PREFERENCE_APPLIED = "Preference-Applied";

    private PreferWait() {
    }

    /** The wait asked for in a {@code Prefer} header, at most {@code max}; empty when none was asked for. */
    public static Optional<Duration> parse(String header, Duration max) {
        if (header == null) {
            return Optional.empty();
        }
        for (String preference : header.split(",")) {
            String token = preference.split(";", 2)[0].trim();
            int equals = token.indexOf('=');
            if (equals > 0 && token.substring(0, equals).trim().equalsIgnoreCase("wait")) {
                String value = token.substring(equals + 1).trim();
                if (value.matches("\\d{1,9}")) {
                    Duration asked = Duration.ofSeconds(Long.parseLong(value));
                    return Optional.of(asked.compareTo(max) > 0 ? max : asked);
                }
            }
        }
        return Optional.empty();
    }

    /** The value of {@code Preference-Applied} for a wait of {@code wait}. */
    public static String applied(Duration wait) {
        return "wait=" + wait.toSeconds();
    }
}
