package dev.sandbox.mail;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One message the SMTP sink received (field order is the JSON order). A message sent twice is received twice.
 *
 * @param messageId  the {@code Message-ID} header, e.g. {@code <abc@host>}, or {@code null} when it had none
 * @param from       the address of the {@code From} header, else the envelope sender
 * @param to         the addresses of the {@code To} header
 * @param recipients the envelope recipients ({@code RCPT TO}: To, Cc and Bcc)
 * @param subject    the subject, decoded
 * @param receivedAt when the sink accepted it
 * @param text       the plain-text body (the first {@code text/plain} part), or {@code null} when there is none
 * @param html       the first {@code text/html} part; left out of the JSON when there is none
 */
public record ReceivedMail(String messageId, String from, List<String> to, List<String> recipients, String subject,
                           Instant receivedAt, String text, @JsonInclude(JsonInclude.Include.NON_NULL) String html) {

    public ReceivedMail {
        to = List.copyOf(to);
        recipients = List.copyOf(recipients);
    }

    /** Whether the address is in {@code To} or among the envelope recipients (ignoring case). */
    public boolean isFor(String address) {
        String wanted = address.trim().toLowerCase(Locale.ROOT);
        return to.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(wanted))
                || recipients.stream().anyMatch(a -> a.toLowerCase(Locale.ROOT).equals(wanted));
    }
}
