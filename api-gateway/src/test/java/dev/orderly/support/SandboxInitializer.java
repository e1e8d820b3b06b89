package dev.orderly.support;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Points the app under test at the test JVM's sandbox. */
public class SandboxInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of("orderly.payments.provider.base-url=" + TestSandbox.baseUrl())
                .applyTo(context.getEnvironment());
    }
}
