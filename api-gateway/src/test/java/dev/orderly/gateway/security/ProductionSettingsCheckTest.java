package dev.orderly.gateway.security;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the {@code prod} profile refuses, one unsafe setting at a time on top of safe ones (the packaged jar's refusal
 * of all of them at once is {@code ProdProfileIT}'s).
 */
class ProductionSettingsCheckTest {

    private static final Map<String, String> SAFE = Map.of(
            "orderly.security.mode", "jwt",
            "orderly.security.jwt.audience", "orderly-api",
            "orderly.security.jwt.issuer", "https://id.example.com",
            "spring.security.oauth2.resourceserver.jwt.public-key-location", "file:/etc/orderly/jwt.pub",
            "orderly.webhooks.warehouse.secret", "a secret of our own",
            "orderly.payments.provider.base-url", "https://192.0.2.10",
            "orderly.effects.warehouse-base-url", "https://198.51.100.7:8443",
            "sandbox.embedded", "false");

    @Test
    void safe_settings_pass() {
        assertThat(ProductionSettingsCheck.violations(binder(Map.of()))).isEmpty();
    }

    @Test
    void each_unsafe_setting_is_refused_by_its_name() {
        Map<String, String> unsafe = Map.of(
                "sandbox.embedded", "true",
                "orderly.webhooks.warehouse.secret", "sandbox-webhook-secret",
                "orderly.security.mode", "basic",
                "orderly.security.users[0].name", "ops",
                "orderly.payments.provider.base-url", "http://localhost:8091",
                "orderly.effects.warehouse-base-url", "http://[::1]:8091",
                "orderly.security.jwt.audience", " ");
        unsafe.forEach((name, value) -> assertThat(ProductionSettingsCheck.violations(binder(Map.of(name, value))))
                .as("%s=%s", name, value).singleElement().asString().startsWith(name.replace("[0].name", "")));
    }

    @Test
    void leaving_out_the_urls_the_webhook_secret_the_jwt_key_or_the_issuer_is_refused_too() {
        for (String name : List.of("orderly.payments.provider.base-url", "orderly.effects.warehouse-base-url",
                "orderly.webhooks.warehouse.secret", "spring.security.oauth2.resourceserver.jwt.public-key-location",
                "orderly.security.jwt.issuer")) {
            Map<String, String> settings = new HashMap<>(SAFE);
            settings.remove(name);
            assertThat(ProductionSettingsCheck.violations(new Binder(new MapConfigurationPropertySource(settings))))
                    .as("without %s", name).singleElement().asString().contains(name.replaceAll(".*\\.", ""));
        }
        Map<String, String> issuerUri = new HashMap<>(SAFE);
        issuerUri.remove("orderly.security.jwt.issuer");
        issuerUri.remove("spring.security.oauth2.resourceserver.jwt.public-key-location");
        issuerUri.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", "https://id.example.com");
        assertThat(ProductionSettingsCheck.violations(new Binder(new MapConfigurationPropertySource(issuerUri))))
                .as("issuer-uri gives both the key and the issuer").isEmpty();
    }

    @Test
    void a_url_is_this_machine_by_name_by_loopback_or_wildcard_address_but_not_when_its_name_is_unknown() {
        for (String url : List.of("http://localhost:8091", "http://LOCALHOST", "http://payments.localhost:8091",
                "http://127.0.0.1:8091", "http://127.8.9.10", "http://[::1]:8091", "http://0.0.0.0:8091")) {
            assertThat(ProductionSettingsCheck.thisMachine(url)).as(url).isNotNull();
        }
        assertThat(ProductionSettingsCheck.thisMachine("not a url")).isNotNull();
        assertThat(ProductionSettingsCheck.thisMachine("/v1/payments")).isNotNull();
        assertThat(ProductionSettingsCheck.thisMachine("https://192.0.2.10:8443")).isNull();
        assertThat(ProductionSettingsCheck.thisMachine("https://payments.invalid")).as("unknown to DNS").isNull();
    }

    private static Binder binder(Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(SAFE);
        settings.putAll(overrides);
        return new Binder(new MapConfigurationPropertySource(settings));
    }
}
