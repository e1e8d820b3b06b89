package dev.orderly.gateway.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Single-use tickets that open one order's event stream for one caller, for browsers: an {@code EventSource} cannot
 * send an {@code Authorization} header, so its URL carries a ticket instead. A ticket is 256 random bits, lives
 * {@code orderly.security.stream-tickets.ttl} and is gone once redeemed, so the URL it leaves in history and logs
 * opens nothing. Tickets are rows in the database every node shares (only their SHA-256 digest is stored): one issued
 * by one node is redeemed on any, and a delete decides which of two concurrent redemptions gets it. Expiry is the
 * database's clock, so nodes whose clocks differ agree on it.
 */
@Component
public class StreamTickets {

    /** An issued ticket, and when it stops being accepted. */
    public record Ticket(String ticket, Instant expiresAt) {

        /** Leaves out the ticket: it is a credential. */
        @Override
        public String toString() {
            return "Ticket[expiresAt=" + expiresAt + "]";
        }
    }

    /** Who a redeemed ticket was issued to, and for which order. */
    record Holder(Caller caller, UUID orderId) {
    }

    private static final Logger log = LoggerFactory.getLogger(StreamTickets.class);
    private static final int TICKET_BYTES = 32;
    /** Longer than any ticket this class issues; a longer one is refused without hashing it. */
    private static final int MAX_TICKET_LENGTH = 64;
    private static final int CLEANUP_BATCH = 1000;

    private final JdbcTemplate jdbc;
    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();

    StreamTickets(JdbcTemplate jdbc, SecurityProperties properties) {
        this.jdbc = jdbc;
        this.ttl = properties.streamTickets().ttl();
    }

    /** A new ticket for {@code caller} to open the event stream of {@code orderId}, which they may see. */
    public Ticket issue(Caller caller, UUID orderId) {
        byte[] secret = new byte[TICKET_BYTES];
        random.nextBytes(secret);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Timestamp expiresAt = jdbc.queryForObject("INSERT INTO stream_ticket (ticket_digest, customer, ops, order_id, "
                        + "expires_at) VALUES (?, ?, ?, ?, now() + make_interval(secs => ?)) RETURNING expires_at",
                Timestamp.class, digest(ticket), caller.name(), caller.ops(), orderId, ttl.toNanos() / 1e9);
        return new Ticket(ticket, expiresAt.toInstant());
    }

    /**
     * Uses up {@code ticket}: whom it was issued to and for which order, if it was issued and has not expired or been
     * redeemed before. A ticket is gone after this call whatever it answers.
     */
    Optional<Holder> redeem(String ticket) {
        if (ticket == null || ticket.isEmpty() || ticket.length() > MAX_TICKET_LENGTH) {
            return Optional.empty();
        }
        List<Optional<Holder>> found = jdbc.query("DELETE FROM stream_ticket WHERE ticket_digest = ? "
                        + "RETURNING customer, ops, order_id, expires_at > now() AS live",
                (row, n) -> row.getBoolean("live")
                        ? Optional.of(new Holder(new Caller(row.getString("customer"), row.getBoolean("ops")),
                        row.getObject("order_id", UUID.class)))
                        : Optional.empty(),
                (Object) digest(ticket));
        return found.isEmpty() ? Optional.empty() : found.get(0);
    }

    /** Deletes tickets that expired unused, a batch at a time. */
    @Scheduled(fixedDelayString = "${orderly.security.stream-tickets.cleanup-interval:1m}")
    void removeExpired() {
        int removed;
        int total = 0;
        do {
            removed = jdbc.update("DELETE FROM stream_ticket WHERE ticket_digest IN (SELECT ticket_digest FROM "
                    + "stream_ticket WHERE expires_at < now() LIMIT ?)", CLEANUP_BATCH);
            total += removed;
        } while (removed == CLEANUP_BATCH);
        if (total > 0) {
            log.debug("Removed {} stream tickets that expired unused", total);
        }
    }

    private static byte[] digest(String ticket) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(ticket.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 on this JVM", e);
        }
    }
}
