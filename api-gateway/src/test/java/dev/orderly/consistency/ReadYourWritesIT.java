package dev.orderly.consistency;

import dev.orderly.query.resource.ReservationView;
import dev.orderly.query.resource.ResourceView;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eventual consistency, visible and bounded: a client that sends back the token of its write reads that write,
 * or is told plainly that what it reads is stale.
 */
@OrderlySystemTest
class ReadYourWritesIT {

    @LocalServerPort
    int port;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void with_the_token_the_first_read_after_the_write_sees_it() {
        TestApi api = new TestApi(port);
        TestApi.Response created = api.post("/api/resources", "{\"name\":\"Fresh desk\",\"capacity\":2,\"unitPrice\":1250,\"currency\":\"EUR\"}");
        String token = created.header("Consistency-Token");
        assertThat(token).isNotBlank();

        TestApi.Response read = api.get(created.location(), "Consistent-With", token);

        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("Consistency")).isEqualTo("consistent");
        assertThat(read.text("name")).isEqualTo("Fresh desk");
    }

    @Test
    void an_accepted_reservation_carries_a_token_and_the_first_read_with_it_sees_the_decision() {
        String resourceId = new TestApi(port).registerResource("Token room", 1);
        TestApi alice = TestApi.as(port, "alice");

        TestApi.Response accepted = alice.post("/api/resources/" + resourceId + "/reservations", "{\"quantity\":1}");
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.text("status")).isEqualTo("PENDING");
        String token = accepted.header("Consistency-Token");
        assertThat(token).isNotBlank();

        TestApi.Response read = alice.get(accepted.location(), "Consistent-With", token);
        assertThat(read.header("Consistency")).isEqualTo("consistent");
        assertThat(read.text("status")).isEqualTo("CONFIRMED");
    }

    @Test
    void without_the_token_a_read_may_miss_the_write_and_with_it_a_timed_out_wait_says_stale() {
        TestApi api = new TestApi(port);
        StreamingEventProcessor projection = (StreamingEventProcessor) processing
                .eventProcessor(ResourceView.PROCESSING_GROUP).orElseThrow();
        projection.shutDown();
        try {
            TestApi.Response created = api.post("/api/resources", "{\"name\":\"Slow desk\",\"capacity\":2,\"unitPrice\":1250,\"currency\":\"EUR\"}");
            String token = created.header("Consistency-Token");

            // The projection is paused, standing in for a lagging one: without the token, the write is not there.
            assertThat(api.get(created.location()).status()).isEqualTo(404);

            TestApi.Response stale = api.get(created.location(), "Consistent-With", token);
            assertThat(stale.header("Consistency")).isEqualTo("stale");
            assertThat(stale.status()).isEqualTo(404);
            assertThat(stale.contentType()).startsWith("application/problem+json");
        } finally {
            projection.start();
        }
    }

    @Test
    void a_read_that_prefers_to_wait_is_answered_when_the_reservation_is_decided() throws Exception {
        String resourceId = new TestApi(port).registerResource("Long-poll room", 1);
        TestApi alice = TestApi.as(port, "alice");
        StreamingEventProcessor projection = (StreamingEventProcessor) processing
                .eventProcessor(ReservationView.PROCESSING_GROUP).orElseThrow();
        projection.shutDown();
        CompletableFuture<TestApi.Response> longPoll;
        try {
            TestApi.Response accepted = alice.post("/api/resources/" + resourceId + "/reservations",
                    "{\"quantity\":1}");
            assertThat(accepted.status()).isEqualTo(202);

            // Undecided in the read model while its projection is stopped: a short wait answers as it stands.
            TestApi.Response waitedOut = alice.get(accepted.location(), "Prefer", "wait=1");
            assertThat(waitedOut.status()).isEqualTo(200);
            assertThat(waitedOut.text("status")).isEqualTo("PENDING");
            assertThat(waitedOut.header("Preference-Applied")).isEqualTo("wait=1");

            longPoll = CompletableFuture.supplyAsync(() -> alice.get(accepted.location(), "Prefer", "wait=10"));
        } finally {
            projection.start();
        }

        TestApi.Response decided = longPoll.get(30, TimeUnit.SECONDS);
        assertThat(decided.status()).isEqualTo(200);
        assertThat(decided.text("status")).isEqualTo("CONFIRMED");
        assertThat(decided.header("Preference-Applied")).isEqualTo("wait=10");
    }

    @Test
    void a_wait_preference_does_not_reveal_someone_elses_reservation_and_a_garbled_one_is_ignored() {
        String resourceId = new TestApi(port).registerResource("Private room", 1);
        TestApi.Response accepted = TestApi.as(port, "alice").post("/api/resources/" + resourceId + "/reservations",
                "{\"quantity\":1}");

        TestApi.Response bobs = TestApi.as(port, "bob").get(accepted.location(), "Prefer", "wait=5");
        assertThat(bobs.status()).isEqualTo(404);

        TestApi.Response garbled = TestApi.as(port, "alice").get(accepted.location(), "Prefer", "wait=soon");
        assertThat(garbled.status()).isEqualTo(200);
        assertThat(garbled.header("Preference-Applied")).isNull();
    }

    @Test
    void a_malformed_token_is_a_bad_request() {
        TestApi api = new TestApi(port);
        assertThat(api.get("/api/resources", "Consistent-With", "yesterday").status()).isEqualTo(400);
    }
}
