package dev.orderly.saga.order;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonGetter;
import com.fasterxml.jackson.annotation.JsonSetter;
import dev.orderly.command.Money;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.order.OrderLine;
import dev.orderly.command.order.OrderPlacedEvent;
import dev.orderly.command.order.ShippingAddress;
import dev.orderly.command.payment.PaymentId;
import dev.orderly.command.payment.RefundId;
import dev.orderly.command.resource.ResourceId;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the fulfilment saga knows about one order, and the only code that changes it: the phase and where it may
 * go, each line with its reservation, and the payment. The saga decides and sends; this class records. It is what
 * the saga store holds, as JSON of these fields; their names are those of sagas stored before this class existed,
 * and the last section reads what those stored differently and writes it for them, so an order in flight across a
 * rolling upgrade goes on whichever node loads it next.
 * <p>
 * Longer than the project's 300 lines on purpose: it is the saga's whole state, and splitting it would spread the
 * state over several places again, which is what this class exists to end. The last section (the older stored
 * shape, some 70 lines) stays too: Jackson reads and writes the saga through this class's private fields, so the
 * getters and setters of the older fields must sit beside them. Apart, they would need either a second class that
 * repeats every stored field and copies it both ways, or a mix-in on the serializer shared by every saga and event.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
final class FulfilmentState {

    /** The saga's phases. {@link #mayGoTo} is the whole transition table: every phase change goes through it. */
    enum Phase {
        RESERVING, REJECTING, PAYING, FULFILLING, SHIPPING, COMPENSATING;

        boolean mayGoTo(Phase next) {
            return switch (this) {
                case RESERVING -> next == PAYING || next == REJECTING || next == COMPENSATING;
                // A cancellation that overtakes a rejection wins: the order can no longer be rejected.
                case REJECTING, SHIPPING -> next == COMPENSATING;
                case PAYING -> next == FULFILLING || next == COMPENSATING;
                case FULFILLING -> next == SHIPPING || next == COMPENSATING;
                case COMPENSATING -> false;
            };
        }
    }

    /** Where a line's reservation stands. Only a pending one is decided by the resource's answer. */
    enum Reservation { PENDING, RESERVED, REJECTED, RELEASED }

    /**
     * Where the payment stands as far as the saga must act on it: money held must be refunded on cancellation, and
     * a cancellation completes once the payment needs nothing more ({@link #settled}).
     */
    enum Payment {
        /** Not requested yet, or requested and not decided. */
        PENDING,
        /** Money taken and held. */
        CAPTURED,
        /** Over without money taken: declined, cancelled, not charged, or never requested. */
        ENDED,
        /** Over after money was taken: refunded (or captured after it was over, which a person resolves). */
        REFUNDED;

        boolean settled() {
            return this == ENDED || this == REFUNDED;
        }

        boolean charged() {
            return this == CAPTURED || this == REFUNDED;
        }

        /** The payment as two facts; sagas stored before this enum kept them as {@code paymentCaptured/Settled}. */
        static Payment of(boolean charged, boolean settled) {
            return charged ? (settled ? REFUNDED : CAPTURED) : (settled ? ENDED : PENDING);
        }
    }

    /** An order line and its reservation, tied by the reservation's id. */
    record Line(String reservationId, ResourceId resourceId, int quantity, Money unitPrice, Reservation state) {

        OrderLine ordered() {
            return new OrderLine(resourceId, quantity, unitPrice);
        }

        Line in(Reservation next) {
            return new Line(reservationId, resourceId, quantity, unitPrice, next);
        }
    }

    private String orderId;
    /**
     * The placing event's identifier: random, made by the server and never shown to a customer. The ids of what
     * the saga creates on a resource are derived from it, so no one can claim them before the saga does.
     */
    private String idSeed;
    private String customerId;
    private String email;
    private List<Line> lines;
    private ShippingAddress shipTo;
    /** What is charged: the placed total, replaced by what the resources granted once every line is held. */
    private Money total;
    /** The provider's token for the customer's card. Sagas stored before it was named so kept it as "card". */
    @JsonAlias("card")
    private String paymentToken;
    private Phase phase;
    /** What the resources granted, at the prices they granted: the amount to charge. */
    private Money granted;
    /** A line granted before reservations recorded their price: the placed total is charged instead. */
    private boolean grantedWithoutPrice;
    private String paymentId;
    private Payment payment = Payment.PENDING;
    private String rejection;
    private String cancellation;
    /** The one deadline the saga waits for, if any: it waits for one thing at a time. */
    private String deadlineName;
    private String deadlineId;

    /** A saga stored before lines carried their reservation: its reservation ids, in the order of its lines. */
    private transient LinkedHashMap<String, Reservation> reservationsByPosition;

    static FulfilmentState placed(OrderPlacedEvent event, String idSeed) {
        FulfilmentState state = new FulfilmentState();
        state.orderId = event.orderId().toString();
        state.idSeed = idSeed;
        state.customerId = event.customerId().toString();
        state.email = event.email();
        state.shipTo = event.shipTo();
        state.total = event.total();
        state.paymentToken = event.cardToken();
        state.phase = Phase.RESERVING;
        state.lines = new ArrayList<>();
        for (OrderLine line : event.lines()) {
            state.lines.add(new Line(state.reservationId(state.lines.size()), line.resourceId(), line.quantity(),
                    line.unitPrice(), Reservation.PENDING));
        }
        return state;
    }

    // --- the phase -------------------------------------------------------------------------------------------

    boolean is(Phase candidate) {
        return phase == candidate;
    }

    boolean may(Phase next) {
        return phase.mayGoTo(next);
    }

    /** Moves to {@code next} if the table allows it, and tells whether it did. */
    boolean advance(Phase next) {
        if (!may(next)) {
            return false;
        }
        phase = next;
        return true;
    }

    /** Gives up the order for {@code reason} while it is still reserving; false in any other phase. */
    boolean reject(String reason) {
        if (!advance(Phase.REJECTING)) {
            return false;
        }
        rejection = reason;
        return true;
    }

    /** Starts undoing the order for {@code reason}, even mid-rejection; false if it is being cancelled already. */
    boolean cancel(String reason) {
        if (!advance(Phase.COMPENSATING)) {
            return false;
        }
        cancellation = reason;
        return true;
    }

    /** Rejecting or cancelling: what is granted from now on is given back. */
    boolean undoing() {
        return phase == Phase.REJECTING || phase == Phase.COMPENSATING;
    }

    // --- the lines -------------------------------------------------------------------------------------------

    List<Line> lines() {
        return List.copyOf(lines);
    }

    List<Line> lines(Reservation in) {
        return lines.stream().filter(line -> line.state() == in).toList();
    }

    Line line(String reservationId) {
        return lines.stream().filter(line -> line.reservationId().equals(reservationId)).findFirst().orElseThrow();
    }

    List<OrderLine> ordered() {
        return lines.stream().map(Line::ordered).toList();
    }

    /** Records a grant and its price; false, and nothing changes, unless the line was still pending. */
    boolean reserved(String reservationId, int quantity, Money unitPrice) {
        if (!decide(reservationId, Reservation.RESERVED)) {
            return false;
        }
        if (unitPrice == null) {
            grantedWithoutPrice = true;
        } else {
            Money line = new Money(unitPrice.minorUnits() * quantity, unitPrice.currency());
            granted = granted == null ? line : granted.plus(line);
        }
        return true;
    }

    /** Records a refusal; false, and nothing changes, unless the line was still pending. */
    boolean refused(String reservationId) {
        return decide(reservationId, Reservation.REJECTED);
    }

    void released(String reservationId) {
        lines.replaceAll(line -> line.reservationId().equals(reservationId) ? line.in(Reservation.RELEASED) : line);
    }

    boolean allDecided() {
        return lines(Reservation.PENDING).isEmpty();
    }

    /** Whether a reservation is still pending or held: a rejection or cancellation must wait for it. */
    boolean holdsAnything() {
        return !allDecided() || !lines(Reservation.RESERVED).isEmpty();
    }

    private boolean decide(String reservationId, Reservation decision) {
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            if (line.reservationId().equals(reservationId)) {
                if (line.state() != Reservation.PENDING) {
                    return false;
                }
                lines.set(i, line.in(decision));
                return true;
            }
        }
        return false;
    }

    // --- the payment -----------------------------------------------------------------------------------------

    /** Moves to paying and names the payment: the amount is what the resources granted, when they all said. */
    PaymentId pay() {
        if (!advance(Phase.PAYING)) {
            throw new IllegalStateException("order " + orderId + " cannot pay while " + phase);
        }
        paymentId = PaymentId.forOrder(OrderId.of(orderId)).toString();
        if (granted != null && !grantedWithoutPrice) {
            total = granted;
        }
        return PaymentId.of(paymentId);
    }

    boolean paymentRequested() {
        return paymentId != null;
    }

    void recordCapture() {
        payment = Payment.of(true, payment.settled());
    }

    /** The payment needs nothing more: declined, cancelled, refunded, not requestable, or never requested. */
    void recordSettlement() {
        payment = Payment.of(payment.charged(), true);
    }

    Payment payment() {
        return payment;
    }

    // --- the deadline ----------------------------------------------------------------------------------------

    /** A scheduled deadline: its name and the id the deadline manager gave it. */
    record Deadline(String name, String id) {
    }

    void awaiting(Deadline deadline) {
        deadlineName = deadline.name();
        deadlineId = deadline.id();
    }

    /** The deadline waited for, if any, which is no longer waited for. */
    Optional<Deadline> stopAwaiting() {
        Optional<Deadline> awaited = Optional.ofNullable(deadlineId).map(id -> new Deadline(deadlineName, id));
        deadlineName = null;
        deadlineId = null;
        return awaited;
    }

    // --- facts of the order ----------------------------------------------------------------------------------

    String orderId() {
        return orderId;
    }

    String customerId() {
        return customerId;
    }

    String email() {
        return email;
    }

    ShippingAddress shipTo() {
        return shipTo;
    }

    Money total() {
        return total;
    }

    String paymentToken() {
        return paymentToken;
    }

    PaymentId paymentId() {
        return PaymentId.of(paymentId);
    }

    String rejection() {
        return rejection;
    }

    String cancellation() {
        return cancellation;
    }

    /** An id that is the same every time this order asks for it, so that a repeated step is recognised. */
    RefundId refundId() {
        return RefundId.of(UUID.nameUUIDFromBytes((orderId + "/refund").getBytes(StandardCharsets.UTF_8)).toString());
    }

    /**
     * The id of line {@code index}'s reservation: the same for every delivery of the placing event, and known to no
     * one else, since a customer who could compute it could claim it first. The position names the id once, here.
     */
    private String reservationId(int index) {
        return UUID.nameUUIDFromBytes((idSeed + "/reservation-" + index).getBytes(StandardCharsets.UTF_8)).toString();
    }

    // --- sagas stored in an older shape, and nodes that still read it -------------------------------------------

    /*
     * During a rolling upgrade a saga stored here may next be loaded by a node of the previous version, which reads
     * only the older shape (and ignores the fields it does not know). So the older fields are written too, from the
     * state above, until a later version drops them; reading them back gives the same state.
     */

    @JsonGetter("reservations")
    private LinkedHashMap<String, Reservation> reservationsForOlderNodes() {
        LinkedHashMap<String, Reservation> byPosition = new LinkedHashMap<>();
        lines.forEach(line -> byPosition.put(line.reservationId(), line.state()));
        return byPosition;
    }

    @JsonGetter("paymentCaptured")
    private boolean paymentCapturedForOlderNodes() {
        return payment.charged();
    }

    @JsonGetter("paymentSettled")
    private boolean paymentSettledForOlderNodes() {
        return payment.settled();
    }

    @JsonSetter("lines")
    private void storedLines(List<Line> stored) {
        lines = new ArrayList<>(stored);
        tieReservationsByPosition();
    }

    /** Before lines carried their reservation, the saga kept the reservations apart, in the order of the lines. */
    @JsonSetter("reservations")
    private void storedReservations(LinkedHashMap<String, Reservation> stored) {
        reservationsByPosition = stored;
        tieReservationsByPosition();
    }

    @JsonSetter("paymentCaptured")
    private void storedPaymentCaptured(boolean captured) {
        payment = Payment.of(captured || payment.charged(), payment.settled());
    }

    @JsonSetter("paymentSettled")
    private void storedPaymentSettled(boolean settled) {
        payment = Payment.of(payment.charged(), settled || payment.settled());
    }

    /** Runs when both halves are read, whichever came first: the one place a reservation is found by position. */
    private void tieReservationsByPosition() {
        if (lines == null || reservationsByPosition == null) {
            return;
        }
        List<String> ids = new ArrayList<>(reservationsByPosition.keySet());
        for (int i = 0; i < lines.size() && i < ids.size(); i++) {
            Line line = lines.get(i);
            lines.set(i, new Line(ids.get(i), line.resourceId(), line.quantity(), line.unitPrice(),
                    reservationsByPosition.get(ids.get(i))));
        }
        reservationsByPosition = null;
    }
}
