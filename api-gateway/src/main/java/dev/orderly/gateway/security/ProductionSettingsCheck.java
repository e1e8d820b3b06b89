package dev.orderly.gateway.security;

import dev.orderly.gateway.webhook.WarehouseWebhookProperties;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Profiles;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The defaults make a fresh clone run on one machine: the sandbox inside the app, the payment provider and the
 * warehouse on {@code localhost}, demonstration users whose passwords the README prints, and the sandbox's webhook
 * secret. Each is a hole in production, so the {@code prod} profile refuses to start with any of them, and without
 * what JWT mode needs to tell a token meant for Orderly from any other. The check runs as soon as the settings are
 * known, before the context exists (nothing heavy has started: no database, no Axon, no sandbox), and names every
 * setting to change at once, so that one restart can fix them all.
 */
final class ProductionSettingsCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    static final String PROFILE = "prod";

    private static final String JWT = "spring.security.oauth2.resourceserver.jwt.";
    private static final String ISSUER_URI = JWT + "issuer-uri";
    private static final String WEBHOOK_SECRET = "orderly.webhooks.warehouse.secret";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (event.getEnvironment().acceptsProfiles(Profiles.of(PROFILE))) {
            List<String> violations = violations(Binder.get(event.getEnvironment()));
            if (!violations.isEmpty()) {
                throw new UnsafeProductionSettingsException(violations);
            }
        }
    }

    /** After the configuration files are read and logging is set up, so that the refusal is logged as prod logs. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Every unsafe setting, each naming the property and what to set instead; empty when there is none. */
    static List<String> violations(Binder settings) {
        List<String> violations = new ArrayList<>();
        if (settings.bind("sandbox.embedded", Boolean.class).orElse(false)) {
            violations.add("sandbox.embedded is true: the simulated payment provider, warehouse and mail sink would "
                    + "run inside this node, with admin endpoints that need no credentials and every customer e-mail "
                    + "at /mail/messages. Set sandbox.embedded=false.");
        }
        String secret = settings.bindOrCreate("orderly.webhooks.warehouse", WarehouseWebhookProperties.class).secret();
        if (blank(secret) || secret.equals(defaultWebhookSecret())) {
            violations.add(WEBHOOK_SECRET + (blank(secret) ? " is empty" : " is the sandbox's secret, which the "
                    + "README prints") + ": anyone could sign a shipment notice. Set the secret you share with your "
                    + "warehouse.");
        }
        SecurityProperties security = settings.bindOrCreate("orderly.security", SecurityProperties.class);
        if (security.mode() != SecurityProperties.Mode.JWT) {
            violations.add("orderly.security.mode is " + security.mode().name().toLowerCase(Locale.ROOT)
                    + ": HTTP Basic is for local runs. Set orderly.security.mode=jwt (the prod profile's own value).");
        }
        if (!security.users().isEmpty()) {
            violations.add("orderly.security.users configures Basic users (" + security.users().size() + "; the "
                    + "demonstration accounts' passwords are in the README). Remove them: orderly.security.users=[] "
                    + "(the prod profile's own value).");
        }
        checkUrl(settings, "orderly.payments.provider.base-url", "the payment provider", violations);
        checkUrl(settings, "orderly.effects.warehouse-base-url", "the warehouse", violations);
        if (Stream.of(ISSUER_URI, JWT + "jwk-set-uri", JWT + "public-key-location")
                .allMatch(name -> blank(settings, name))) {
            violations.add("no key verifies the JWTs: set " + ISSUER_URI + ", " + JWT + "jwk-set-uri or "
                    + JWT + "public-key-location.");
        }
        if (blank(security.jwt().audience())) {
            violations.add("orderly.security.jwt.audience is not set: a token your identity provider issued for "
                    + "another application would be accepted. Set the audience (aud) it issues Orderly's tokens for.");
        }
        if (blank(security.jwt().issuer()) && blank(settings, ISSUER_URI)) {
            violations.add("no issuer is checked: set " + ISSUER_URI + ", or orderly.security.jwt.issuer with the "
                    + "iss of your identity provider's tokens.");
        }
        return violations;
    }

    private static void checkUrl(Binder settings, String name, String what, List<String> violations) {
        String url = settings.bind(name, String.class).orElse(null);
        String problem = blank(url) ? "is not set, and its default is the sandbox on this machine" : thisMachine(url);
        if (problem != null) {
            violations.add(name + " " + problem + ". Set the URL of " + what + ".");
        }
    }

    /**
     * Why {@code url} points at this machine (or nowhere), or {@code null} when it does not. A name the resolver does
     * not know yet is let through: DNS may lag behind a node's start, and it is not this machine as far as anyone can
     * tell.
     */
    static String thisMachine(String url) {
        String host;
        try {
            host = new URI(url.trim()).getHost();
        } catch (URISyntaxException e) {
            return "is not a URL (" + url + ")";
        }
        if (host == null) {
            return "names no host (" + url + ")";
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return "is " + url + ", this machine";
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
                    boolean literal = host.startsWith("[") || host.chars().noneMatch(Character::isLetter);
                    return "is " + url + ", this machine" + (literal ? ""
                            : " (" + host + " is " + address.getHostAddress() + ")");
                }
            }
        } catch (UnknownHostException notResolvableYet) {
            return null;
        }
        return null;
    }

    /** The secret {@link WarehouseWebhookProperties} falls back to, read from its own declaration. */
    private static String defaultWebhookSecret() {
        return new Binder().bindOrCreate("orderly.webhooks.warehouse", WarehouseWebhookProperties.class).secret();
    }

    private static boolean blank(Binder settings, String name) {
        return blank(settings.bind(name, String.class).orElse(null));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
