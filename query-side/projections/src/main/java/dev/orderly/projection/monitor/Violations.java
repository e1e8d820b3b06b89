package dev.orderly.projection.monitor;

import org.axonframework.eventhandling.EventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Where checks record what they found. Recording the same finding for the same event twice keeps one row. */
@Component
class Violations {

    private static final Logger log = LoggerFactory.getLogger(Violations.class);

    private final JdbcTemplate jdbc;

    Violations(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void record(String invariant, String aggregateId, EventMessage<?> event, long globalIndex, String detail) {
        int inserted = jdbc.update("""
                INSERT INTO monitor_violation (invariant, aggregate_id, global_index, event_identifier, detail)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (invariant, event_identifier) DO NOTHING""",
                invariant, aggregateId, globalIndex, event.getIdentifier(), detail);
        if (inserted > 0) {
            log.error("Invariant '{}' violated by event {} at global index {} on {}: {}", invariant,
                    event.getIdentifier(), globalIndex, aggregateId, detail);
        }
    }
}
