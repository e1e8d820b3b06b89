package dev.orderly.operations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/info} shows the build and the commit it came from, to operators only; the liveness and readiness
 * groups answer anyone, each holding what it should and nothing that would restart or drain a node for no gain.
 */
@OrderlySystemTest
class ActuatorInfoAndProbesIT {

    @LocalServerPort
    int port;

    @Test
    void info_shows_the_build_and_its_commit_from_the_files_the_build_wrote() throws IOException {
        Properties build = classpathProperties("META-INF/build-info.properties");
        assertThat(build).as("META-INF/build-info.properties, written in generate-resources").isNotNull();

        TestApi.Response info = new TestApi(port).get("/actuator/info");
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.body().at("/build/version").asText()).isEqualTo(build.getProperty("build.version"))
                .isNotBlank();
        assertThat(info.body().at("/build/artifact").asText()).isEqualTo("api-gateway");
        assertThat(info.body().at("/build/time").asText()).isNotBlank();

        Properties git = classpathProperties("git.properties");
        if (Files.exists(OpsFiles.resolve(".git"))) {
            assertThat(git).as("git.properties of a build from a git checkout").isNotNull();
            assertThat(info.body().at("/git/commit/id").isObject()
                    ? info.body().at("/git/commit/id/full").asText() : info.body().at("/git/commit/id").asText())
                    .matches("[0-9a-f]{40}").isEqualTo(git.getProperty("git.commit.id"));
            assertThat(info.body().at("/git/branch").asText()).isNotBlank();
            assertThat(info.body().at("/git/commit/time").asText()).isNotBlank();
        } else {
            // A build from a source archive: no git section rather than a failed build.
            assertThat(info.body().has("git")).isFalse();
        }
        // Only what names the build: no remote (it may carry credentials), no people, no build host.
        assertThat(leaves(info.body())).noneMatch(path -> path.matches(".*(remote|user|email|host|message).*"));
    }

    @Test
    void info_is_for_operators_and_no_anonymous_document_names_the_build() throws IOException {
        assertThat(TestApi.anonymous(port).get("/actuator/info").status()).isEqualTo(401);
        assertThat(TestApi.as(port, "alice").get("/actuator/info").status()).isEqualTo(403);
        // The OpenAPI document is anonymous: it carries the contract's version, not the build's.
        TestApi.Response document = TestApi.anonymous(port).get("/v3/api-docs");
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.body().at("/info/version").asText()).isEqualTo("1");
        assertThat(document.body().toString())
                .doesNotContain(classpathProperties("META-INF/build-info.properties").getProperty("build.version"));
    }

    @Test
    void liveness_answers_anyone_and_holds_only_the_apps_own_state() {
        answersAnyoneUpWithoutDetails("/actuator/health/liveness");

        TestApi.Response detailed = new TestApi(port).get("/actuator/health/liveness");
        assertThat(fieldNames(detailed.body().path("components"))).containsExactly("livenessState");
    }

    @Test
    void readiness_answers_anyone_and_holds_the_database_but_not_intake_processors_or_invariants() {
        answersAnyoneUpWithoutDetails("/actuator/health/readiness");

        TestApi.Response detailed = new TestApi(port).get("/actuator/health/readiness");
        assertThat(fieldNames(detailed.body().path("components"))).containsExactlyInAnyOrder("readinessState", "db");
        assertThat(detailed.body().at("/components/db/status").asText()).isEqualTo("UP");
        // The whole health still shows them all, for operators.
        assertThat(fieldNames(new TestApi(port).get("/actuator/health").body().path("components")))
                .contains("db", "intake", "processors", "invariants", "livenessState", "readinessState");
    }

    private void answersAnyoneUpWithoutDetails(String probe) {
        TestApi.Response anonymous = TestApi.anonymous(port).get(probe);
        assertThat(anonymous.status()).as(probe).isEqualTo(200);
        assertThat(anonymous.text("status")).as(probe).isEqualTo("UP");
        assertThat(anonymous.body().has("components")).as("no details of %s for anyone", probe).isFalse();
    }

    private static Properties classpathProperties(String name) throws IOException {
        try (InputStream in = ActuatorInfoAndProbesIT.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                return null;
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties;
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Every leaf of a JSON tree as a path of field names, e.g. {@code git.commit.id.abbrev}. */
    private static List<String> leaves(JsonNode node) {
        List<String> paths = new ArrayList<>();
        node.fields().forEachRemaining(field -> {
            if (field.getValue().isObject()) {
                leaves(field.getValue()).forEach(leaf -> paths.add(field.getKey() + "." + leaf));
            } else {
                paths.add(field.getKey());
            }
        });
        return paths;
    }
}
