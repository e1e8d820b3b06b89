package dev.orderly.performance;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.event.SchedulerListener;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.orderly.support.TestOrders.GOOD_CARD;
import static dev.orderly.support.TestOrders.orderJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A db-scheduler job that is due now runs as soon as the transaction that scheduled it commits, not at the
 * scheduler's next poll: here the poll comes once an hour, so a job that ran was woken by its commit. A job whose
 * transaction rolled back never exists, so it never runs. Waking the scheduler while the transaction is still open
 * (what db-scheduler's own immediate execution does) finds nothing, as the job's row is not visible yet: the first
 * test makes the scheduler look then, and the job must still run.
 */
@OrderlySystemTest
@TestPropertySource(properties = "db-scheduler.polling-interval=1h")
@Import(JobsRunAfterTheirCommitIT.ProbeTask.class)
class JobsRunAfterTheirCommitIT {

    /** Instances of the probe task that have run, by their id. */
    static final List<String> RAN = new CopyOnWriteArrayList<>();
    /** How often the scheduler has looked for due jobs. */
    static final AtomicInteger LOOKS = new AtomicInteger();

    /** A task of the test's own, so that a run is seen directly rather than through its effects. */
    @TestConfiguration(proxyBeanMethods = false)
    static class ProbeTask {
        @Bean
        OneTimeTask<Void> probe() {
            return Tasks.oneTime("jobs-after-commit-probe").execute((instance, context) -> RAN.add(instance.getId()));
        }

        @Bean
        SchedulerListener looksForDueJobs() {
            return new AbstractSchedulerListener() {
                @Override
                public void onSchedulerEvent(SchedulerEventType type) {
                    if (type == SchedulerEventType.RAN_EXECUTE_DUE) {
                        LOOKS.incrementAndGet();
                    }
                }
            };
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    Scheduler scheduler;
    @Autowired
    OneTimeTask<Void> probe;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void a_job_scheduled_in_a_transaction_runs_once_it_commits_although_the_next_poll_is_an_hour_away() {
        String job = "committed-" + UUID.randomUUID();

        transactions.executeWithoutResult(tx -> {
            scheduler.schedule(probe.instance(job), Instant.now());
            int looks = LOOKS.get();
            scheduler.triggerCheckForDueExecutions();
            await().atMost(Duration.ofSeconds(10)).until(() -> LOOKS.get() > looks);
        });

        await().atMost(Duration.ofSeconds(30)).until(() -> RAN.contains(job));
    }

    @Test
    void a_job_whose_transaction_rolls_back_never_runs() {
        String rolledBack = "rolled-back-" + UUID.randomUUID();
        String committedLater = "committed-later-" + UUID.randomUUID();

        transactions.executeWithoutResult(tx -> {
            scheduler.schedule(probe.instance(rolledBack), Instant.now());
            tx.setRollbackOnly();
        });
        transactions.executeWithoutResult(tx -> scheduler.schedule(probe.instance(committedLater), Instant.now()));

        // The executor has been woken and has run what was due since: the rolled-back job was never among it.
        await().atMost(Duration.ofSeconds(30)).until(() -> RAN.contains(committedLater));
        assertThat(RAN).doesNotContain(rolledBack);
        assertThat(scheduler.getScheduledExecution(TaskInstanceId.of(probe.getName(), rolledBack))).isEmpty();
    }

    @Test
    void an_order_is_confirmed_although_the_next_poll_is_an_hour_away() {
        TestApi api = new TestApi(port);
        String resourceId = api.registerResource("Hourly lamp", 3);

        TestApi.Response placed = api.post("/api/orders", orderJson(resourceId, 1, "customer-" + UUID.randomUUID(),
                "hourly-" + UUID.randomUUID() + "@example.com", GOOD_CARD));

        // The charge is a job that the payment processor schedules with the payment's request.
        assertThat(placed.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(api.get(placed.location())
                .body().get("paymentStatus").asText()).isEqualTo("CAPTURED"));
    }
}
