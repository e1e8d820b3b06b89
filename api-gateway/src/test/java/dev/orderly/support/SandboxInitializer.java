package dev.orderly.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points the app under test at the test JVM's sandbox: payment provider, warehouse and SMTP sink. */
public class SandboxInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of("orderly.payments.provider.base-url=" + TestSandbox.baseUrl(),
                        "orderly.effects.warehouse-base-url=" + TestSandbox.baseUrl(),
                        "spring.mail.port=" + TestSandbox.smtpPort())
                .applyTo(context.getEnvironment());
    }
}
