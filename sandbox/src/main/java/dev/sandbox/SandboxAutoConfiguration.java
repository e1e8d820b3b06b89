package dev.sandbox;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Starts the sandbox inside a Spring Boot application when {@code sandbox.embedded=true}, and stops it with the
 * context. Properties: {@code sandbox.port} (8091; 0 picks a free port), {@code sandbox.host} (127.0.0.1; 0.0.0.0
 * for every interface), {@code sandbox.dedupe} (true), {@code sandbox.slow-answer-delay} (30s),
 * {@code sandbox.slow-card-delay} (2s), {@code sandbox.threads} (32), {@code sandbox.smtp-port} (3025; 0 picks a free
 * port), {@code sandbox.ship-delay} (5s), {@code sandbox.webhook-secret} ({@code sandbox-webhook-secret}).
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "sandbox", name = "embedded", havingValue = "true")
public class SandboxAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public SandboxServer sandboxServer(Environment environment) {
        SandboxServer server = SandboxServer.start(settings(Binder.get(environment)));
        System.getLogger(SandboxAutoConfiguration.class.getName()).log(System.Logger.Level.INFO,
                "Embedded sandbox payment provider and warehouse listening on {0}, SMTP sink on localhost:{1}",
                server.baseUri(), String.valueOf(server.smtpPort()));
        return server;
    }

    static SandboxSettings settings(Binder binder) {
        SandboxSettings defaults = SandboxSettings.defaults();
        return new SandboxSettings(
                binder.bind("sandbox.host", String.class).orElse(defaults.host()),
                binder.bind("sandbox.port", Integer.class).orElse(defaults.port()),
                binder.bind("sandbox.dedupe", Boolean.class).orElse(defaults.dedupeEnabled()),
                binder.bind("sandbox.slow-answer-delay", String.class).map(SandboxSettings::parseDuration)
                        .orElse(defaults.slowAnswerDelay()),
                binder.bind("sandbox.slow-card-delay", String.class).map(SandboxSettings::parseDuration)
                        .orElse(defaults.slowCardDelay()),
                binder.bind("sandbox.threads", Integer.class).orElse(defaults.threads()),
                binder.bind("sandbox.smtp-port", Integer.class).orElse(defaults.smtpPort()),
                binder.bind("sandbox.ship-delay", String.class).map(SandboxSettings::parseDuration)
                        .orElse(defaults.shipDelay()),
                binder.bind("sandbox.webhook-secret", String.class).orElse(defaults.webhookSecret()));
    }
}
