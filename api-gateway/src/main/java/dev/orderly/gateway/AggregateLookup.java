package dev.orderly.gateway;

import dev.orderly.gateway.problem.ApiProblem;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether an aggregate of a given type exists, asked of the event store rather than a read model: a resource
 * registered a moment ago exists even before it is projected, and an order id is not a resource id.
 *
 * <p>It reads Axon's event table directly rather than through {@code EventStore.readEvents}, which would load the
 * aggregate's snapshot and a first batch of its events to answer a yes or no: the unique (aggregate, sequence) index
 * carries each event's aggregate type, so the answer is one index-only descent.
 */
@Component
public class AggregateLookup {

    private final JdbcTemplate jdbc;

    AggregateLookup(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean exists(String aggregateId, String type) {
        return typeOf(aggregateId).filter(type::equals).isPresent();
    }

    /** Answers {@code 404} unless an aggregate of {@code type} has this id, whether or not it is projected yet. */
    public void requireExists(String aggregateId, String type) {
        if (!exists(aggregateId, type)) {
            throw ApiProblem.notFound(type.toLowerCase(Locale.ROOT) + " " + aggregateId);
        }
    }

    /** The type of the aggregate with this id, whatever it is, or empty when no aggregate has it. */
    public Optional<String> typeOf(String aggregateId) {
        return jdbc.query("""
                        SELECT type FROM domainevententry WHERE aggregateidentifier = ?
                        ORDER BY sequencenumber LIMIT 1""", (rs, row) -> Optional.ofNullable(rs.getString(1)), aggregateId)
                .stream().findFirst().flatMap(type -> type);
    }
}
