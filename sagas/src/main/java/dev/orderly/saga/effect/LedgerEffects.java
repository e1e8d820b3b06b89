package dev.orderly.saga.effect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import dev.orderly.command.order.OrderLine;
import dev.orderly.command.order.ShippingAddress;
import dev.orderly.saga.order.Effects;
import dev.orderly.saga.warehouse.Picklist;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Decides effects: a ledger row and a db-scheduler job, both in the caller's transaction. A decision made twice (a
 * redelivered event, a replay) finds its row and schedules nothing.
 */
@Component
class LedgerEffects implements Effects {

    static final String STEP = "1";

    private final EffectLedger ledger;
    private final SchedulerClient scheduler;
    private final ObjectMapper json = new ObjectMapper();

    LedgerEffects(EffectLedger ledger, SchedulerClient scheduler) {
        this.ledger = ledger;
        this.scheduler = scheduler;
    }

    @Override
    public void email(String orderId, String kind, String to, String subject, String text) {
        decide(new EffectKey(orderId, kind, STEP), to, Map.of("subject", subject, "text", text),
                EffectJobConfiguration.EMAIL);
    }

    @Override
    public void emailEach(String subjectId, String kind, List<String> recipients, String subject, String text) {
        for (String recipient : recipients) {
            decide(new EffectKey(subjectId, kind, recipient), recipient, Map.of("subject", subject, "text", text),
                    EffectJobConfiguration.EMAIL);
        }
    }

    @Override
    public void picklist(String orderId, List<OrderLine> lines, ShippingAddress shipTo) {
        decide(new EffectKey(orderId, "picklist", STEP), null, Picklist.of(orderId, lines, shipTo),
                EffectJobConfiguration.PICKLIST);
    }

    @Override
    public void withdraw(String subjectId, String kind) {
        ledger.withdraw(subjectId, kind);
    }

    void decide(EffectKey key, String recipient, Object payload, TaskDescriptor<EffectJob> job) {
        String body;
        try {
            body = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("effect payload cannot be written", e);
        }
        if (ledger.decide(key, recipient, body)) {
            scheduler.scheduleIfNotExists(job.instance(key.format()).data(new EffectJob(key))
                    .scheduledTo(Instant.now()));
        }
    }
}
