package dev.orderly.saga.order;

import dev.orderly.command.order.OrderLine;
import dev.orderly.command.order.ShippingAddress;

import java.util.List;

/**
 * The side effects the saga decides on. Deciding records the effect in the effect ledger, in the saga's own
 * transaction, under a unique key (order, kind, step); the effect is then carried out by a job that can be retried
 * and never repeats what the ledger shows as done.
 */
public interface Effects {

    void email(String orderId, String kind, String to, String subject, String text);

    /** The same e-mail to each recipient, one ledger row per recipient: (subject, kind, recipient). */
    void emailEach(String subjectId, String kind, List<String> recipients, String subject, String text);

    void picklist(String orderId, List<OrderLine> lines, ShippingAddress shipTo);

    /** Calls off an effect of this kind that has not been carried out yet (a picklist of a cancelled order). */
    void withdraw(String subjectId, String kind);
}
