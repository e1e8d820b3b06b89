package dev.orderly.support;

import dev.orderly.OrderlyApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The whole app for tests that do not run under Spring's JUnit extension (jqwik properties, the benchmark): started
 * with exactly the settings of {@link OrderlySystemTest}, on a random port, plus the caller's properties, which win.
 */
public final class RunningApp implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private RunningApp(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static RunningApp start(String... extraProperties) {
        List<String> properties = new ArrayList<>(List.of(
                OrderlySystemTest.class.getAnnotation(SpringBootTest.class).properties()));
        properties.add("server.port=0");
        properties.addAll(List.of(extraProperties));
        // As command-line arguments, which win over application.yml (default properties would lose to it).
        return new RunningApp(new SpringApplicationBuilder(OrderlyApplication.class)
                .initializers(new SandboxInitializer())
                .run(properties.stream().map(property -> "--" + property).toArray(String[]::new)));
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
