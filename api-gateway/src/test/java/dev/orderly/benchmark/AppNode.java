package dev.orderly.benchmark;

import dev.orderly.OrderlyApplication;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.SandboxInitializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

/**
 * One running Orderly, started with the settings of {@link OrderlySystemTest} (sandbox in this JVM, rate limit
 * lifted) on a database of the benchmark's server, plus whatever processor settings a scenario wants to compare.
 */
final class AppNode implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private AppNode(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static AppNode start(String name, String jdbcUrl, List<String> extraProperties) {
        List<String> properties = new ArrayList<>(List.of(
                OrderlySystemTest.class.getAnnotation(SpringBootTest.class).properties()));
        properties.add("server.port=0");
        properties.add("orderly.node.id=benchmark-" + name);
        properties.add("spring.datasource.url=" + jdbcUrl);
        properties.add("spring.datasource.username=postgres");
        properties.add("spring.datasource.password=postgres");
        // The table is the output; the app's own INFO lines would bury it.
        properties.add("logging.level.root=WARN");
        properties.add("spring.main.banner-mode=off");
        properties.addAll(extraProperties);
        // As command-line arguments: default properties would lose to application.yml's processor settings.
        return new AppNode(new SpringApplicationBuilder(OrderlyApplication.class)
                .initializers(new SandboxInitializer())
                .run(properties.stream().map(property -> "--" + property).toArray(String[]::new)));
    }

    int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
