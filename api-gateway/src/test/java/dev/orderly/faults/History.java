package dev.orderly.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every client operation of one scenario, Jepsen style: an {@code invoke} when the request leaves, a {@code complete}
 * when the client learns (or gives up learning) the outcome. Outcomes are {@code ok} (2xx), {@code fail} (4xx, or a
 * refused connection: the request never reached the server) and {@code unknown} (Jepsen's {@code info}: a timeout, a
 * reset, a 5xx: the command may or may not have taken effect). An attacker's attempts are operations like any other,
 * marked with the {@link Attacker.Attack} they try. Faults are recorded in the same timeline.
 */
public final class History {

    public enum Outcome { OK, FAIL, UNKNOWN }

    public enum Type { PLACE_ORDER, RESERVE, RELEASE }

    /**
     * One operation. {@code key} names it in the event store: the order's customer id for the load's orders (each has
     * its own customer), the order id for an attacker's (she places many), the reservation id for a reservation or
     * a release. {@code customer} and {@code quantity} are what the request asked for; {@code attack} is null for
     * the ordinary load. {@code problem} is the last segment of an error answer's problem {@code type}.
     */
    public record Op(long index, String client, Type type, String key, String customer, int quantity,
                     Attacker.Attack attack, String node, long invokedAt, long completedAt, Outcome outcome,
                     int status, String problem, String detail) {
    }

    public record Fault(long at, String what) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicLong next = new AtomicLong();
    private final List<Op> ops = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();

    public long invoke() {
        return next.getAndIncrement();
    }

    public synchronized void complete(Op op) {
        ops.add(op);
    }

    public synchronized void fault(String what) {
        faults.add(new Fault(System.currentTimeMillis(), what));
    }

    public synchronized List<Op> ops() {
        return List.copyOf(ops);
    }

    public synchronized List<Fault> faults() {
        return List.copyOf(faults);
    }

    public synchronized long count(Outcome outcome) {
        return ops.stream().filter(op -> op.outcome() == outcome).count();
    }

    public synchronized long attacks() {
        return ops.stream().filter(op -> op.attack() != null).count();
    }

    public synchronized int size() {
        return ops.size();
    }

    /** Writes {@code history.jsonl}: one invoke and one complete line per operation, and one line per fault. */
    public synchronized void write(Path file) {
        List<ObjectNode> lines = new ArrayList<>();
        for (Op op : ops) {
            ObjectNode invoke = JSON.createObjectNode().put("at", op.invokedAt()).put("phase", "invoke")
                    .put("index", op.index()).put("client", op.client()).put("type", op.type().name())
                    .put("key", op.key()).put("customer", op.customer()).put("quantity", op.quantity())
                    .put("attack", op.attack() == null ? null : op.attack().name()).put("node", op.node());
            ObjectNode complete = invoke.deepCopy().put("at", op.completedAt()).put("phase", "complete")
                    .put("outcome", op.outcome().name().toLowerCase()).put("status", op.status())
                    .put("problem", op.problem()).put("detail", op.detail());
            lines.add(invoke);
            lines.add(complete);
        }
        for (Fault fault : faults) {
            lines.add(JSON.createObjectNode().put("at", fault.at()).put("phase", "fault").put("what", fault.what()));
        }
        lines.sort((a, b) -> Long.compare(a.get("at").asLong(), b.get("at").asLong()));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, lines.stream().map(ObjectNode::toString).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
