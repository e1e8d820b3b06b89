package dev.orderly.ratelimit;

import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A client sending commands faster than its rate is told to wait, clearly, and queries are not limited. */
@OrderlySystemTest
@TestPropertySource(properties = {"orderly.test.database=rate-limit", "orderly.rate-limit.burst=3",
        "orderly.rate-limit.per-second=0.2", "orderly.rate-limit.client-header=X-Client-Id"})
class RateLimitIT {

    @LocalServerPort
    int port;

    @Test
    void commands_beyond_the_burst_get_429_with_retry_after_while_other_clients_and_queries_go_on() {
        TestApi api = new TestApi(port);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(api.post("/api/resources", "{\"name\":\"Limited " + i + "\",\"capacity\":1}").status());
        }

        assertThat(statuses).containsExactly(201, 201, 201, 429, 429);
        TestApi.Response limited = api.post("/api/resources", "{\"name\":\"One more\",\"capacity\":1}");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.retryAfter()).isNotBlank();
        assertThat(Integer.parseInt(limited.retryAfter())).isPositive();
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(limited.text("type")).isEqualTo("https://orderly.dev/problems/rate-limited");
        assertThat(api.get("/api/resources").status()).isEqualTo(200);
        assertThat(api.post("/api/resources", "{\"name\":\"Other client\",\"capacity\":1}", "X-Client-Id",
                "someone-else").status()).isEqualTo(201);
    }
}
