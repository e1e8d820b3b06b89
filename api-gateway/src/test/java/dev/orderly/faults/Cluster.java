package dev.orderly.faults;

import dev.orderly.axon.EmbeddedPostgresConfiguration;
import dev.orderly.support.JavaProcess;
import dev.orderly.support.TestApi;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * The system under test as real processes, and the faults the suite injects into them: a PostgreSQL server on a port
 * and data directory fixed for the cluster's life (so that it can be crashed and started again on the same data),
 * the sandbox jar, and app nodes from the packaged jar, each on its own fixed port.
 */
public final class Cluster implements AutoCloseable {

    private static final Path APP_JAR = Path.of("target", "orderly.jar");
    private static final Path SANDBOX_JAR = Path.of("..", "sandbox", "target", "sandbox.jar");
    /** Clusters started by this JVM, for their data folders' names. */
    private static final AtomicInteger CLUSTERS = new AtomicInteger();

    /** The settings every node of the suite runs with: short back-offs and deadlines, so that faults heal in seconds. */
    public static final List<String> NODE_SETTINGS = List.of(
            "--orderly.orders.payment-timeout=12s",
            "--orderly.payments.provider.read-timeout=2s",
            "--orderly.payments.retry-initial-backoff=200ms",
            "--orderly.payments.retry-max-backoff=2s",
            "--orderly.payments.settle-window=3s",
            "--orderly.effects.initial-backoff=200ms",
            "--orderly.effects.max-backoff=2s",
            "--axon.eventhandling.tokenstore.claim-timeout=5s",
            "--db-scheduler.heartbeat-interval=1s",
            "--db-scheduler.missed-heartbeats-limit=4",
            "--db-scheduler.polling-interval=500ms",
            // The attackers (alice, bob) reserve and keep units all scenario long to probe ownership, not hoarding;
            // the quota has its own test (HostileInputQuotaIT).
            "--orderly.reservations.max-units-per-customer=1000000");

    public record Node(String name, int port, JavaProcess process) {
        public TestApi api() {
            return new TestApi(port);
        }
    }

    private final Path dir;
    private final Path dataDir;
    private final int pgPort;
    private final JavaProcess sandbox;
    private final String sandboxUrl;
    private final int smtpPort;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    /** In front of the live nodes; the warehouse calls back through it, as it would through a deployment's. */
    private final Balancer balancer = Balancer.start(() -> liveNodes().stream().map(Node::port).toList());
    private EmbeddedPostgres postgres;
    private int pgRestarts;

    private Cluster(Path dir, Path dataDir, int pgPort, EmbeddedPostgres postgres, JavaProcess sandbox,
                    String sandboxUrl, int smtpPort) {
        this.dir = dir;
        this.dataDir = dataDir;
        this.pgPort = pgPort;
        this.postgres = postgres;
        this.sandbox = sandbox;
        this.sandboxUrl = sandboxUrl;
        this.smtpPort = smtpPort;
    }

    /**
     * Starts PostgreSQL and the sandbox for a cluster whose logs go to {@code dir}. The data folder is this cluster's
     * own ({@code pgdata-<pid>-<n>}): a fixed one was shared with any other run of the suite in the same working copy,
     * which wiped it at its start and stopped the server in it (pg_ctl reads the pid from the folder) at its end.
     */
    public static Cluster start(Path dir, String... sandboxArgs) {
        Path dataDir = dir.resolve("pgdata-" + ProcessHandle.current().pid() + "-" + CLUSTERS.incrementAndGet())
                .toAbsolutePath();
        int pgPort = JavaProcess.freePort();
        try {
            deleteRecursively(dataDir);
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EmbeddedPostgres postgres = startPostgres(dataDir, pgPort);
        List<String> args = new ArrayList<>(List.of("--port=0", "--smtp-port=0"));
        args.addAll(List.of(sandboxArgs));
        JavaProcess sandbox = JavaProcess.start(SANDBOX_JAR, dir.resolve("sandbox.log"), args.toArray(String[]::new));
        await().atMost(Duration.ofSeconds(30)).until(() -> find("SMTP sink listening on \\S+:(\\d+)",
                sandbox.output()) != null);
        return new Cluster(dir, dataDir, pgPort, postgres, sandbox,
                find("listening on (http://\\S+:\\d+)", sandbox.output()),
                Integer.parseInt(find("SMTP sink listening on \\S+:(\\d+)", sandbox.output())));
    }

    /**
     * Durable commits, whatever the test JVM's {@code orderly.database.embedded.durable}: a crashed server must keep
     * every transaction it acknowledged, and the nodes commit to this server only.
     */
    private static EmbeddedPostgres startPostgres(Path dataDir, int port) {
        try {
            return EmbeddedPostgresConfiguration.durable(EmbeddedPostgres.builder())
                    .setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("idle_in_transaction_session_timeout", "15s")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + pgPort + "/postgres";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
    }

    /** The sandbox's base URL, for {@code TestSandbox.tokenFor(sandboxUrl, card)}. */
    public String sandboxUrl() {
        return sandboxUrl;
    }

    public TestApi sandbox() {
        return new TestApi(Integer.parseInt(sandboxUrl.substring(sandboxUrl.lastIndexOf(':') + 1)));
    }

    /**
     * Applies the app's Flyway migrations from the test JVM, as the first node would, so that the nodes of a
     * scenario can start at once without racing for the schema.
     */
    public void migrate() {
        org.flywaydb.core.Flyway.configure().dataSource(jdbcUrl(), "postgres", "postgres")
                .locations("classpath:db/migration").load().migrate();
    }

    /** Starts the nodes at once and waits until every one answers its health check. */
    public List<Node> startNodes(Map<String, Integer> namesAndPorts) {
        List<Node> started = namesAndPorts.entrySet().stream().map(e -> startNode(e.getKey(), e.getValue())).toList();
        started.forEach(Cluster::awaitReady);
        return started;
    }

    public Node startNode(String name, int port, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--spring.datasource.url=" + jdbcUrl() + "?ApplicationName=" + name,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--sandbox.embedded=false",
                "--orderly.payments.provider.base-url=" + sandboxUrl,
                "--orderly.effects.warehouse-base-url=" + sandboxUrl,
                "--orderly.effects.warehouse-callback-url=" + balancer.url() + "/api/webhooks/warehouse",
                "--spring.mail.port=" + smtpPort));
        args.addAll(NODE_SETTINGS);
        args.addAll(List.of(extraArgs));
        Node node = new Node(name, port, JavaProcess.start(APP_JAR, dir.resolve(name + "-" + System.currentTimeMillis()
                + ".log"), args.toArray(String[]::new)));
        nodes.put(name, node);
        return node;
    }

    public static void awaitReady(Node node) {
        TestApi api = node.api();
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).until(() -> {
            if (!node.process().alive()) {
                throw new AssertionError("node " + node.name() + " died; its log:\n" + node.process().output());
            }
            try {
                return api.get("/actuator/health").status() == 200;
            } catch (RuntimeException notYetListening) {
                return false;
            }
        });
    }

    public Node node(String name) {
        return nodes.get(name);
    }

    /** The nodes whose process is alive (a paused one counts: it is alive, just not answering). */
    public List<Node> liveNodes() {
        return nodes.values().stream().filter(node -> node.process().alive()).toList();
    }

    /** SIGKILL: the node gets no chance to release claims, finish jobs or flush anything. */
    public void kill(String name) throws InterruptedException {
        nodes.get(name).process().kill();
    }

    public void pause(String name) {
        nodes.get(name).process().signal("STOP");
    }

    public void resume(String name) {
        nodes.get(name).process().signal("CONT");
    }

    /**
     * Crashes PostgreSQL: SIGKILL to the postmaster and every backend at once, no checkpoint, no shutdown; then
     * starts it again on the same data and port, where it runs crash recovery from the WAL.
     */
    public void crashAndRestartPostgres() throws Exception {
        long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
        all.add(postmaster);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : all) {
            process.onExit().get(10, TimeUnit.SECONDS);
        }
        try {
            postgres.close();
        } catch (Exception alreadyDead) {
            // the server is gone; close only releases the data folder's lock
        }
        Files.deleteIfExists(dataDir.resolve("epg-lock"));
        postgres = startPostgres(dataDir, pgPort);
        pgRestarts++;
    }

    /** Terminates every client connection of the app nodes, as an operator's {@code pg_terminate_backend} would. */
    public int terminateBackends() throws SQLException {
        try (Connection connection = connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery("""
                     SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                     WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'
                       AND application_name LIKE 'node-%'""")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    public int pgRestarts() {
        return pgRestarts;
    }

    @Override
    public void close() throws Exception {
        for (Node node : nodes.values()) {
            if (node.process().alive()) {
                node.process().signal("CONT");
                node.process().kill();
            }
        }
        balancer.close();
        sandbox.close();
        postgres.close();
        deleteRecursively(dataDir);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String find(String regex, String output) {
        Matcher matcher = Pattern.compile(regex).matcher(output);
        return matcher.find() ? matcher.group(1) : null;
    }
}
