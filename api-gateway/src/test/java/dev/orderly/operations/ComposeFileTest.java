package dev.orderly.operations;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code compose.yaml}, the optional PostgreSQL server, read as Compose reads it (no container engine runs here):
 * a durable PostgreSQL 17 on a named volume, reachable from this machine only, healthy once it accepts connections,
 * and the {@code SPRING_DATASOURCE_*} line its header tells users to run naming the very database, user, password
 * and port it creates.
 */
class ComposeFileTest {

    private static final Path COMPOSE = OpsFiles.resolve("compose.yaml");
    private static final Pattern DATASOURCE = Pattern.compile(
            "SPRING_DATASOURCE_URL=jdbc:postgresql://localhost:(\\d+)/(\\w+) "
                    + "SPRING_DATASOURCE_USERNAME=(\\w+) \\\\\\s*#\\s*"
                    + "SPRING_DATASOURCE_PASSWORD=(\\w+) java -jar api-gateway/target/orderly\\.jar");

    private static Map<String, Object> compose;
    private static Map<String, Object> postgres;

    @BeforeAll
    static void read() throws IOException {
        try (Reader reader = Files.newBufferedReader(COMPOSE)) {
            compose = new Yaml().load(reader);
        }
        postgres = map(map(compose.get("services")).get("postgres"));
    }

    @Test
    void it_is_a_compose_file_with_one_postgresql_17_service() {
        assertThat(compose.keySet()).isSubsetOf("name", "services", "volumes", "networks", "configs", "secrets");
        assertThat(map(compose.get("services"))).containsOnlyKeys("postgres");
        assertThat(postgres.get("image")).isEqualTo("postgres:17");
        assertThat(map(postgres.get("environment"))).containsKeys("POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD");
    }

    @Test
    void its_data_lives_on_a_named_volume_that_is_declared() {
        List<String> volumes = list(postgres.get("volumes"));
        assertThat(volumes).containsExactly("orderly-postgres:/var/lib/postgresql/data");
        assertThat(map(compose.get("volumes"))).containsOnlyKeys("orderly-postgres");
    }

    @Test
    void it_stays_durable_and_ends_sessions_idle_in_a_transaction_as_the_embedded_server_does() {
        String command = String.join(" ", list(postgres.get("command")));
        assertThat(command).doesNotContainPattern("(fsync|synchronous_commit|full_page_writes)\\s*=\\s*(off|false|0)");
        assertThat(command).contains("idle_in_transaction_session_timeout=15s");
    }

    @Test
    void it_is_healthy_once_it_accepts_connections_to_orderlys_database() {
        Map<String, Object> healthcheck = map(postgres.get("healthcheck"));
        Map<String, Object> environment = map(postgres.get("environment"));
        assertThat(String.join(" ", list(healthcheck.get("test"))))
                .contains("pg_isready", "-U " + environment.get("POSTGRES_USER"),
                        "-d " + environment.get("POSTGRES_DB"));
        assertThat(healthcheck).containsKeys("interval", "timeout", "retries");
    }

    @Test
    void its_port_answers_on_this_machine_only() {
        assertThat(list(postgres.get("ports"))).containsExactly("127.0.0.1:5432:5432");
    }

    @Test
    void the_datasource_line_in_its_header_names_the_database_it_creates() throws IOException {
        Matcher line = DATASOURCE.matcher(Files.readString(COMPOSE));
        assertThat(line.find()).as("the SPRING_DATASOURCE_* example in compose.yaml's header").isTrue();
        Map<String, Object> environment = map(postgres.get("environment"));
        assertThat(list(postgres.get("ports")).get(0)).endsWith(":" + line.group(1) + ":5432");
        assertThat(line.group(2)).isEqualTo(environment.get("POSTGRES_DB"));
        assertThat(line.group(3)).isEqualTo(environment.get("POSTGRES_USER"));
        assertThat(line.group(4)).isEqualTo(environment.get("POSTGRES_PASSWORD"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<String>) value;
    }
}
