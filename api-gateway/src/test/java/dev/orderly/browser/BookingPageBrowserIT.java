package dev.orderly.browser;

import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.pagefactory.ByChained;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The booking page at {@code /} in a real Chromium, against the real app: signing in, booking the last unit from two
 * browsers at once, and an order paid with a sandbox card followed live until it ships, or cancelled.
 */
@PagesSystemTest
// By name, so that the screenshots are taken before the_page_shows_... registers its hostile-looking name.
@TestMethodOrder(MethodOrderer.MethodName.class)
class BookingPageBrowserIT {

    @LocalServerPort
    int port;

    @AfterEach
    void shipmentsFlow() {
        TestSandbox.holdShipments(false);
    }

    @Test
    void the_last_unit_booked_from_two_browsers_at_once_goes_to_exactly_one_of_them() throws Exception {
        String resourceId = new TestApi(port).registerResource("Last seat, row 7", 1);
        try (Browser alice = Browser.open(port); Browser bob = Browser.open(port)) {
            By book = By.cssSelector("tr[data-resource-id='" + resourceId + "'] button.book");
            alice.go("/").signIn("alice", "alice-secret").visible(book);
            bob.go("/").signIn("bob", "bob-secret").visible(book);

            // Both click once both are ready: neither request has been sent, so neither can have been decided.
            CyclicBarrier ready = new CyclicBarrier(2);
            List<CompletableFuture<Void>> clicks = List.of(alice, bob).stream().map(browser ->
                    CompletableFuture.runAsync(() -> {
                        WebElement button = browser.driver.findElement(book);
                        meet(ready);
                        button.click();
                    })).toList();
            CompletableFuture.allOf(clicks.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

            String aliceOutcome = outcome(alice);
            String bobOutcome = outcome(bob);
            assertThat(List.of(aliceOutcome, bobOutcome)).containsExactlyInAnyOrder("CONFIRMED", "REJECTED");
            Browser winner = aliceOutcome.equals("CONFIRMED") ? alice : bob;
            Browser loser = winner == alice ? bob : alice;
            assertThat(winner.driver.findElement(By.cssSelector("#bookings .booking-status")).getText())
                    .startsWith("Confirmed");
            assertThat(loser.driver.findElement(By.cssSelector("#bookings .booking-status")).getText())
                    .startsWith("Rejected");
            for (Browser browser : List.of(alice, bob)) {
                browser.until(ExpectedConditions.textToBe(
                        By.cssSelector("tr[data-resource-id='" + resourceId + "'] .free"), "0 of 1"));
            }
            assertThat(new TestApi(port).get("/api/resources/" + resourceId).body().path("held").asInt())
                    .isEqualTo(1);
            loser.screenshot("booking-page-race");
            assertThat(winner.consoleErrors()).isEmpty();
        }
    }

    @Test
    void an_order_paid_with_a_sandbox_card_is_followed_live_until_it_ships() throws Exception {
        String resourceId = new TestApi(port).registerResource("Oak shelf", 5);
        try (Browser alice = Browser.open(port)) {
            alice.go("/").signIn("alice", "alice-secret");
            String orderId = placeOrder(alice, resourceId, TestOrders.GOOD_CARD);

            alice.until(ExpectedConditions.attributeToBe(By.id("order-status"), "data-status", "SHIPPED"));
            assertThat(alice.driver.findElement(By.id("order-status")).getText()).isEqualTo("Shipped");
            assertThat(alice.driver.findElement(By.id("order-live")).getText()).doesNotContain("unavailable");
            assertThat(alice.driver.findElements(By.cssSelector("#timeline li")).stream().map(WebElement::getText))
                    .anySatisfy(entry -> assertThat(entry).containsIgnoringCase("shipped"));
            assertThat(alice.driver.findElements(By.cssSelector("#order-steps li.done"))).hasSize(5);
            assertThat(alice.driver.findElement(By.id("cancel-order")).isEnabled()).isFalse();
            assertThat(TestApi.as(port, "alice").get("/api/orders/" + orderId).text("status")).isEqualTo("SHIPPED");
            assertThat(TestSandbox.capturesFor(orderId)).isEqualTo(1);
            assertThat(alice.driver.findElement(By.id("card-number")).getDomProperty("value")).isEmpty();
            assertThat(alice.consoleErrors()).isEmpty();
            alice.screenshot("booking-page");
        }
    }

    @Test
    void an_order_cancelled_on_the_page_is_refunded_and_shown_cancelled() throws Exception {
        String resourceId = new TestApi(port).registerResource("Walnut desk", 3);
        TestSandbox.holdShipments(true);
        try (Browser bob = Browser.open(port)) {
            bob.go("/").signIn("bob", "bob-secret");
            String orderId = placeOrder(bob, resourceId, TestOrders.GOOD_CARD);
            bob.until(ExpectedConditions.attributeToBe(By.id("order-status"), "data-status", "PICKING"));

            bob.driver.findElement(By.id("cancel-order")).click();

            bob.until(ExpectedConditions.attributeToBe(By.id("order-status"), "data-status", "CANCELLED"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(TestSandbox.refundsFor(orderId)).isEqualTo(1));
            bob.screenshot("booking-page-cancelled");
        }
    }

    @Test
    void a_declined_card_and_a_wrong_password_are_told_on_the_page() throws Exception {
        String resourceId = new TestApi(port).registerResource("Pine bench", 2);
        try (Browser bob = Browser.open(port)) {
            bob.go("/");
            bob.visible(By.id("user")).sendKeys("bob");
            bob.driver.findElement(By.id("password")).sendKeys("not-bobs-password");
            bob.driver.findElement(By.id("sign-in-button")).click();
            // A native Basic dialog would block the page's script, and the message would never show.
            assertThat(bob.visible(By.id("sign-in-error")).getText()).isEqualTo("Wrong user name or password.");
            assertThat(bob.driver.findElement(By.id("shop")).isDisplayed()).isFalse();

            bob.driver.findElement(By.id("user")).clear();
            bob.driver.findElement(By.id("password")).clear();
            bob.signIn("bob", "bob-secret");
            placeOrder(bob, resourceId, TestOrders.DECLINED_CARD);
            bob.until(ExpectedConditions.attributeToBe(By.id("order-status"), "data-status", "CANCELLED"));
            assertThat(bob.driver.findElement(By.id("order-message")).getText()).contains("card_declined");
        }
    }

    @Test
    void the_page_shows_names_as_text_never_as_markup() {
        String name = "Stool <img src=x onerror=document.title='owned'> & <b>bench</b>";
        String resourceId = new TestApi(port).registerResource(name, 1);
        new TestApi(port).post("/api/resources/" + resourceId + "/reservations",
                "{\"customerId\":\"bob\",\"quantity\":1}");
        try (Browser alice = Browser.open(port)) {
            alice.go("/").signIn("alice", "alice-secret");
            By row = By.cssSelector("tr[data-resource-id='" + resourceId + "']");
            alice.until(ExpectedConditions.textToBe(new ByChained(row, By.className("free")), "0 of 1"));
            assertThat(alice.driver.findElement(new ByChained(row, By.className("book"))).isEnabled()).isFalse();

            assertThat(alice.driver.findElement(new ByChained(row, By.className("name"))).getText()).isEqualTo(name);
            assertThat(alice.driver.findElements(By.cssSelector("#catalogue img, #catalogue b, #order-resource img")))
                    .isEmpty();
            assertThat(alice.driver.getTitle()).isEqualTo("Orderly · Booking");
        }
    }

    @Test
    void the_pages_load_without_credentials_while_the_api_still_refuses_and_only_scripts_get_no_challenge()
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String page : List.of("/", "/ops", "/assets/booking.js", "/webjars/uplot/1.6.30/dist/uPlot.esm.js")) {
            HttpResponse<String> answer = http.send(request(page).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(page).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Security-Policy")).as(page).hasValueSatisfying(policy ->
                    assertThat(policy).contains("script-src 'self';").doesNotContain("unsafe-inline")
                            .contains("connect-src 'self' " + TestSandbox.baseUrl() + ";"));
        }
        assertThat(http.send(request("/").GET().build(), HttpResponse.BodyHandlers.ofString()).body())
                .contains("<script type=\"module\" src=\"/assets/booking.js\">").doesNotContain("<script>");

        HttpResponse<String> program = http.send(request("/api/resources").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> script = http.send(request("/api/resources").header("X-Requested-With", "XMLHttpRequest")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(program.statusCode()).isEqualTo(401);
        assertThat(program.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"orderly\"");
        assertThat(script.statusCode()).isEqualTo(401);
        assertThat(script.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(script.body()).contains("https://orderly.dev/problems/unauthenticated");

        // Only GET of the page paths is open, and only the pages carry the policy that would break Swagger UI.
        assertThat(http.send(request("/").POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(401);
        assertThat(http.send(request("/assets/../api/ops/intake").GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isIn(400, 401);
        assertThat(http.send(request("/api/checkout").GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(401);
        HttpResponse<String> swagger = http.send(request("/swagger-ui/index.html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(swagger.statusCode()).isEqualTo(200);
        assertThat(swagger.headers().firstValue("Content-Security-Policy")).isEmpty();
        assertThat(TestApi.as(port, "alice").get("/api/checkout").text("cardTokenizationUrl"))
                .isEqualTo(TestSandbox.baseUrl() + "/v1/tokens");
    }

    /** Fills in the order form as a customer would and returns the id of the order the page then follows. */
    private static String placeOrder(Browser browser, String resourceId, String card) {
        browser.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#order-resource option[value='" + resourceId + "']")));
        new Select(browser.driver.findElement(By.id("order-resource")))
                .selectByValue(resourceId);
        type(browser, "order-email", "ada@example.com");
        type(browser, "ship-name", "Ada Lovelace");
        type(browser, "ship-street", "12 St James's Square");
        type(browser, "ship-city", "London");
        type(browser, "ship-postal", "SW1Y 4JH");
        type(browser, "ship-country", "GB");
        type(browser, "card-number", card.replaceAll("(\\d{4})(?=\\d)", "$1 "));
        browser.driver.findElement(By.id("place-order")).click();
        WebElement shown = browser.visible(By.id("order"));
        String orderId = browser.until(driver -> {
            String text = driver.findElement(By.id("order-id")).getText();
            return text.isEmpty() ? null : text;
        });
        assertThat(shown.isDisplayed()).isTrue();
        return UUID.fromString(orderId).toString();
    }

    private static void type(Browser browser, String id, String text) {
        WebElement field = browser.driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private static String outcome(Browser browser) {
        return browser.until(driver -> {
            String status = driver.findElement(By.cssSelector("#bookings li")).getDomAttribute("data-status");
            return "PENDING".equals(status) ? null : status;
        });
    }

    private static void meet(CyclicBarrier barrier) {
        try {
            barrier.await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }
}
