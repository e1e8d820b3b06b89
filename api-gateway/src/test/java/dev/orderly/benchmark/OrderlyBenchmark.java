package dev.orderly.benchmark;

import dev.orderly.axon.ProcessorStatus;
import dev.orderly.axon.ProcessorStatusReader;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The performance benchmark (see the README's "Performance" section). Not part of the normal build: it runs only
 * with {@code -Pbenchmark}. It asserts correctness (S3's capacity gate), never speed; the goals are reported.
 */
@Tag("benchmark")
class OrderlyBenchmark {

    private static final Duration WINDOW = Duration.parse("PT" + System.getProperty("benchmark.window", "5s"));
    private static final long READ_ROWS = Long.getLong("benchmark.read-rows", 1_000_000);
    private static final int RUSH_ROUNDS = Integer.getInteger("benchmark.rush-rounds", 5);
    private static final int ORDERS = Integer.getInteger("benchmark.orders", 600);
    private static final Duration LOAD_DURATION = Duration.parse("PT" + System.getProperty("benchmark.load", "20s"));
    private static final long REPLAY_EVENTS = Long.getLong("benchmark.replay-events", 1_000_000);
    /** S6's stream sizes: the first is the fresh resource every other is divided by. */
    private static final List<Long> HISTORY = Arrays.stream(System.getProperty("benchmark.history",
            "0,10000,100000").split(",")).map(String::strip).map(Long::valueOf).toList();
    /** The stream size of S6's goal. */
    private static final long HISTORY_GOAL_EVENTS = 100_000;
    /** S6's decisions per stream size after the first (cold) one. */
    private static final int HISTORY_SAMPLES = Integer.getInteger("benchmark.history-samples", 5);
    private static final Duration DECISION_TIMEOUT = Duration.ofSeconds(60);
    private static final int IDLE_SAMPLES = Integer.getInteger("benchmark.idle-samples", 20);
    /** Where to write a JFR profile of the scenarios (not of the baseline); none by default. */
    private static final String JFR = System.getProperty("benchmark.jfr", "");
    /**
     * The replay as it ran before projections wrote a batch at once (issue 13): a savepoint and the writes per event,
     * batches of 20. Run in the same benchmark as the default, so the gain is a ratio within one run.
     */
    private static final List<String> PER_EVENT_REPLAY = List.of(
            "orderly.projections.batch-first=false",
            "axon.eventhandling.processors.resource-availability.batch-size=20");
    private static final Path OUTPUT = Path.of("target", "benchmark");

    @Test
    void measures_the_scenarios_against_the_jdbc_baseline() throws Exception {
        try (BenchmarkServer server = BenchmarkServer.start(OUTPUT.resolve("postgres"))) {
            server.createDatabase("baseline");
            JdbcBaseline baseline = new JdbcBaseline(server.database("baseline"), WINDOW, READ_ROWS);
            baseline.prepare();
            JdbcBaseline.Result before = baseline.measure();
            log("baseline before: " + before);
            log("PostgreSQL settings: " + durability(server.database("baseline")));
            JfrProfile profile = JFR.isBlank() ? null : JfrProfile.start(Path.of(JFR));

            // First: of all scenarios it is the likeliest to fail on a setup mistake, and the cheapest to lose.
            String replayUrl = server.createDatabase("replay");
            ProjectionReplay s4 = new ProjectionReplay(server.database("replay"), replayUrl, REPLAY_EVENTS);
            s4.prepare();
            double replayDefault = s4.replay("replay-default", List.of());
            log("S4 default: " + replayDefault + " events/s");
            double replayPerEvent = s4.replay("replay-per-event", PER_EVENT_REPLAY);
            log("S4 per event (as before): " + replayPerEvent + " events/s");

            String appUrl = server.createDatabase("orderly");
            double s1Single;
            double s1Sixteen;
            double s1CommandSideOnly;
            long s1Failures;
            List<ReservationRush.Round> rounds = new ArrayList<>();
            OrderFlow.Burst burst;
            OrderFlow.Load load;
            IdleVisibility.Result s7;
            HistoryCost.Result s6;
            String appDurability;
            try (AppNode app = AppNode.start("scenarios", appUrl, List.of())) {
                appDurability = durability(app.bean(DataSource.class));
                CommandThroughput s1 = new CommandThroughput(app.bean(CommandGateway.class), WINDOW);
                s1.eventsPerSecond(4); // warm-up: JIT, pools, caches
                awaitProcessorsCaughtUp(app);
                s1Single = s1.eventsPerSecond(1);
                awaitProcessorsCaughtUp(app);
                s1Sixteen = s1.eventsPerSecond(16);
                s1CommandSideOnly = commandSideOnly(app, s1);
                s1Failures = s1.failures();
                log("S1: 1 thread " + s1Single + " events/s, 16 threads " + s1Sixteen + ", command side alone "
                        + s1CommandSideOnly + ", failures " + s1Failures);
                awaitProcessorsCaughtUp(app);

                ReservationRush s3 = new ReservationRush(app.port());
                s3.run(100, 10); // warm-up round, not counted
                for (int i = 0; i < RUSH_ROUNDS; i++) {
                    awaitProcessorsCaughtUp(app);
                    ReservationRush.Round round = s3.run(100, 10);
                    log("S3 round " + i + ": " + round.accepted() + " accepted, drain " + round.drainMillis() + " ms");
                    rounds.add(round);
                }
                awaitProcessorsCaughtUp(app);

                try (OrderFlow s2 = new OrderFlow(app.port(), server.database("orderly"),
                        app.bean(ProcessorStatusReader.class))) {
                    s2.prepare(20);
                    s2.saturate(40, 8); // warm-up
                    awaitProcessorsCaughtUp(app);
                    burst = s2.saturate(ORDERS, 32);
                    log("S2/S5 burst: " + burst);
                    awaitProcessorsCaughtUp(app);
                    load = s2.steady(burst.confirmedPerSecond() / 2, LOAD_DURATION);
                    log("S2 half load: " + load.orders() + " orders, p50 " + load.latencies().percentile(50)
                            + " ms, p99 " + load.latencies().percentile(99) + " ms");
                }
                awaitProcessorsCaughtUp(app);

                s7 = new IdleVisibility(app.port(), server.database("orderly"))
                        .measure(IDLE_SAMPLES, () -> awaitProcessorsCaughtUp(app));
                log("S7: decided p50 " + s7.decided().percentile(50) + " ms, visible p50 "
                        + s7.visible().percentile(50) + " ms, missed " + s7.missed());

                // Last: a decision that never comes is retried by the app until it stops.
                s6 = new HistoryCost(app, server.database("orderly"), HISTORY_SAMPLES, DECISION_TIMEOUT)
                        .measure(HISTORY, () -> caughtUpWithin(app, Duration.ofMinutes(30)));
                s6.sizes().forEach(size -> log("S6 " + size.events() + " events: cold " + size.coldMillis()
                        + " ms, warm p50 " + size.warm().percentile(50) + " ms"
                        + (size.undecided() == null ? "" : ", " + size.undecided())));
            } finally {
                if (profile != null) {
                    profile.close();
                }
            }

            JdbcBaseline.Result after = baseline.measure();
            log("baseline after: " + after);

            Map<String, Object> machine = machine(server);
            machine.put("postgresql settings (baseline)", durability(server.database("baseline")));
            machine.put("postgresql settings (app)", appDurability);
            Report report = new Report(machine, settings());
            report.add("baseline", "JDBC single-row insert commits, 1 thread", mean(before.singleRowCommits1(),
                    after.singleRowCommits1()), "commits/s");
            report.add("baseline", "JDBC single-row insert commits, 16 threads", mean(before.singleRowCommits16(),
                    after.singleRowCommits16()), "commits/s");
            report.add("baseline", "JDBC multi-row insert (" + JdbcBaseline.ROWS_PER_STATEMENT + " rows/statement)",
                    mean(before.multiRowRows(), after.multiRowRows()), "rows/s");
            report.add("baseline", "JDBC sequential read of " + String.format("%,d", READ_ROWS) + " rows",
                    mean(before.sequentialReadRows(), after.sequentialReadRows()), "rows/s");

            report.add("S1", "events appended via Axon commands, 1 thread", s1Single, "events/s",
                    "single-row commits 1 thread", before.singleRowCommits1(), after.singleRowCommits1());
            report.add("S1", "events appended via Axon commands, 16 threads", s1Sixteen, "events/s",
                    "single-row commits 16 threads", before.singleRowCommits16(), after.singleRowCommits16(),
                    "≥ 0.4×", 0.4);
            report.add("S1", "the same, 16 threads, with every event processor stopped (the command side alone)",
                    s1CommandSideOnly, "events/s", "single-row commits 16 threads", before.singleRowCommits16(),
                    after.singleRowCommits16());

            List<Double> latencies = new ArrayList<>();
            rounds.forEach(round -> latencies.addAll(round.latencies()));
            Latencies rush = Latencies.of(latencies);
            boolean gate = rounds.stream().allMatch(round -> round.accepted() == 10 && round.held() == 10
                    && round.rejected() == 90);
            double drain = Latencies.of(rounds.stream().map(ReservationRush.Round::drainMillis).toList())
                    .percentile(50);
            report.addWithGoal("S3", "100 clients, capacity 10: accepted per round (" + RUSH_ROUNDS + " rounds)",
                    rounds.stream().mapToInt(ReservationRush.Round::accepted).min().orElse(0), "min accepted",
                    "exactly 10", gate);
            report.add("S3", "time to drain 100 requests (median round)", drain, "ms");
            report.add("S3", "decision latency p50", rush.percentile(50), "ms");
            report.addWithGoal("S3", "decision latency p99 (" + rush.count() + " requests)", rush.percentile(99), "ms",
                    "≤ 300 ms", rush.percentile(99) <= 300);

            report.add("S2", "orders POST → CONFIRMED at saturation (" + burst.orders() + " orders, 32 clients)",
                    burst.confirmedPerSecond(), "orders/s", "single-row commits 16 threads",
                    before.singleRowCommits16(), after.singleRowCommits16(), "≥ 0.005×", 0.005);
            report.addWithGoal("S2", "latency POST → CONFIRMED p50 at half load ("
                    + Report.number(load.offeredPerSecond()) + " orders/s, " + load.orders() + " orders)",
                    load.latencies().percentile(50), "ms", "≤ 200 ms", load.latencies().percentile(50) <= 200);
            report.add("S2", "latency POST → CONFIRMED p99 at half load", load.latencies().percentile(99), "ms");
            report.add("S2", "read-model lag p50 at half load (event stored → order_view shows it)",
                    load.readModelLag().percentile(50), "ms");
            report.add("S2", "read-model lag p99 at half load", load.readModelLag().percentile(99), "ms");
            report.add("S2", "order-views lag at saturation, max sampled", burst.maxLagEvents(), "events");
            report.add("S4", "projection replay of " + String.format("%,d", REPLAY_EVENTS) + " events, default "
                    + "settings (a batch at once)", replayDefault, "events/s", "sequential read",
                    before.sequentialReadRows(), after.sequentialReadRows(), "≥ 0.1×", 0.1);
            report.add("S4", "projection replay, per event as before (" + String.join(", ", PER_EVENT_REPLAY) + ")",
                    replayPerEvent, "events/s", "sequential read", before.sequentialReadRows(),
                    after.sequentialReadRows());
            report.add("S5", "completed sagas (orders SHIPPED) at saturation", burst.shippedPerSecond(), "sagas/s",
                    "single-row commits 16 threads", before.singleRowCommits16(), after.singleRowCommits16());
            addHistory(report, s6);
            report.add("S7", "idle: reservation decided (the 202), p50 of " + s7.decided().count(),
                    s7.decided().percentile(50), "ms");
            report.addRelative("S7", "idle: decided → visible in GET /api/reservations/{id} (POST to no longer "
                    + "PENDING), p50", s7.visible().percentile(50), "ms", "decided", s7.decided().percentile(50),
                    "≤ 3×", 3.0);
            if (s7.missed() > 0) {
                report.note("S7: " + s7.missed() + " of " + IDLE_SAMPLES + " reservations not decided and visible "
                        + "within 30 s");
            }
            if (burst.failed() > 0 || load.failed() > 0) {
                report.note("orders not completed: " + burst.failed() + " of the burst, " + load.failed()
                        + " at half load");
            }
            if (s1Failures > 0) {
                report.note("S1: " + s1Failures + " commands failed");
            }

            report.write(OUTPUT);
            System.out.println();
            System.out.println("Orderly benchmark, " + report.machineLine());
            System.out.println();
            System.out.println(report.table());
            report.notes().forEach(note -> System.out.println("- " + note));
            System.out.println("JSON: " + OUTPUT.resolve("benchmark.json").toAbsolutePath());
            if (profile != null) {
                String summary = JfrProfile.summary(profile.destination(), 15);
                Files.writeString(OUTPUT.resolve("profile.txt"), summary);
                System.out.println();
                System.out.println("JFR profile of the scenarios: " + profile.destination());
                System.out.print(summary);
            }

            assertThat(rounds).as("S3: exactly 10 of 100 reservations accepted in every round, 10 units held")
                    .allSatisfy(round -> {
                        assertThat(round.accepted()).isEqualTo(10);
                        assertThat(round.rejected()).isEqualTo(90);
                        assertThat(round.held()).isEqualTo(10);
                    });
        }
    }

    /**
     * S1 at 16 threads while no processor runs: what command handling and the append cost by themselves, without the
     * projections, monitor, saga and payment processor handling each event on the same two cores at the same time.
     */
    private static double commandSideOnly(AppNode app, CommandThroughput s1) throws Exception {
        var processors = app.bean(EventProcessingConfiguration.class).eventProcessors().values();
        processors.forEach(EventProcessor::shutDown);
        try {
            return s1.eventsPerSecond(16);
        } finally {
            processors.forEach(EventProcessor::start);
            awaitProcessorsCaughtUp(app);
        }
    }

    /** Waits until every processor has handled every event, so one scenario's backlog does not slow the next. */
    static void awaitProcessorsCaughtUp(AppNode app) {
        ProcessorStatusReader reader = app.bean(ProcessorStatusReader.class);
        Awaitility.await("processors at the head").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> reader.read().stream().allMatch(status -> status.lagEvents() == 0));
    }

    /** Whether every processor reached the head within {@code atMost}; S6 goes on either way and says so. */
    private static boolean caughtUpWithin(AppNode app, Duration atMost) {
        try {
            ProcessorStatusReader reader = app.bean(ProcessorStatusReader.class);
            Awaitility.await("processors at the head").atMost(atMost).pollInterval(Duration.ofMillis(100))
                    .until(() -> reader.read().stream().allMatch(status -> status.lagEvents() == 0));
            return true;
        } catch (ConditionTimeoutException behind) {
            return false;
        }
    }

    /**
     * S6: each stream size's warm decisions (the figure) divided by the fresh resource's, and the first decision
     * after the fill (cold: the first load of the stream since it was written) divided by the fresh one's first.
     */
    private static void addHistory(Report report, HistoryCost.Result result) {
        List<HistoryCost.Size> sizes = result.sizes();
        report.note(String.format("S6: the %,d events were written by SQL in %.1f s; the processors %s %.1f s later",
                HISTORY.stream().mapToLong(Long::longValue).sum(), result.fillSeconds(),
                result.caughtUp() ? "had handled them" : "had still not handled them (decisions timed meanwhile)",
                result.catchUpSeconds()));
        if (sizes.isEmpty()) {
            return;
        }
        HistoryCost.Size fresh = sizes.get(0);
        for (HistoryCost.Size size : sizes) {
            String stream = size == fresh ? "a fresh resource (" + String.format("%,d", size.events())
                    + " events besides its registration)" : String.format("%,d", size.events()) + " events";
            if (size == fresh) {
                report.add("S6", "decision on " + stream + ", p50 of " + size.warm().count() + " after the first",
                        size.warm().percentile(50), "ms");
                report.add("S6", "the first decision on it (cold)", size.coldMillis(), "ms");
            } else {
                boolean goal = size.events() == HISTORY_GOAL_EVENTS;
                report.addRelative("S6", "decision with " + stream + " in the resource's stream, p50 of "
                                + size.warm().count() + " after the first", size.warm().percentile(50), "ms",
                        "fresh", fresh.warm().percentile(50), goal ? "≤ 1.5×" : null, goal ? 1.5 : null);
                report.addRelative("S6", "the first decision on it (cold)", size.coldMillis(), "ms",
                        "fresh, first", fresh.coldMillis(), null, null);
            }
            if (size.undecided() != null) {
                report.note("S6 at " + String.format("%,d", size.events()) + " events: " + size.undecided());
            }
        }
        HistoryCost.Size largest = sizes.get(sizes.size() - 1);
        if (sizes.size() < HISTORY.size()) {
            report.note("S6: sizes after " + String.format("%,d", largest.events()) + " events not measured");
        }
    }

    /** The server settings that make a commit durable, as the given connection's server reports them. */
    private static String durability(DataSource database) {
        JdbcTemplate jdbc = new JdbcTemplate(database);
        return "fsync " + jdbc.queryForObject("SHOW fsync", String.class)
                + ", synchronous_commit " + jdbc.queryForObject("SHOW synchronous_commit", String.class)
                + ", full_page_writes " + jdbc.queryForObject("SHOW full_page_writes", String.class)
                + ", port " + jdbc.queryForObject("SELECT inet_server_port()", Integer.class);
    }

    private static Map<String, Object> machine(BenchmarkServer server) throws Exception {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("date", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
        machine.put("cpu", cpuModel());
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        machine.put("memory", Math.round(os.getTotalMemorySize() / 1024.0 / 1024 / 1024) + " GiB");
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("postgresql", server.version() + " (embedded, zonky)");
        // Other processes on the machine skew every figure; the load average at the end says how much there was.
        machine.put("load average at the end (1/5/15 min)", loadAverage());
        return machine;
    }

    private static String loadAverage() throws Exception {
        Path loadavg = Path.of("/proc/loadavg");
        if (!Files.exists(loadavg)) {
            return "unknown";
        }
        String[] fields = Files.readString(loadavg).split(" ");
        return fields[0] + " / " + fields[1] + " / " + fields[2];
    }

    private static String cpuModel() throws Exception {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.exists(cpuinfo)) {
            return "unknown";
        }
        return Files.readAllLines(cpuinfo).stream().filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
    }

    private static Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("window", WINDOW.toString());
        settings.put("readRows", READ_ROWS);
        settings.put("rushRounds", RUSH_ROUNDS);
        settings.put("orders", ORDERS);
        settings.put("replayEvents", REPLAY_EVENTS);
        settings.put("perEventReplay", PER_EVENT_REPLAY);
        settings.put("halfLoadDuration", LOAD_DURATION.toString());
        settings.put("history", HISTORY);
        settings.put("historySamples", HISTORY_SAMPLES);
        settings.put("decisionTimeout", DECISION_TIMEOUT.toString());
        settings.put("idleSamples", IDLE_SAMPLES);
        settings.put("jfr", JFR.isBlank() ? "off" : JFR);
        return settings;
    }

    private static double mean(double a, double b) {
        return (a + b) / 2;
    }

    static void log(String line) {
        System.out.println("[benchmark] " + line);
    }
}
