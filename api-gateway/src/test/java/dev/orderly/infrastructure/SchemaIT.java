package dev.orderly.infrastructure;

import dev.orderly.query.monitor.MonitorStatusView;
import dev.orderly.query.resource.ReservationView;
import dev.orderly.query.resource.ResourceView;
import dev.orderly.support.OrderlySystemTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@OrderlySystemTest
class SchemaIT {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void no_column_is_a_postgres_large_object_reference() {
        assertThat(jdbc.queryForList("""
                SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND data_type = 'oid'""", String.class)).isEmpty();
    }

    @Test
    void axon_payload_columns_are_bytea() {
        assertThat(jdbc.queryForList("""
                SELECT table_name || '.' || column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND data_type = 'bytea' ORDER BY 1""", String.class))
                .contains("domainevententry.payload", "domainevententry.metadata", "snapshotevententry.payload",
                        "tokenentry.token", "sagaentry.serializedsaga", "deadletterentry.payload",
                        "scheduled_tasks.task_data");
    }

    @Test
    void every_table_is_created_by_flyway() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE NOT success", Long.class))
                .isZero();
        assertThat(jdbc.queryForList("""
                SELECT tablename FROM pg_tables WHERE schemaname = 'public'""", String.class))
                .contains("domainevententry", "tokenentry", "sagaentry", "associationvalueentry", "deadletterentry",
                        "scheduled_tasks", "resource_availability", "reservation_status", "monitor_violation",
                        "accepted_command");
    }

    @Test
    void projection_processors_keep_their_tokens_in_postgres() {
        assertThat(jdbc.queryForList("SELECT DISTINCT processorname FROM tokenentry", String.class))
                .contains(ResourceView.PROCESSING_GROUP, ReservationView.PROCESSING_GROUP,
                        MonitorStatusView.PROCESSING_GROUP);
    }
}
