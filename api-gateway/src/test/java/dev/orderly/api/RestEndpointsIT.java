package dev.orderly.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.ResultMatcher;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every REST endpoint through MockMvc on the whole application (security filters included): its success path and
 * its errors, each error an RFC 9457 problem with its stable type. Real HTTP is exercised by the other system tests;
 * this is the contract, endpoint by endpoint.
 */
@OrderlySystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestEndpointsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MISSING = "00000000-0000-4000-8000-000000000000";

    @Autowired
    WebApplicationContext context;

    MockMvc mvc;
    String resourceId;
    String orderId;

    @BeforeAll
    void setUp() throws Exception {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        resourceId = body(ops(post("/api/resources").content("{\"name\":\"Contract desk\",\"capacity\":20,\"unitPrice\":1250,\"currency\":\"EUR\"}"))
                .andExpect(status().isCreated())).get("resourceId").asText();
        orderId = body(as("alice", post("/api/orders").content(order(resourceId, "alice")))
                .andExpect(status().isAccepted())).get("orderId").asText();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Resources {

        @Test
        void register() throws Exception {
            ops(post("/api/resources").content("{\"name\":\"Desk\",\"capacity\":2,\"unitPrice\":1250,\"currency\":\"EUR\"}"))
                    .andExpect(status().isCreated()).andExpect(header().exists("Location"))
                    .andExpect(header().exists("Consistency-Token")).andExpect(jsonPath("$.free").value(2));
            problem(ops(post("/api/resources").content("{\"name\":\"\",\"capacity\":0,\"unitPrice\":1250,\"currency\":\"EUR\"}")), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors.length()").value(2));
            problem(ops(post("/api/resources").content("{\"name\":\"Desk\",\"capacity\":\"two\"}")), 400,
                    "invalid-request");
            problem(ops(post("/api/resources").content("{\"name\":\"Desk\"")), 400, "invalid-request");
        }

        @Test
        void list_and_get() throws Exception {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> ops(get("/api/resources/" + resourceId))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.name").value("Contract desk")));
            ops(get("/api/resources?limit=1")).andExpect(status().isOk())
                    .andExpect(jsonPath("$.items.length()").value(1)).andExpect(jsonPath("$.nextCursor").exists());
            problem(ops(get("/api/resources?limit=0")), 400, "invalid-request")
                    .andExpect(jsonPath("$.errors[0].field").value("limit"));
            problem(ops(get("/api/resources/" + MISSING)), 404, "not-found");
            problem(ops(get("/api/resources/not-a-uuid")), 400, "invalid-request");
            problem(ops(get("/api/resources/" + resourceId).header("Consistent-With", "soon")), 400,
                    "invalid-request");
        }

        @Test
        void change_capacity() throws Exception {
            ops(put("/api/resources/" + resourceId + "/capacity").content("{\"capacity\":25}"))
                    .andExpect(status().isNoContent());
            problem(ops(put("/api/resources/" + resourceId + "/capacity").content("{\"capacity\":-1}")), 400,
                    "invalid-request");
            problem(ops(put("/api/resources/" + MISSING + "/capacity").content("{\"capacity\":3}")), 404,
                    "not-found");
            String small = body(ops(post("/api/resources").content("{\"name\":\"Small\",\"capacity\":2,\"unitPrice\":1250,\"currency\":\"EUR\"}")))
                    .get("resourceId").asText();
            String held = body(as("bob", post("/api/resources/" + small + "/reservations")
                    .content("{\"quantity\":2}"))).get("reservationId").asText();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as("bob", get("/api/reservations/" + held))
                    .andExpect(jsonPath("$.status").value("CONFIRMED")));
            problem(ops(put("/api/resources/" + small + "/capacity").content("{\"capacity\":1}")), 409,
                    "capacity-below-held");
        }

        @Test
        void change_price() throws Exception {
            String priced = body(ops(post("/api/resources").content(
                    "{\"name\":\"Priced\",\"capacity\":2,\"unitPrice\":1250,\"currency\":\"EUR\"}")))
                    .get("resourceId").asText();
            ops(put("/api/resources/" + priced + "/price").content("{\"unitPrice\":1400,\"currency\":\"EUR\"}"))
                    .andExpect(status().isNoContent());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> ops(get("/api/resources/" + priced))
                    .andExpect(jsonPath("$.unitPrice").value(1400)).andExpect(jsonPath("$.currency").value("EUR")));
            problem(ops(put("/api/resources/" + priced + "/price").content("{\"unitPrice\":0,\"currency\":\"EUR\"}")),
                    400, "invalid-request");
            problem(ops(put("/api/resources/" + priced + "/price").content("{\"unitPrice\":5,\"currency\":\"euro\"}")),
                    400, "invalid-request");
            problem(ops(put("/api/resources/" + MISSING + "/price").content("{\"unitPrice\":5,\"currency\":\"EUR\"}")),
                    404, "not-found");
            problem(as("alice", put("/api/resources/" + priced + "/price")
                    .content("{\"unitPrice\":1,\"currency\":\"EUR\"}")), 403, "forbidden");
        }

        @Test
        void reserve() throws Exception {
            String reservationId = UUID.randomUUID().toString();
            String request = "{\"reservationId\":\"" + reservationId + "\",\"quantity\":1}";
            as("alice", post("/api/resources/" + resourceId + "/reservations").content(request))
                    .andExpect(status().isAccepted())
                    .andExpect(header().string("Location", "/api/reservations/" + reservationId))
                    .andExpect(jsonPath("$.status").value("PENDING"))
                    .andExpect(jsonPath("$.customerId").value("alice"));
            as("alice", post("/api/resources/" + resourceId + "/reservations").content(request))
                    .andExpect(status().isAccepted());
            problem(as("alice", post("/api/resources/" + resourceId + "/reservations")
                    .content("{\"reservationId\":\"" + reservationId + "\",\"quantity\":2}")), 409,
                    "reservation-id-conflict");
            problem(as("alice", post("/api/resources/" + MISSING + "/reservations").content("{\"quantity\":1}")),
                    404, "not-found");
            problem(as("alice", post("/api/resources/" + resourceId + "/reservations")
                    .content("{\"quantity\":0}")), 400, "invalid-request");
            problem(ops(post("/api/resources/" + resourceId + "/reservations").content("{\"quantity\":1}")), 422,
                    "customer-required");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Reservations {

        @Test
        void get_and_release() throws Exception {
            String reservationId = body(as("bob", post("/api/resources/" + resourceId + "/reservations")
                    .content("{\"quantity\":1}"))).get("reservationId").asText();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as("bob",
                    get("/api/reservations/" + reservationId)).andExpect(status().isOk())
                    .andExpect(jsonPath("$.status").value("CONFIRMED")));
            as("bob", post("/api/reservations/" + reservationId + "/release").content("{\"reason\":\"done\"}"))
                    .andExpect(status().isAccepted());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as("bob",
                    get("/api/reservations/" + reservationId)).andExpect(jsonPath("$.status").value("RELEASED")));
            problem(as("bob", get("/api/reservations/" + MISSING)), 404, "not-found");
            problem(as("bob", post("/api/reservations/" + MISSING + "/release")), 404, "not-found");
            problem(as("bob", post("/api/reservations/" + reservationId + "/release")
                    .content("{\"reason\":\"" + "x".repeat(201) + "\"}")), 400, "invalid-request");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Orders {

        @Test
        void place() throws Exception {
            String id = UUID.randomUUID().toString();
            String request = order(resourceId, "alice").replaceFirst("\\{", "{\"orderId\":\"" + id + "\",");
            as("alice", post("/api/orders").content(request)).andExpect(status().isAccepted())
                    .andExpect(header().string("Location", "/api/orders/" + id))
                    .andExpect(jsonPath("$.customerId").value("alice"));
            problem(as("alice", post("/api/orders").content(request.replace("\"quantity\":1", "\"quantity\":2"))),
                    409, "order-id-conflict");
            problem(as("alice", post("/api/orders").content(order(MISSING, "alice"))), 422, "unknown-resource");
            problem(as("alice", post("/api/orders").content(order(resourceId, "alice")
                    .replace("\"EUR\"", "\"euro\""))), 400, "invalid-request");
            problem(as("alice", post("/api/orders").content("{\"lines\":[]}")), 400, "invalid-request");
        }

        @Test
        void get_list_and_payments() throws Exception {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("alice", get("/api/orders/" + orderId))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("SHIPPED")));
            as("alice", get("/api/orders?status=SHIPPED&limit=5")).andExpect(status().isOk())
                    .andExpect(jsonPath("$.items[0].customerId").value("alice"));
            problem(as("alice", get("/api/orders?status=shipped")), 400, "invalid-request");
            problem(as("alice", get("/api/orders?limit=501")), 400, "invalid-request");
            problem(as("alice", get("/api/orders/" + MISSING)), 404, "not-found");
            as("alice", get("/api/orders/" + orderId + "/payments")).andExpect(status().isOk())
                    .andExpect(jsonPath("$[0].status").value("CAPTURED"));
            problem(as("alice", get("/api/orders/" + MISSING + "/payments")), 404, "not-found");
        }

        @Test
        void live_status_and_cancellation() throws Exception {
            MvcResult stream = as("alice", get("/api/orders/" + orderId + "/events")
                    .accept(MediaType.TEXT_EVENT_STREAM)).andExpect(request().asyncStarted()).andReturn();
            assertThat(stream.getResponse().getContentType()).startsWith("text/event-stream");
            problem(as("alice", get("/api/orders/" + MISSING + "/events").accept(MediaType.TEXT_EVENT_STREAM,
                    MediaType.APPLICATION_PROBLEM_JSON)), 404, "not-found");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("alice", get("/api/orders/" + orderId))
                    .andExpect(jsonPath("$.status").value("SHIPPED")));
            problem(as("alice", post("/api/orders/" + orderId + "/cancellation")), 409, "order-already-shipped");
            problem(as("alice", post("/api/orders/" + MISSING + "/cancellation")), 404, "not-found");

            String fresh = body(as("alice", post("/api/orders").content(TestOrders.orderJson(resourceId, 1,
                    "alice", "alice@example.com", TestOrders.DECLINED_CARD)))).get("orderId").asText();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("alice", get("/api/orders/" + fresh))
                    .andExpect(jsonPath("$.status").value("CANCELLED")));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Payments {

        @Test
        void request_and_get() throws Exception {
            String request = """
                    {"orderId":"%s","amount":990,"currency":"EUR","paymentToken":"%s"}"""
                    .formatted(UUID.randomUUID(), TestSandbox.tokenFor(TestOrders.GOOD_CARD));
            String paymentId = body(ops(post("/api/payments").content(request)).andExpect(status().isAccepted())
                    .andExpect(header().exists("Location"))).get("paymentId").asText();
            problem(ops(post("/api/payments").content(request.replace("990", "991"))), 409,
                    "order-already-has-payment");
            problem(as("alice", post("/api/payments").content("""
                    {"orderId":"%s","amount":990,"currency":"EUR","paymentToken":"%s"}""".formatted(orderId,
                    TestSandbox.tokenFor(TestOrders.GOOD_CARD)))), 409, "order-already-has-payment");
            problem(ops(post("/api/payments").content(request.replace("990", "-5"))), 400, "invalid-request");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> ops(get("/api/payments/" + paymentId))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("CAPTURED")));
            problem(ops(get("/api/payments/" + MISSING)), 404, "not-found");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Operations {

        @Test
        void dashboards_processors_monitor_and_dead_letters() throws Exception {
            ops(get("/api/ops/dashboard?windowMinutes=30")).andExpect(status().isOk())
                    .andExpect(jsonPath("$.readModels.ordersPerStatus").exists())
                    .andExpect(jsonPath("$.processors").isArray()).andExpect(jsonPath("$.monitor.status").exists());
            problem(ops(get("/api/ops/dashboard?windowMinutes=0")), 400, "invalid-request");
            ops(get("/api/ops/processors")).andExpect(status().isOk());
            ops(get("/api/ops/dead-letters")).andExpect(status().isOk());
            problem(ops(get("/api/ops/dead-letters?limit=100000")), 400, "invalid-request");
            ops(post("/api/ops/dead-letters/order-views/retry")).andExpect(status().isOk())
                    .andExpect(jsonPath("$.remaining").value(0));
            problem(ops(post("/api/ops/dead-letters/no-such-group/retry")), 404, "not-found");
            problem(ops(post("/api/ops/dead-letters/no-such-group/evict")), 404, "not-found");
            // a successful replay resets a shared read model: ProcessorReplayIT runs it on a database of its own
            problem(ops(post("/api/ops/processors/no-such-processor/replay")), 404, "not-found");
            problem(ops(post("/api/ops/processors/payment-processor/replay")), 422, "replay-not-allowed");
            ops(get("/api/monitor")).andExpect(status().isOk()).andExpect(jsonPath("$.status").exists());
            problem(ops(get("/api/monitor?violations=-1")), 400, "invalid-request");
        }

        @Test
        void payments_needing_attention() throws Exception {
            ops(get("/api/ops/payments/attention")).andExpect(status().isOk());
            problem(ops(get("/api/ops/payments/attention?limit=0")), 400, "invalid-request");
            problem(ops(post("/api/ops/payments/" + MISSING + "/resolution")
                    .content("{\"operator\":\"o\",\"resolution\":\"CAPTURED\",\"note\":\"n\"}")), 404, "not-found");
            problem(ops(post("/api/ops/payments/" + MISSING + "/resolution")
                    .content("{\"operator\":\"o\",\"resolution\":\"MAYBE\",\"note\":\"n\"}")), 400,
                    "invalid-request");
        }

        @Test
        void intake_pause_and_resume() throws Exception {
            ops(get("/api/ops/intake")).andExpect(status().isOk()).andExpect(jsonPath("$.accepting").value(true));
            problem(ops(post("/api/ops/intake/pause").content("{\"operator\":\"o\"}")), 400, "invalid-request");
            try {
                ops(post("/api/ops/intake/pause").content("{\"operator\":\"o\",\"reason\":\"contract test\"}"))
                        .andExpect(status().isOk());
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> problem(as("alice",
                        post("/api/orders").content(order(resourceId, "alice"))), 503, "intake-paused")
                        .andExpect(header().exists("Retry-After")));
            } finally {
                ops(post("/api/ops/intake/resume").content("{\"operator\":\"o\"}")).andExpect(status().isOk());
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> ops(get("/api/ops/intake"))
                    .andExpect(jsonPath("$.accepting").value(true)));
        }

        @Test
        void notices() throws Exception {
            String held = body(ops(post("/api/resources").content("{\"name\":\"Noticed\",\"capacity\":2,\"unitPrice\":1250,\"currency\":\"EUR\"}")))
                    .get("resourceId").asText();
            // Notices go to holders whose customer id is an e-mail address.
            String reservationId = body(ops(post("/api/resources/" + held + "/reservations")
                    .content("{\"customerId\":\"holder@example.com\",\"quantity\":1}"))).get("reservationId")
                    .asText();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> ops(
                    get("/api/reservations/" + reservationId)).andExpect(jsonPath("$.status").value("CONFIRMED")));
            String location = ops(post("/api/ops/resources/" + held + "/notices")
                    .content("{\"operator\":\"o\",\"subject\":\"Closed\",\"body\":\"Closed on Monday\"}"))
                    .andExpect(status().isAccepted()).andReturn().getResponse().getHeader("Location");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> ops(get(location))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.recipients.length()").value(1)));
            problem(ops(post("/api/ops/resources/" + MISSING + "/notices")
                    .content("{\"operator\":\"o\",\"subject\":\"s\",\"body\":\"b\"}")), 404, "not-found");
            problem(ops(post("/api/ops/resources/" + resourceId + "/notices").content("{\"operator\":\"o\"}")),
                    400, "invalid-request");
            problem(ops(get("/api/ops/notices/" + MISSING)), 404, "not-found");
        }

        @Test
        void webhook_health_metrics_and_api_docs() throws Exception {
            problem(mvc.perform(post("/api/webhooks/warehouse").contentType(MediaType.APPLICATION_JSON)
                    .content("{}")), 401, "invalid-signature");
            mvc.perform(get("/actuator/health")).andExpect(status().isOk());
            ops(get("/actuator/prometheus")).andExpect(status().isOk())
                    .andExpect(content().string(org.hamcrest.Matchers.containsString("http_server_requests")));
            mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                    .andExpect(jsonPath("$.paths['/api/orders']").exists());
        }
    }

    private ResultActions ops(MockHttpServletRequestBuilder request) throws Exception {
        return as("ops", request);
    }

    /**
     * Reads answer asynchronously (a read may wait for its projection without holding a thread): this completes
     * their dispatch, as the servlet container would, except for an event stream, which stays open.
     */
    private ResultActions as(String user, MockHttpServletRequestBuilder request) throws Exception {
        ResultActions sent = mvc.perform(request.with(httpBasic(user, user + "-secret"))
                .contentType(MediaType.APPLICATION_JSON));
        MvcResult result = sent.andReturn();
        String type = result.getResponse().getContentType();
        boolean stream = type != null && type.startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);
        return result.getRequest().isAsyncStarted() && !stream ? mvc.perform(asyncDispatch(result)) : sent;
    }

    private static ResultActions problem(ResultActions result, int status, String code) throws Exception {
        ResultMatcher type = jsonPath("$.type").value("https://orderly.dev/problems/" + code);
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).andExpect(type);
    }

    private static JsonNode body(ResultActions result) throws Exception {
        return JSON.readTree(result.andReturn().getResponse().getContentAsString());
    }

    private static String order(String resource, String customer) {
        return TestOrders.orderJson(resource, 1, customer, customer + "@example.com", TestOrders.GOOD_CARD);
    }
}
