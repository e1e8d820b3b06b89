package dev.orderly.operations;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The metric names found in the kinds of expression the alert rules and the dashboard use, and nothing else. */
class PromQlMetricNamesTest {

    @Test
    void finds_the_metric_under_functions_aggregations_matchers_and_ranges() {
        assertThat(PromQlMetricNames.in("sum by (event) (rate(orderly_saga_fulfilments_total{job=~\"$job\", "
                + "instance=~\"$instance\"}[$__rate_interval]))")).containsExactly("orderly_saga_fulfilments_total");
    }

    @Test
    void finds_both_sides_of_a_ratio_and_of_a_set_operator() {
        assertThat(PromQlMetricNames.in("""
                sum by (job) (increase(orderly_saga_fulfilments_total{event="started"}[1h])) > 10
                  and on (job) sum(rate(http_server_requests_seconds_count{status=~"5.."}[5m])) / ignoring (status)
                  sum without (instance) (hikaricp_connections_pending offset 5m) == bool 0"""))
                .containsExactly("hikaricp_connections_pending", "http_server_requests_seconds_count",
                        "orderly_saga_fulfilments_total");
    }

    @Test
    void ignores_numbers_durations_strings_and_label_names() {
        assertThat(PromQlMetricNames.in("histogram_quantile(0.99, sum by (le, instance) (rate("
                + "http_server_requests_seconds_bucket{uri=~\"/api/.*\", method!=\"GET\"}[5m]))) > 2.5e0 "
                + "or vector(1e3)")).containsExactly("http_server_requests_seconds_bucket");
    }

    @Test
    void a_bare_metric_is_a_name_and_so_is_a_misspelt_one() {
        assertThat(PromQlMetricNames.in("orderly_monitor_violations")).containsExactly("orderly_monitor_violations");
        assertThat(PromQlMetricNames.in("max(orderly_monitor_violatons) > 0"))
                .containsExactly("orderly_monitor_violatons");
    }

    @Test
    void a_grafana_label_values_query_names_its_metric_not_its_label() {
        assertThat(PromQlMetricNames.in("label_values(orderly_intake_accepting{job=~\"$job\"}, instance)"))
                .containsExactly("orderly_intake_accepting");
        assertThat(PromQlMetricNames.in("label_values(orderly_intake_accepting, job)"))
                .containsExactly("orderly_intake_accepting");
        assertThat(PromQlMetricNames.in("label_values(job)")).isEmpty();
    }

    @Test
    void up_is_a_name_prometheus_makes_itself() {
        assertThat(PromQlMetricNames.in("up{job=\"orderly\"} == 0")).containsExactly("up");
        assertThat(PromQlMetricNames.PROMETHEUS_OWN).contains("up");
    }
}
