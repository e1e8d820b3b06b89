package dev.orderly.query.notice;

import java.time.Instant;
import java.util.List;

/**
 * A bulk notice and where each of its e-mails stands.
 *
 * @param recipients one entry per holder: SENT (with {@code sentAt}), PENDING (being retried, with the last error)
 *                   or GIVEN_UP
 */
public record NoticeView(String noticeId, int sent, int pending, int givenUp, List<Recipient> recipients) {

    public record Recipient(String address, String status, int attempts, String lastError, Instant sentAt) {
    }
}
