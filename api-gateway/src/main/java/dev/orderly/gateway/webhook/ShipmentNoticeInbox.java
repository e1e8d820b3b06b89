package dev.orderly.gateway.webhook;

import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.order.FlagOrderForAttentionCommand;
import dev.orderly.command.order.MarkOrderShippedCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Acts on each shipment once, however often the warehouse delivers its notice: a row in {@code inbound_webhook} per
 * (source, shipment id), inserted in the same transaction as the command it leads to. A shipment the order can no
 * longer take (it was cancelled meanwhile) flags the order for an operator instead: the goods have left.
 */
@Component
class ShipmentNoticeInbox {

    private static final Logger log = LoggerFactory.getLogger(ShipmentNoticeInbox.class);
    private static final String SOURCE = "warehouse";

    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    ShipmentNoticeInbox(CommandGateway commands, JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.commands = commands;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** @return true when this delivery was acted on; false when the shipment had been handled before */
    boolean receive(ShipmentNotice notice) {
        // The dedupe row and the command commit together: a notice is acted on exactly once, even when two
        // deliveries race or the first one fails half-way.
        boolean handled = Boolean.TRUE.equals(transactions.execute(status -> {
            if (jdbc.update("INSERT INTO inbound_webhook (source, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    SOURCE, notice.shipmentId()) == 0) {
                return false;
            }
            try {
                commands.sendAndWait(new MarkOrderShippedCommand(notice.orderId(), notice.shipmentId(),
                        notice.carrier(), notice.trackingNumber()));
            } catch (CommandRefusedException refused) {
                commands.sendAndWait(new FlagOrderForAttentionCommand(notice.orderId(), "the warehouse shipped it ("
                        + notice.shipmentId() + ") but " + refused.getMessage()));
            }
            return true;
        }));
        if (!handled) {
            log.info("Shipment notice {} delivered again; already handled", notice.shipmentId());
        }
        return handled;
    }
}
