package dev.orderly.benchmark;

import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.RunningApp;

import java.util.ArrayList;
import java.util.List;

/**
 * One running Orderly, started with the settings of {@link OrderlySystemTest} (sandbox in this JVM, rate limit
 * lifted) on a database of the benchmark's server, plus whatever processor settings a scenario wants to compare.
 */
final class AppNode implements AutoCloseable {

    private final RunningApp app;

    private AppNode(RunningApp app) {
        this.app = app;
    }

    static AppNode start(String name, String jdbcUrl, List<String> extraProperties) {
        List<String> properties = new ArrayList<>(List.of(
                "orderly.node.id=benchmark-" + name,
                "spring.datasource.url=" + jdbcUrl,
                "spring.datasource.username=postgres",
                "spring.datasource.password=postgres",
                // The table is the output; the app's own INFO lines would bury it.
                "logging.level.root=WARN",
                "spring.main.banner-mode=off"));
        properties.addAll(extraProperties);
        return new AppNode(RunningApp.start(properties.toArray(String[]::new)));
    }

    int port() {
        return app.port();
    }

    <T> T bean(Class<T> type) {
        return app.bean(type);
    }

    @Override
    public void close() {
        app.close();
    }
}
