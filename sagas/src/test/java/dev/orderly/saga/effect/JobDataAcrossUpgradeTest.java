package dev.orderly.saga.effect;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.serializer.JavaSerializer;
import dev.orderly.axon.job.JobDataSerializer;
import dev.sandbox.SandboxServer;
import dev.sandbox.SandboxSettings;
import dev.sandbox.mail.ReceivedMail;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The e-mail job on a real db-scheduler over a real PostgreSQL (Flyway's schema, as in production) sending through
 * the sandbox's real SMTP sink: a row as the release before wrote it (Java-serialized {@code subject|kind|step}
 * text, under the old task name) still runs, a row of this release holds readable JSON and runs, and a row whose
 * JSON is broken is neither run, nor dropped, nor able to stop the scheduler.
 */
class JobDataAcrossUpgradeTest {

    private static EmbeddedPostgres postgres;
    private static SandboxServer sandbox;
    private static Scheduler scheduler;
    private static JdbcTemplate jdbc;
    private static EffectLedger ledger;
    private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private static LegacyJobRows legacyRows;
    private static final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        DataSource database = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
        sandbox = SandboxServer.start(SandboxSettings.onFreePort());
        jdbc = new JdbcTemplate(database);
        ledger = new EffectLedger(jdbc);
        JavaMailSenderImpl mail = new JavaMailSenderImpl();
        mail.setHost("127.0.0.1");
        mail.setPort(sandbox.smtpPort());
        EffectProperties properties = new EffectProperties("orders@orderly.test", "orderly.test",
                "http://127.0.0.1:1", "", Duration.ofSeconds(5), 3, Duration.ofMillis(50), Duration.ofMillis(200));
        EffectJobs jobs = new EffectJobs(ledger, mail, null, properties, null);
        LedgerTasks tasks = new LedgerTasks(ledger, jdbc, meters);
        EffectJobConfiguration configuration = new EffectJobConfiguration();
        scheduler = Scheduler.create(database,
                        configuration.emailEffectTask(tasks, jobs, properties),
                        configuration.legacyEmailEffectTask(tasks, jobs, properties))
                .serializer(new JobDataSerializer())
                .pollingInterval(Duration.ofMillis(100))
                .threads(2)
                .build();
        legacyRows = new LegacyJobRows(jdbc, tasks, meters);
        scheduler.start();
        Logger log = (Logger) LoggerFactory.getLogger(LedgerTasks.class);
        log.setLevel(Level.INFO);
        log.addAppender(logged);
        logged.start();
    }

    @AfterAll
    static void stop() throws IOException {
        scheduler.stop();
        sandbox.close();
        postgres.close();
    }

    @Test
    void an_email_scheduled_by_the_release_before_is_sent_once_after_the_upgrade() {
        EffectKey key = decided("legacy");
        // Exactly as the release before scheduled it: its task name, its text data, the starter's Java serialization.
        SchedulerClient oldNode = SchedulerClient.Builder.create(postgres.getPostgresDatabase())
                .serializer(new JavaSerializer()).build();
        oldNode.scheduleIfNotExists(EffectJobConfiguration.LEGACY_EMAIL.instance(key.format()).data(key.format())
                .scheduledTo(Instant.now()));
        scheduler.triggerCheckForDueExecutions();

        await().untilAsserted(() -> assertThat(status(key)).isEqualTo("DONE"));
        assertThat(mailsTo(key)).singleElement().satisfies(sent -> {
            assertThat(sent.subject()).isEqualTo("Your order " + key.subject());
            assertThat(sent.messageId()).isEqualTo(key.messageId("orderly.test"));
        });
        await().untilAsserted(() -> assertThat(rows(key)).isZero());
    }

    @Test
    void an_email_of_this_release_is_stored_as_json_that_names_its_ledger_row_and_is_sent() {
        String orderId = UUID.randomUUID().toString();
        new LedgerEffects(ledger, scheduler).email(orderId, "order-confirmed", orderId + "@example.test",
                "Your order " + orderId, "Thank you.");
        EffectKey key = new EffectKey(orderId, "order-confirmed", LedgerEffects.STEP);
        scheduler.triggerCheckForDueExecutions();

        await().untilAsserted(() -> assertThat(status(key)).isEqualTo("DONE"));
        assertThat(mailsTo(key)).singleElement();
        await().untilAsserted(() -> assertThat(rows(key)).isZero());
    }

    @Test
    void the_json_of_a_job_is_readable_in_its_row() {
        EffectKey key = decided("stored");
        SchedulerClient client = SchedulerClient.Builder.create(postgres.getPostgresDatabase())
                .serializer(new JobDataSerializer()).build();
        client.scheduleIfNotExists(EffectJobConfiguration.EMAIL.instance(key.format()).data(new EffectJob(key))
                .scheduledTo(Instant.now().plus(Duration.ofDays(1))));

        String data = jdbc.queryForObject("SELECT convert_from(task_data, 'UTF8') FROM scheduled_tasks "
                + "WHERE task_name = 'effect-email.v2' AND task_instance = ?", String.class, key.format());
        assertThat(data).isEqualTo("{\"ledgerKey\":{\"subject\":\"" + key.subject()
                + "\",\"kind\":\"order-confirmed\",\"step\":\"1\"}}");
        jdbc.update("DELETE FROM scheduled_tasks WHERE task_instance = ?", key.format());
    }

    @Test
    void a_row_with_broken_json_stays_visible_and_unsent_and_the_scheduler_goes_on() {
        EffectKey broken = decided("broken");
        EffectKey incomplete = decided("incomplete");
        insertRaw(broken, "{\"ledgerKey\":{\"subject\":\"" + broken.subject());
        insertRaw(incomplete, "{\"ledgerKey\":{\"subject\":\"" + incomplete.subject() + "\"}}");
        scheduler.triggerCheckForDueExecutions();

        await().untilAsserted(() -> {
            assertThat(triesLogged(broken)).isGreaterThanOrEqualTo(2);
            assertThat(triesLogged(incomplete)).isGreaterThanOrEqualTo(2);
        });
        assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.ERROR)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(message -> assertThat(message).contains(broken.format(), "cannot be run",
                        "stays in scheduled_tasks"))
                .anySatisfy(message -> assertThat(message).contains(incomplete.format(), "ledgerKey.kind"));
        assertThat(status(broken)).isEqualTo("PENDING");
        assertThat(mailsTo(broken)).isEmpty();
        assertThat(mailsTo(incomplete)).isEmpty();
        assertThat(meters.get("orderly.jobs.unreadable").tag("task", "effect-email.v2").counter().count())
                .isGreaterThanOrEqualTo(4);
        // Tries that could not read the row are no attempts: repaired, it has all of them (3 here) to succeed.
        assertThat(failures(broken)).isZero();
        assertThat(failures(incomplete)).isZero();

        // The scheduler still runs the jobs that can be read.
        an_email_of_this_release_is_stored_as_json_that_names_its_ledger_row_and_is_sent();
        jdbc.update("DELETE FROM scheduled_tasks WHERE task_instance IN (?, ?)", broken.format(),
                incomplete.format());
    }

    @Test
    void a_row_with_no_data_or_json_null_is_unreadable_rather_than_a_failure_that_is_given_up() {
        EffectKey empty = decided("empty");
        EffectKey jsonNull = decided("json-null");
        insertRaw(empty, null);
        insertRaw(jsonNull, "null");
        scheduler.triggerCheckForDueExecutions();

        // Four tries each, past the job's 3 attempts: never run, never given up, never left picked.
        await().untilAsserted(() -> {
            assertThat(triesLogged(empty)).isGreaterThanOrEqualTo(4);
            assertThat(triesLogged(jsonNull)).isGreaterThanOrEqualTo(4);
        });
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(message -> assertThat(message).contains(empty.format(), "holds no data"));
        assertThat(status(empty)).isEqualTo("PENDING");
        assertThat(status(jsonNull)).isEqualTo("PENDING");
        assertThat(rows(empty)).isOne();
        assertThat(rows(jsonNull)).isOne();
        jdbc.update("DELETE FROM scheduled_tasks WHERE task_instance IN (?, ?)", empty.format(), jsonNull.format());
    }

    @Test
    void the_rows_left_under_the_names_of_the_release_before_are_counted() {
        EffectKey key = decided("waiting");
        SchedulerClient oldNode = SchedulerClient.Builder.create(postgres.getPostgresDatabase())
                .serializer(new JavaSerializer()).build();
        oldNode.scheduleIfNotExists(EffectJobConfiguration.LEGACY_EMAIL.instance(key.format()).data(key.format())
                .scheduledTo(Instant.now().plus(Duration.ofDays(1))));
        legacyRows.refresh();
        double waiting = meters.get("orderly.jobs.legacy").gauge().value();
        jdbc.update("DELETE FROM scheduled_tasks WHERE task_instance = ?", key.format());
        legacyRows.refresh();

        assertThat(waiting).isEqualTo(1);
        assertThat(meters.get("orderly.jobs.legacy").gauge().value()).isZero();
    }

    private static EffectKey decided(String label) {
        String orderId = label + "-" + UUID.randomUUID();
        EffectKey key = new EffectKey(orderId, "order-confirmed", "1");
        ledger.decide(key, orderId + "@example.test",
                "{\"subject\": \"Your order " + orderId + "\", \"text\": \"Thank you.\"}");
        return key;
    }

    private static void insertRaw(EffectKey key, String data) {
        jdbc.update("""
                INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, version)
                VALUES ('effect-email.v2', ?, ?, now(), false, 1)""", key.format(),
                data == null ? null : data.getBytes(StandardCharsets.UTF_8));
    }

    private static String status(EffectKey key) {
        return jdbc.queryForObject("SELECT status FROM effect_ledger WHERE subject_id = ? AND kind = ? AND step = ?",
                String.class, key.subject(), key.kind(), key.step());
    }

    private static long rows(EffectKey key) {
        return jdbc.queryForObject("SELECT count(*) FROM scheduled_tasks WHERE task_instance = ?", Long.class,
                key.format());
    }

    /** Tries of a row that could not be read, by the error each logs. */
    private static long triesLogged(EffectKey key) {
        synchronized (logged) {
            return logged.list.stream().filter(event -> event.getLevel() == Level.ERROR)
                    .filter(event -> event.getFormattedMessage().contains(key.format()))
                    .count();
        }
    }

    private static int failures(EffectKey key) {
        return jdbc.queryForList("SELECT coalesce(consecutive_failures, 0) FROM scheduled_tasks "
                + "WHERE task_instance = ? AND NOT picked", Integer.class, key.format()).stream()
                .findFirst().orElse(0);
    }

    private static java.util.List<ReceivedMail> mailsTo(EffectKey key) {
        return sandbox.mail().messages().stream()
                .filter(mail -> mail.to().contains(key.subject() + "@example.test")).toList();
    }
}
