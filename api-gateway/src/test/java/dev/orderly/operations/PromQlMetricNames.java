package dev.orderly.operations;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (an alert rule's, a Grafana target's or variable query's) selects, as the
 * exposition format spells them ({@code orderly_payment_outcomes_total}, {@code http_server_requests_seconds_bucket}).
 * Not a PromQL parser: it removes what cannot be a metric name (strings, label matchers, ranges, grouping label
 * lists, Grafana variables, numbers) and keeps the identifiers that are not functions, aggregations or keywords.
 * {@code promtool check rules} parses the same expressions properly; this only has to find the names in them.
 */
final class PromQlMetricNames {

    /** Series Prometheus makes for every target itself, not exported by the app. */
    static final Set<String> PROMETHEUS_OWN = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added");

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "inf", "nan");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+-?[0-9a-z]+");
    /** Grafana's variable query {@code label_values(selector, label)}: the label is not a metric. */
    private static final Pattern LABEL_VALUES = Pattern.compile("\\blabel_values\\s*\\(([^,()]*(?:\\{[^}]*})?)"
            + "\\s*,\\s*\\w+\\s*\\)");
    private static final Pattern LABEL_VALUES_OF_LABEL = Pattern.compile("\\blabel_values\\s*\\(\\s*\\w+\\s*\\)");
    /** An identifier not inside a number ({@code 1e3}) or a longer word. */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])[A-Za-z_:][\\w:]*");

    private PromQlMetricNames() {
    }

    static Set<String> in(String expression) {
        String text = GRAFANA_VARIABLE.matcher(expression).replaceAll(" ");
        text = STRING.matcher(text).replaceAll(" ");
        text = LABEL_VALUES_OF_LABEL.matcher(text).replaceAll(" ");
        text = LABEL_VALUES.matcher(text).replaceAll(" $1 ");
        text = LABEL_MATCHERS.matcher(text).replaceAll(" ");
        text = RANGE.matcher(text).replaceAll(" ");
        text = GROUPING.matcher(text).replaceAll(" ");
        text = OFFSET.matcher(text).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(text);
        while (identifier.find()) {
            String name = identifier.group();
            if (!KEYWORDS.contains(name.toLowerCase()) && !calledAt(text, identifier.end())) {
                names.add(name);
            }
        }
        return names;
    }

    /** A function or aggregation: the identifier is followed by its argument list. */
    private static boolean calledAt(String text, int end) {
        int next = end;
        while (next < text.length() && Character.isWhitespace(text.charAt(next))) {
            next++;
        }
        return next < text.length() && text.charAt(next) == '(';
    }
}
