package dev.orderly.browser;

import dev.orderly.support.SharedDatabaseNodes;
import dev.orderly.support.TestApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Instant;
import java.util.UUID;

import static dev.orderly.browser.EventSourceClient.placeOrder;
import static dev.orderly.browser.EventSourceClient.ticket;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes behind one load balancer share a database: a ticket one node issued opens the stream on the other, once
 * across both, and expires on the database's clock. Node B issues tickets that live a millisecond, so that expiry is
 * seen without a wait.
 */
class StreamTicketAcrossNodesIT {

    static SharedDatabaseNodes nodes;
    static ConfigurableApplicationContext nodeA;
    static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void startTwoNodes() {
        nodes = new SharedDatabaseNodes();
        nodeA = nodes.start("node-a");
        nodeB = nodes.start("node-b", "orderly.security.stream-tickets.ttl=1ms");
    }

    @AfterAll
    static void stop() throws Exception {
        nodes.close();
    }

    @Test
    void a_ticket_issued_by_one_node_opens_the_stream_on_the_other_once_across_both() throws Exception {
        int portA = SharedDatabaseNodes.port(nodeA);
        TestApi alice = TestApi.as(portA, "alice");
        String orderId = placeOrder(alice, SharedDatabaseNodes.api(nodeA).registerResource("Far lamp", 5), "alice");

        EventSourceClient.Ticket ticket = ticket(alice, orderId);
        EventSourceClient.Opened onB = new EventSourceClient(SharedDatabaseNodes.port(nodeB)).open(orderId, ticket);

        assertThat(onB.status()).isEqualTo(200);
        assertThat(onB.firstEvent()).hasValueSatisfying(event ->
                assertThat(event.path("orderId").asText()).isEqualTo(orderId));
        new EventSourceClient(portA).open(orderId, ticket).assertRefused();
    }

    @Test
    void an_expired_ticket_is_401_on_any_node() throws Exception {
        TestApi aliceOnB = TestApi.as(SharedDatabaseNodes.port(nodeB), "alice");
        String orderId = placeOrder(aliceOnB, SharedDatabaseNodes.api(nodeB).registerResource(
                "Brief lamp " + UUID.randomUUID(), 5), "alice");

        EventSourceClient.Ticket ticket = ticket(aliceOnB, orderId);
        await().until(() -> Instant.now().isAfter(ticket.expiresAt()));

        new EventSourceClient(SharedDatabaseNodes.port(nodeA)).open(orderId, ticket).assertRefused();
    }
}
