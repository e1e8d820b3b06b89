package dev.orderly.ratelimit;

import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client sending commands faster than its rate is told to wait, clearly, and queries are not limited. One token
 * comes back per 1000 s, so none does while the test runs, however slow the machine.
 */
@OrderlySystemTest
@TestPropertySource(properties = {"orderly.test.database=rate-limit", "orderly.rate-limit.burst=3",
        "orderly.rate-limit.per-second=0.001"})
class RateLimitIT {

    @LocalServerPort
    int port;

    @Test
    void commands_beyond_the_burst_get_429_with_retry_after_while_other_callers_and_queries_go_on() {
        TestApi api = new TestApi(port);
        List<TestApi.Response> responses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            responses.add(api.post("/api/resources", "{\"name\":\"Limited " + i + "\",\"capacity\":1,\"unitPrice\":1250,\"currency\":\"EUR\"}"));
        }
        List<Integer> statuses = responses.stream().map(TestApi.Response::status).toList();

        assertThat(statuses).containsExactly(201, 201, 201, 429, 429);
        assertThat(responses.get(0).header("RateLimit")).startsWith("\"commands\";r=2;");
        TestApi.Response limited = api.post("/api/resources", "{\"name\":\"One more\",\"capacity\":1,\"unitPrice\":1250,\"currency\":\"EUR\"}");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.retryAfter()).isNotBlank();
        assertThat(Integer.parseInt(limited.retryAfter())).isPositive();
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.text("type")).isEqualTo("https://orderly.dev/problems/rate-limited");
        assertThat(api.get("/api/resources").status()).isEqualTo(200);
        // Buckets are per authenticated caller: a customer sending from the same address is not held back.
        String resourceId = responses.get(0).text("resourceId");
        assertThat(TestApi.as(port, "alice").post("/api/resources/" + resourceId + "/reservations",
                "{\"quantity\":1}").status()).isEqualTo(202);
    }
}
