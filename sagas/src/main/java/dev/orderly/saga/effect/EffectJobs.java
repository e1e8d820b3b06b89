package dev.orderly.saga.effect;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.command.CommandRefusedException;
import dev.orderly.command.order.OrderId;
import dev.orderly.command.order.StartPickingCommand;
import dev.orderly.saga.warehouse.Picklist;
import dev.orderly.saga.warehouse.Warehouse;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Carries out decided effects. Each job first reads the ledger: what is done is never done again. E-mails carry a
 * Message-ID derived from the ledger key; picklists go through the {@link Warehouse} port with an idempotency key
 * derived from the order, so the warehouse recognises a repeat.
 */
@Component
class EffectJobs {

    private static final Logger log = LoggerFactory.getLogger(EffectJobs.class);

    private final EffectLedger ledger;
    private final JavaMailSender mail;
    private final CommandGateway commands;
    private final EffectProperties properties;
    private final Warehouse warehouse;
    /** Lenient, so that a picklist a newer release stored with more fields still goes out. */
    private final ObjectMapper json = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    EffectJobs(EffectLedger ledger, JavaMailSender mail, CommandGateway commands, EffectProperties properties,
               Warehouse warehouse) {
        this.ledger = ledger;
        this.mail = mail;
        this.commands = commands;
        this.properties = properties;
        this.warehouse = warehouse;
    }

    void email(EffectKey key) {
        EffectLedger.Effect effect = ledger.find(key).orElse(null);
        if (effect == null || !effect.pending()) {
            return;
        }
        String messageId = key.messageId(properties.messageIdDomain());
        try {
            JsonNode payload = json.readTree(effect.payload());
            MimeMessage message = new StableIdMessage(mail.createMimeMessage().getSession(), messageId);
            message.setFrom(new InternetAddress(properties.mailFrom()));
            message.setRecipients(MimeMessage.RecipientType.TO, InternetAddress.parse(effect.recipient()));
            message.setSubject(payload.path("subject").asText(), StandardCharsets.UTF_8.name());
            message.setText(payload.path("text").asText(), StandardCharsets.UTF_8.name());
            mail.send(message);
        } catch (MessagingException | IOException | RuntimeException e) {
            ledger.failed(key, e.toString());
            throw new IllegalStateException("e-mail " + key.format() + " not sent: " + e.getMessage(), e);
        }
        ledger.done(key, messageId);
        log.info("Sent e-mail {} to {}", messageId, effect.recipient());
    }

    void picklist(EffectKey key) {
        EffectLedger.Effect effect = ledger.find(key).orElse(null);
        if (effect != null && effect.done()) {
            // Accepted before, but the order may not have heard of it (a crash between the two): tell it again.
            startPicking(key, effect.result());
            return;
        }
        if (effect == null || !effect.pending()) {
            return;
        }
        String picklistId;
        try {
            picklistId = warehouse.submit("orderly-picklist-" + key.subject() + "-" + key.step(),
                    json.readValue(effect.payload(), Picklist.class));
        } catch (IOException | RuntimeException e) {
            ledger.failed(key, e.toString());
            throw new IllegalStateException("picklist " + key.format() + " not accepted: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending picklist " + key.format(), e);
        }
        ledger.done(key, picklistId);
        startPicking(key, picklistId);
    }

    private void startPicking(EffectKey key, String picklistId) {
        try {
            commands.sendAndWait(new StartPickingCommand(OrderId.of(key.subject()), picklistId));
        } catch (CommandRefusedException refused) {
            log.info("Picklist {} accepted, but order {} no longer picks: {}", picklistId, key.subject(),
                    refused.getMessage());
        }
    }

    void giveUp(EffectKey key, String lastFailure) {
        log.error("Effect {} given up after {} attempts: {}", key.format(), properties.maxAttempts(), lastFailure);
        ledger.givenUp(key, lastFailure);
    }

    /** JavaMail assigns a fresh Message-ID on every send unless told otherwise; ours must stay the same. */
    private static final class StableIdMessage extends MimeMessage {

        private final String messageId;

        StableIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
