package dev.orderly.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.support.OrderlySystemTest;
import dev.orderly.support.TestApi;
import dev.orderly.support.TestOrders;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The alert rules ({@code ops/prometheus/alerts.yml}) and the Grafana dashboard ({@code ops/grafana/}) against the
 * running app: every metric they name is exported at {@code /actuator/prometheus}, so a renamed or removed meter
 * breaks the build rather than an alert that then never fires. Also that each file is what its tool loads.
 */
@OrderlySystemTest
class OperationsMetricsIT {

    private static final Path ALERTS = OpsFiles.resolve("ops/prometheus/alerts.yml");
    private static final Path DASHBOARD = OpsFiles.resolve("ops/grafana/orderly-dashboard.json");
    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
    private static final Set<String> RULE_KEYS = Set.of("alert", "expr", "for", "keep_firing_for", "labels",
            "annotations");
    private static final Pattern DURATION = Pattern.compile("(\\d+(ms|s|m|h|d|w|y))+");
    private static final Pattern LABEL_REFERENCE = Pattern.compile("\\$labels\\.(\\w+)");
    private static final Pattern AGGREGATION = Pattern.compile(
            "\\b(sum|min|max|avg|count|group|stddev|stdvar|topk|bottomk|quantile|count_values)\\s*(by|without|\\()");
    private static final Pattern BY_LABELS = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)[^}]*}|\\$(\\w+)");
    private static final Set<String> GRAFANA_BUILTINS = Set.of("__rate_interval", "__interval", "__interval_ms",
            "__range", "__range_s", "__range_ms");
    private static final String DATASOURCE = "${DS_PROMETHEUS}";

    @LocalServerPort
    int port;

    @Test
    void every_metric_the_alert_rules_and_the_dashboard_name_is_exported_by_the_running_app() throws IOException {
        Map<String, Set<String>> referenced = new TreeMap<>();
        for (Map<String, Object> rule : alertRules()) {
            reference(referenced, (String) rule.get("expr"), "alerts.yml " + rule.get("alert"));
        }
        dashboardQueries().forEach((where, expr) -> reference(referenced, expr, where));
        assertThat(referenced).as("names found in the files").containsKeys("orderly_processor_lag_seconds",
                "orderly_monitor_violations", "orderly_intake_paused", "orderly_attention_queue",
                "orderly_processor_dead_letters", "orderly_payment_outcomes_total", "orderly_saga_fulfilments_total",
                "http_server_requests_seconds_bucket", "hikaricp_connections_pending", "up");

        // An order all the way to SHIPPED, so that meters made on first use (HTTP, Axon's buses, read-model rows
        // per status) exist as they would on any node that has served traffic.
        TestApi api = new TestApi(port);
        String resource = api.registerResource("Metrics desk", 2);
        TestApi.Response placed = api.post("/api/orders", TestOrders.orderJson(resource, 1, "metrics",
                "metrics-" + UUID.randomUUID() + "@example.com", TestOrders.GOOD_CARD));
        assertThat(placed.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(api.get(placed.location()).text("status")).isEqualTo("SHIPPED"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(missing(referenced, exported(api))).as("referenced but not exported: metric -> where")
                        .isEmpty());
    }

    @Test
    void a_name_the_app_does_not_export_is_reported_with_where_it_is_used() {
        TestApi api = new TestApi(port);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(exported(api)).contains("orderly_processor_lag_seconds", "orderly_intake_paused"));
        Map<String, Set<String>> referenced = new TreeMap<>();
        reference(referenced, "max by (processor) (orderly_processor_lag_secs) > 60", "a misspelt rule");
        reference(referenced, "max(orderly_intake_paused{cause=\"operator\"}) > 0", "a good rule");

        assertThat(missing(referenced, exported(api)))
                .isEqualTo(Map.of("orderly_processor_lag_secs", Set.of("a misspelt rule")));
    }

    @Test
    void the_alert_rules_are_a_prometheus_rule_file_with_severity_and_text_on_every_rule() throws IOException {
        Map<String, Object> file = yaml(ALERTS);
        assertThat(file).containsOnlyKeys("groups");
        List<Map<String, Object>> groups = list(file.get("groups"));
        assertThat(groups).isNotEmpty();
        Set<String> groupNames = new HashSet<>();
        Set<String> alertNames = new HashSet<>();
        for (Map<String, Object> group : groups) {
            assertThat(groupNames.add((String) group.get("name"))).as("unique group name %s", group.get("name"))
                    .isTrue();
            assertThat(list(group.get("rules"))).as("rules of %s", group.get("name")).isNotEmpty();
        }
        for (Map<String, Object> rule : alertRules()) {
            String alert = (String) rule.get("alert");
            assertThat(alert).as("alert name").matches("[A-Z][A-Za-z0-9]+");
            assertThat(alertNames.add(alert)).as("unique alert %s", alert).isTrue();
            assertThat(rule.keySet()).as(alert).isSubsetOf(RULE_KEYS);
            String expr = (String) rule.get("expr");
            assertThat(expr).as(alert).isNotBlank();
            assertThat(String.valueOf(rule.get("for"))).as("for of %s", alert).matches(DURATION);
            Map<String, Object> labels = map(rule.get("labels"));
            assertThat(labels.get("severity")).as("severity of %s", alert).isIn(SEVERITIES);
            Map<String, Object> annotations = map(rule.get("annotations"));
            assertThat(annotations).as(alert).containsKeys("summary", "description");
            annotations.values().forEach(text -> assertThat((String) text).as(alert).isNotBlank());
            // A label the expression aggregates away renders as an empty string in the notification.
            if (AGGREGATION.matcher(expr).find()) {
                Set<String> kept = byLabels(expr);
                for (Object text : annotations.values()) {
                    Matcher label = LABEL_REFERENCE.matcher((String) text);
                    while (label.find()) {
                        assertThat(kept).as("%s names $labels.%s, which its aggregation keeps", alert, label.group(1))
                                .contains(label.group(1));
                    }
                }
            }
        }
    }

    @Test
    void the_dashboard_is_a_grafana_dashboard_whose_panels_query_the_prometheus_data_source_variable()
            throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.path("uid").asText()).matches("[A-Za-z0-9_-]{1,40}");
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("schemaVersion").isInt()).isTrue();
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        // An import gets an id of its own; a fixed one would overwrite whatever dashboard has it.
        assertThat(dashboard.path("id").isMissingNode() || dashboard.path("id").isNull()).isTrue();

        Set<String> variables = new HashSet<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            variables.add(variable.path("name").asText());
            if (variable.path("type").asText().equals("query")) {
                assertThat(variable.path("datasource").path("uid").asText()).isEqualTo(DATASOURCE);
            }
        }
        JsonNode datasource = find(dashboard.path("templating").path("list"), "DS_PROMETHEUS");
        assertThat(datasource.path("type").asText()).isEqualTo("datasource");
        assertThat(datasource.path("query").asText()).isEqualTo("prometheus");

        JsonNode panels = dashboard.path("panels");
        assertThat(panels.isArray() && !panels.isEmpty()).isTrue();
        Set<Integer> ids = new HashSet<>();
        int queries = 0;
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(title).isNotBlank();
            assertThat(ids.add(panel.path("id").asInt())).as("unique id of %s", title).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(List.of("h", "w", "x", "y")).allSatisfy(key ->
                    assertThat(grid.path(key).isInt()).as("gridPos.%s of %s", key, title).isTrue());
            assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as("width of %s", title)
                    .isLessThanOrEqualTo(24);
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("type").asText()).as(title).isIn("timeseries", "stat", "gauge", "table",
                    "bargauge");
            assertThat(panel.path("description").asText()).as("what %s means", title).isNotBlank();
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo(DATASOURCE);
            JsonNode targets = panel.path("targets");
            assertThat(targets.isArray() && !targets.isEmpty()).as("targets of %s", title).isTrue();
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : targets) {
                assertThat(refIds.add(target.path("refId").asText())).as("refIds of %s", title).isTrue();
                assertThat(target.path("datasource").path("uid").asText()).as(title).isEqualTo(DATASOURCE);
                String expr = target.path("expr").asText();
                assertThat(expr).as(title).isNotBlank();
                assertThat(usedVariables(expr)).as("variables of %s", title).allSatisfy(name ->
                        assertThat(variables.contains(name) || GRAFANA_BUILTINS.contains(name)).as(name).isTrue());
                queries++;
            }
        }
        assertThat(queries).isEqualTo(dashboardQueries().keySet().stream()
                .filter(where -> where.startsWith("panel ")).count());
    }

    private static void reference(Map<String, Set<String>> referenced, String expr, String where) {
        PromQlMetricNames.in(expr).forEach(name -> referenced.computeIfAbsent(name, key -> new TreeSet<>()).add(where));
    }

    private static Map<String, Set<String>> missing(Map<String, Set<String>> referenced, Set<String> exported) {
        Map<String, Set<String>> missing = new TreeMap<>(referenced);
        missing.keySet().removeAll(exported);
        missing.keySet().removeAll(PromQlMetricNames.PROMETHEUS_OWN);
        return missing;
    }

    /** Sample names of the exposition: what PromQL selects ({@code _total}, {@code _bucket} and all). */
    private static Set<String> exported(TestApi api) {
        return api.getText("/actuator/prometheus").lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Map<String, Object>> alertRules() throws IOException {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : list(yaml(ALERTS).get("groups"))) {
            rules.addAll(list(group.get("rules")));
        }
        return rules;
    }

    /** Every query of the dashboard, panel targets and variable queries, keyed by where it is. */
    private static Map<String, String> dashboardQueries() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.put("panel " + panel.path("title").asText() + " " + target.path("refId").asText(),
                        target.path("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                JsonNode query = variable.path("query");
                queries.put("variable " + variable.path("name").asText(),
                        query.isTextual() ? query.asText() : query.path("query").asText());
            }
        }
        return queries;
    }

    private static Set<String> byLabels(String expr) {
        Set<String> labels = new HashSet<>();
        Matcher by = BY_LABELS.matcher(expr);
        while (by.find()) {
            for (String label : by.group(1).split(",")) {
                labels.add(label.strip());
            }
        }
        return labels;
    }

    private static Set<String> usedVariables(String expr) {
        Set<String> names = new HashSet<>();
        Matcher variable = VARIABLE.matcher(expr);
        while (variable.find()) {
            names.add(variable.group(1) != null ? variable.group(1) : variable.group(2));
        }
        return names;
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (item.path("name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError("no templating variable " + name);
    }

    private static Map<String, Object> yaml(Path path) throws IOException {
        try (Reader reader = Files.newBufferedReader(path)) {
            return new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
