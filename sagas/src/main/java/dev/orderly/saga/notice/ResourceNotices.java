package dev.orderly.saga.notice;

import dev.orderly.command.notice.SendResourceNoticeCommand;
import dev.orderly.query.notice.FindNoticeQuery;
import dev.orderly.query.notice.NoticeView;
import dev.orderly.query.resource.FindResourceHoldersQuery;
import dev.orderly.query.resource.ReservationView;
import dev.orderly.saga.effect.EffectLedger;
import dev.orderly.saga.order.Effects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The e-mail-plus-database case in its plain form, with no distributed transaction: one ledger row per recipient is
 * written in one transaction with the decision, each e-mail is then sent by its own retried job, and its
 * {@code sent_at} is recorded when it went out. The same notice run again finds every row and sends nothing.
 */
@Component
class ResourceNotices {

    static final String KIND = "notice-email";

    private static final Logger log = LoggerFactory.getLogger(ResourceNotices.class);

    private final QueryGateway queries;
    private final Effects effects;
    private final EffectLedger ledger;

    ResourceNotices(QueryGateway queries, Effects effects, EffectLedger ledger) {
        this.queries = queries;
        this.effects = effects;
        this.ledger = ledger;
    }

    @CommandHandler
    int handle(SendResourceNoticeCommand command) {
        List<String> recipients = queries.query(new FindResourceHoldersQuery(command.resourceId()),
                        ResponseTypes.multipleInstancesOf(ReservationView.class)).join().stream()
                .map(ReservationView::customerId)
                .filter(customer -> customer.contains("@"))
                .distinct()
                .toList();
        effects.emailEach(command.noticeId(), KIND, recipients, command.subject(), command.body());
        log.info("Notice {} by {} to the {} holder(s) of resource {}", command.noticeId(), command.operator(),
                recipients.size(), command.resourceId());
        return recipients.size();
    }

    @QueryHandler
    NoticeView handle(FindNoticeQuery query) {
        List<NoticeView.Recipient> recipients = ledger.ofSubject(query.noticeId(), KIND).stream()
                .map(row -> new NoticeView.Recipient(row.step(), "DONE".equals(row.status()) ? "SENT" : row.status(),
                        row.attempts(), row.lastError(), row.doneAt()))
                .toList();
        return new NoticeView(query.noticeId(), count(recipients, "SENT"), count(recipients, "PENDING"),
                count(recipients, "GIVEN_UP"), recipients);
    }

    private static int count(List<NoticeView.Recipient> recipients, String status) {
        return (int) recipients.stream().filter(recipient -> recipient.status().equals(status)).count();
    }
}
