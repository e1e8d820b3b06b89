package dev.orderly.browser;

import dev.orderly.support.OrderlySystemTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static dev.orderly.browser.CrossOriginClient.FRONTEND;
import static dev.orderly.browser.CrossOriginClient.assertReadableBy;
import static dev.orderly.browser.CrossOriginClient.names;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page sends a preflight before every cross-origin command, without credentials: preflights are never counted
 * against its address, and when its address is out of budget the page can read the {@code 429} and its
 * {@code Retry-After}. Same limits as {@code HostileInputRateLimitIT} (so the two share a context); this class speaks
 * only from addresses of its own, so it spends no caller's budget.
 */
@OrderlySystemTest
@TestPropertySource(properties = {"orderly.test.database=hostile-rate-limit",
        "orderly.rate-limit.burst=60", "orderly.rate-limit.per-second=0.001",
        "orderly.rate-limit.address.burst=5", "orderly.rate-limit.address.per-second=0.001",
        "orderly.rate-limit.cleanup-interval=1s", "server.forward-headers-strategy=native"})
class CrossOriginRateLimitIT {

    @LocalServerPort
    int port;

    @Test
    void preflights_take_no_token_and_the_429_of_an_exhausted_address_is_readable_by_the_page() throws Exception {
        CrossOriginClient browser = new CrossOriginClient(port);
        String address = "2001:db8::" + Integer.toHexString(UUID.randomUUID().hashCode() & 0xffff);

        for (int i = 0; i < 20; i++) {
            assertThat(browser.preflight(FRONTEND, "POST", "/api/orders", "authorization,content-type",
                    "X-Forwarded-For", address).statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> anonymous = anonymous(browser, address);
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertReadableBy(FRONTEND, anonymous);
        }
        HttpResponse<String> limited = anonymous(browser, address);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).contains("https://orderly.dev/problems/rate-limited");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertReadableBy(FRONTEND, limited);
        assertThat(names(limited, "Access-Control-Expose-Headers")).contains("retry-after", "ratelimit",
                "ratelimit-policy");
        // Out of budget, the page's preflights are still answered.
        assertThat(browser.preflight(FRONTEND, "POST", "/api/orders", "authorization,content-type",
                "X-Forwarded-For", address).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> anonymous(CrossOriginClient browser, String address) throws Exception {
        return browser.send(FRONTEND, "GET", "/api/resources", HttpRequest.BodyPublishers.noBody(),
                "X-Forwarded-For", address);
    }
}
