package dev.sandbox;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a sandbox is started.
 *
 * @param host            the address the HTTP and SMTP ports listen on; {@code 127.0.0.1} unless told otherwise
 *                        ({@code null} or blank too), because the admin endpoints and the mail list answer anyone
 *                        who reaches them; {@code 0.0.0.0} listens on every interface
 * @param port            the port; 0 picks a free one
 * @param dedupeEnabled   whether the payment provider starts with duplicate detection on (idempotency keys honoured)
 * @param slowAnswerDelay how long the payment provider waits before it answers a charge of the "timeout after commit"
 *                        card ({@code 4000000000000077})
 * @param slowCardDelay   how long the payment provider takes to charge the slow card ({@code 4000000000000341})
 * @param threads         the size of the server's thread pool
 * @param smtpPort        the port of the SMTP sink; 0 picks a free one
 * @param shipDelay       how long the warehouse takes from accepting a picklist to shipping it and sending the
 *                        shipment notice
 * @param webhookSecret   the key of the HMAC-SHA256 signature on the warehouse's shipment notices
 */
public record SandboxSettings(String host, int port, boolean dedupeEnabled, Duration slowAnswerDelay,
                              Duration slowCardDelay, int threads, int smtpPort, Duration shipDelay,
                              String webhookSecret) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8091;
    public static final Duration DEFAULT_SLOW_ANSWER_DELAY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_SLOW_CARD_DELAY = Duration.ofSeconds(2);
    public static final int DEFAULT_THREADS = 32;
    public static final int DEFAULT_SMTP_PORT = 3025;
    public static final Duration DEFAULT_SHIP_DELAY = Duration.ofSeconds(5);
    public static final String DEFAULT_WEBHOOK_SECRET = "sandbox-webhook-secret";

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    public SandboxSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535: " + port);
        }
        if (smtpPort < 0 || smtpPort > 65535) {
            throw new IllegalArgumentException("smtpPort must be between 0 and 65535: " + smtpPort);
        }
        Objects.requireNonNull(slowAnswerDelay, "slowAnswerDelay");
        Objects.requireNonNull(slowCardDelay, "slowCardDelay");
        Objects.requireNonNull(shipDelay, "shipDelay");
        if (slowAnswerDelay.isNegative() || slowCardDelay.isNegative() || shipDelay.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        if (webhookSecret == null || webhookSecret.isEmpty()) {
            throw new IllegalArgumentException("webhookSecret must not be empty");
        }
        host = host == null || host.isBlank() ? DEFAULT_HOST : host.trim();
    }

    /**
     * The settings of the payment provider only, with the warehouse and SMTP sink at their defaults (SMTP port 3025,
     * 5 s ship delay, webhook secret {@code sandbox-webhook-secret}).
     */
    public SandboxSettings(String host, int port, boolean dedupeEnabled, Duration slowAnswerDelay,
                           Duration slowCardDelay, int threads) {
        this(host, port, dedupeEnabled, slowAnswerDelay, slowCardDelay, threads, DEFAULT_SMTP_PORT,
                DEFAULT_SHIP_DELAY, DEFAULT_WEBHOOK_SECRET);
    }

    /**
     * Port 8091 on 127.0.0.1, duplicate detection on, 30 s slow answer, 2 s slow card, 32 threads, SMTP on
     * port 3025, 5 s ship delay, webhook secret {@code sandbox-webhook-secret}.
     */
    public static SandboxSettings defaults() {
        return new SandboxSettings(DEFAULT_HOST, DEFAULT_PORT, true, DEFAULT_SLOW_ANSWER_DELAY, DEFAULT_SLOW_CARD_DELAY,
                DEFAULT_THREADS, DEFAULT_SMTP_PORT, DEFAULT_SHIP_DELAY, DEFAULT_WEBHOOK_SECRET);
    }

    /** The defaults with a free HTTP port and a free SMTP port, as tests want them. */
    public static SandboxSettings onFreePort() {
        return defaults().withPort(0).withSmtpPort(0);
    }

    public SandboxSettings withHost(String host) {
        return new SandboxSettings(host, port, dedupeEnabled, slowAnswerDelay, slowCardDelay, threads, smtpPort,
                shipDelay, webhookSecret);
    }

    public SandboxSettings withPort(int port) {
        return new SandboxSettings(host, port, dedupeEnabled, slowAnswerDelay, slowCardDelay, threads, smtpPort,
                shipDelay, webhookSecret);
    }

    public SandboxSettings withDedupeEnabled(boolean dedupeEnabled) {
        return new SandboxSettings(host, port, dedupeEnabled, slowAnswerDelay, slowCardDelay, threads, smtpPort,
                shipDelay, webhookSecret);
    }

    public SandboxSettings withSlowAnswerDelay(Duration slowAnswerDelay) {
        return new SandboxSettings(host, port, dedupeEnabled, slowAnswerDelay, slowCardDelay, threads, smtpPort,
                shipDelay, webhookSecret);
    }

    public SandboxSettings withSlowCardDelay(Duration slowCardDelay) {
        return new SandboxSettings(host, port, dedupeEnabled, slowAnswerDelay, slowCardDelay, threads, smtpPort,
                shipDelay, webhookSecret);
    }

    public SandboxSettings withThreads(int threads) {
        return new SandboxSettings(host, port, dedupeEnabled, slowAnswerDelay, slowCardDelay, threads, smtpPort,
                shipDelay, webhookSecret);
    }

    public SandboxSettings withSmtpPort(int smtpPort) {
        return new SandboxSettings(host, port, dedupeEnabled, slowAnswerDelay, slowCardDelay, threads, smtpPort,
                shipDelay, webhookSecret);
    }

    public SandboxSettings withShipDelay(Duration shipDelay) {
        return new SandboxSettings(host, port, dedupeEnabled, slowAnswerDelay, slowCardDelay, threads, smtpPort,
                shipDelay, webhookSecret);
    }

    public SandboxSettings withWebhookSecret(String webhookSecret) {
        return new SandboxSettings(host, port, dedupeEnabled, slowAnswerDelay, slowCardDelay, threads, smtpPort,
                shipDelay, webhookSecret);
    }

    /**
     * Reads command-line options: {@code --port=N}, {@code --host=H}, {@code --dedupe=true|false},
     * {@code --slow-answer-delay=30s}, {@code --slow-card-delay=2s}, {@code --threads=N}, {@code --smtp-port=N},
     * {@code --ship-delay=5s}, {@code --webhook-secret=S}.
     *
     * @throws IllegalArgumentException for an unknown option or a bad value
     */
    public static SandboxSettings fromArgs(String... args) {
        SandboxSettings settings = defaults();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Expected --name=value but got: " + arg);
            }
            String name = arg.substring(2, arg.indexOf('='));
            String value = arg.substring(arg.indexOf('=') + 1);
            settings = switch (name) {
                case "host" -> settings.withHost(value);
                case "port" -> settings.withPort(parseInt(name, value));
                case "dedupe" -> settings.withDedupeEnabled(parseBoolean(name, value));
                case "slow-answer-delay" -> settings.withSlowAnswerDelay(parseDuration(value));
                case "slow-card-delay" -> settings.withSlowCardDelay(parseDuration(value));
                case "threads" -> settings.withThreads(parseInt(name, value));
                case "smtp-port" -> settings.withSmtpPort(parseInt(name, value));
                case "ship-delay" -> settings.withShipDelay(parseDuration(value));
                case "webhook-secret" -> settings.withWebhookSecret(value);
                default -> throw new IllegalArgumentException("Unknown option: --" + name);
            };
        }
        return settings;
    }

    /**
     * Parses {@code 250ms}, {@code 3s}, {@code 2m}, {@code 1h}, a bare number of milliseconds, or an ISO-8601
     * duration such as {@code PT30S}.
     */
    public static Duration parseDuration(String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE_DURATION.matcher(value);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "ms" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("Not a duration (try 250ms, 3s, 2m or PT30S): " + text);
        }
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " needs a number: " + value);
        }
    }

    private static boolean parseBoolean(String name, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> throw new IllegalArgumentException("--" + name + " needs true or false: " + value);
        };
    }
}
