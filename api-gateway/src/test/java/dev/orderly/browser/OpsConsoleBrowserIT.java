package dev.orderly.browser;

import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import dev.orderly.support.TestSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator console at {@code /ops} in a real Chromium: a payment the provider never answered is settled from the
 * manual-intervention queue, intake is paused and resumed, and a customer is told the console is not for them.
 */
@PagesSystemTest
class OpsConsoleBrowserIT {

    @LocalServerPort
    int port;

    @AfterEach
    void providerAndIntakeBack() {
        TestSandbox.outage(false);
        new TestApi(port).post("/api/ops/intake/resume", "{\"operator\":\"test cleanup\"}");
    }

    @Test
    void an_operator_resolves_a_payment_that_needs_attention_from_the_console() throws Exception {
        TestApi ops = new TestApi(port);
        String token = TestSandbox.tokenFor(TestOrders.GOOD_CARD);
        TestSandbox.outage(true);
        TestApi.Response accepted = ops.post("/api/payments", """
                {"orderId":"%s","amount":1999,"currency":"EUR","paymentToken":"%s"}"""
                .formatted(UUID.randomUUID(), token));
        String paymentId = accepted.location().substring("/api/payments/".length());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(ops.get(accepted.location()).text("status")).isEqualTo("NEEDS_ATTENTION"));
        TestSandbox.outage(false);

        try (Browser console = Browser.open(port)) {
            console.go("/ops").signIn("ops", "ops-secret");
            WebElement item = console.visible(By.cssSelector("#attention tr[data-payment-id='" + paymentId + "']"));
            assertThat(item.getText()).contains("19.99").contains("attempts ended without an answer");
            console.visible(By.cssSelector("#processors tr[data-processor='order-views']"));
            console.visible(By.cssSelector("#lag-chart .uplot canvas"));
            // A few samples, so that the screenshot shows lines rather than points.
            console.until(driver -> Integer.parseInt(driver.findElement(By.id("lag-chart"))
                    .getDomAttribute("data-samples")) >= 3);
            console.until(ExpectedConditions.attributeToBe(By.id("monitor-status"), "data-status", "OK"));
            console.screenshot("ops-console");

            new Select(item.findElement(By.cssSelector("select.resolution"))).selectByValue("NOT_CHARGED");
            item.findElement(By.cssSelector("input.note")).sendKeys("nothing in the provider portal");
            item.findElement(By.cssSelector("button.resolve")).click();

            console.until(ExpectedConditions.invisibilityOfElementLocated(
                    By.cssSelector("#attention tr[data-payment-id='" + paymentId + "']")));
            assertThat(console.driver.findElement(By.id("ops-message")).getText())
                    .isEqualTo("Resolve " + paymentId + ": done");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(ops.get(accepted.location()).text("status")).isEqualTo("CANCELLED"));
            assertThat(ops.get(accepted.location()).text("reason")).contains("ops")
                    .contains("nothing in the provider portal");
            assertThat(console.consoleErrors()).isEmpty();
        }
    }

    @Test
    void an_operator_pauses_and_resumes_intake_and_replays_a_read_model_from_the_console() {
        try (Browser console = Browser.open(port)) {
            console.go("/ops").signIn("ops", "ops-secret");
            console.until(ExpectedConditions.attributeToBe(By.id("intake-state"), "data-accepting", "true"));

            console.driver.findElement(By.id("intake-reason")).sendKeys("provider maintenance");
            console.driver.findElement(By.id("pause")).click();
            console.until(ExpectedConditions.attributeToBe(By.id("intake-state"), "data-accepting", "false"));
            assertThat(console.driver.findElement(By.id("intake-facts")).getText())
                    .contains("paused by ops").contains("provider maintenance");
            assertThat(new TestApi(port).get("/api/ops/intake").body().path("accepting").asBoolean()).isFalse();

            console.driver.findElement(By.id("resume")).click();
            console.until(ExpectedConditions.attributeToBe(By.id("intake-state"), "data-accepting", "true"));

            console.visible(By.cssSelector("#processors tr[data-processor='order-views'] button.replay")).click();
            console.until(ExpectedConditions.textToBe(By.id("ops-message"), "Replay order-views: done"));
            console.visible(By.cssSelector("#processors tr[data-processor='payment-processor'] button.replay"))
                    .click();
            console.until(ExpectedConditions.textMatches(By.id("ops-message"), Pattern.compile(
                    "Replay payment-processor: .+")));
            assertThat(console.driver.findElement(By.id("ops-message")).getDomAttribute("class")).contains("error");
        }
    }

    @Test
    void a_customer_on_the_console_is_told_it_is_for_operators_and_sees_no_data() {
        try (Browser alice = Browser.open(port)) {
            alice.go("/ops").signIn("alice", "alice-secret");
            assertThat(alice.visible(By.id("not-ops")).getText()).contains("OPS role");
            assertThat(alice.driver.findElement(By.id("console")).isDisplayed()).isFalse();
            assertThat(alice.driver.findElements(By.cssSelector("#processors tr"))).isEmpty();
        }
    }
}
