package dev.orderly.readme;

import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the README's "Try it" shell examples, word for word apart from the ports (the app's and the sandbox's), against
 * the running app, so the first thing a user copies keeps working.
 */
@OrderlySystemTest
class ReadmeExamplesIT {

    private static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);

    @LocalServerPort
    int port;

    @Test
    void the_try_it_walk_through_gets_202_and_then_confirmed() throws Exception {
        List<String> blocks = tryItBlocks();
        assertThat(blocks).hasSize(5);

        String registered = bash(blocks.get(0));
        String resourceId = registered.strip();
        assertThat(resourceId).matches("[0-9a-f-]{36}");
        String withResource = "RESOURCE=" + resourceId + "\n";

        String reserved = bash(withResource + blocks.get(1));
        assertThat(reserved).startsWith("HTTP/1.1 202").contains("\"status\":\"PENDING\"")
                .contains("Location: /api/reservations/5b0c6c1e-8a5e-4a57-9d3f-0c2f8e1d7a11");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(bash(withResource + blocks.get(2)))
                .contains("\"status\":\"CONFIRMED\"").contains("\"customerId\":\"alice\"")
                .contains("\"held\":1").contains("404\n{").contains("\"violations\""));

        String ordered = bash(withResource + blocks.get(3));
        assertThat(ordered).contains("\"orderId\":\"7c4e2a10-5b3d-4f6e-9a8b-1c2d3e4f5a6b\"")
                .contains("\"status\":\"PENDING\"").contains("\"total\":4900").contains("\"currency\":\"EUR\"")
                .contains("https://orderly.dev/problems/price-changed").contains("\"currentUnitPrice\":4900");

        assertThat(bash(blocks.get(4))).contains("\"status\":400").contains("invalid-request")
                .contains("https://orderly.dev/problems/card-number-not-accepted").doesNotContain("4242");
    }

    private List<String> tryItBlocks() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String tryIt = readme.substring(readme.indexOf("## Try it"), readme.indexOf("## API"));
        Matcher matcher = BASH_BLOCK.matcher(tryIt);
        List<String> blocks = new ArrayList<>();
        while (matcher.find()) {
            blocks.add(matcher.group(1).replace("localhost:8080", "localhost:" + port)
                    .replace("localhost:8091", TestSandbox.baseUrl().replace("http://", "")));
        }
        return blocks;
    }

    private static String bash(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("script finished: %s", script).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("exit status of %s with output %s", script, output).isZero();
        return output;
    }
}
