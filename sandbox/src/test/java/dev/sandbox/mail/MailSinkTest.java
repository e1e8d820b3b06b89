package dev.sandbox.mail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandbox.SandboxClient;
import dev.sandbox.SandboxClient.Answer;
import dev.sandbox.SandboxServer;
import dev.sandbox.SandboxSettings;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class MailSinkTest {

    private static SandboxServer sandbox;
    private static SandboxClient client;

    @BeforeAll
    static void startSandbox() {
        sandbox = SandboxServer.start(SandboxSettings.onFreePort());
        client = new SandboxClient(sandbox.baseUri());
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
    }

    @Test
    void the_smtp_sink_listens_on_a_free_port_of_its_own() {
        assertThat(sandbox.smtpPort()).isPositive().isNotEqualTo(sandbox.port());
        assertThat(sandbox.mail().smtpPort()).isEqualTo(sandbox.smtpPort());
    }

    @Test
    void a_taken_smtp_port_fails_the_start_with_an_error() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThatThrownBy(() -> SandboxServer.start(SandboxSettings.onFreePort()
                    .withSmtpPort(taken.getLocalPort())))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("SMTP sink");
        }
    }

    @Test
    void a_mail_sent_over_smtp_is_listed_with_its_message_id_sender_recipient_subject_and_text() throws Exception {
        String to = "alice-" + UUID.randomUUID() + "@example.com";
        MimeMessage sent = message("shop@orderly.dev", to, "Your order o-1 is confirmed", "Thank you for order o-1.");

        Transport.send(sent);

        await().until(() -> client.get("/mail/messages").json().path("data").size() == 1);
        JsonNode mail = client.get("/mail/messages").json().path("data").get(0);
        assertThat(mail.path("messageId").asText()).isEqualTo(sent.getMessageID()).startsWith("<");
        assertThat(mail.path("from").asText()).isEqualTo("shop@orderly.dev");
        assertThat(mail.path("to")).extracting(JsonNode::asText).containsExactly(to);
        assertThat(mail.path("subject").asText()).isEqualTo("Your order o-1 is confirmed");
        assertThat(mail.path("text").asText().strip()).isEqualTo("Thank you for order o-1.");
        assertThat(mail.hasNonNull("receivedAt")).isTrue();
        assertThat(sandbox.mail().messages()).extracting(ReceivedMail::messageId).containsExactly(sent.getMessageID());
    }

    @Test
    void a_mail_sent_twice_is_listed_twice_and_the_list_can_be_filtered_by_recipient() throws Exception {
        String alice = "alice-" + UUID.randomUUID() + "@example.com";
        String bob = "bob-" + UUID.randomUUID() + "@example.com";
        MimeMessage toAlice = message("shop@orderly.dev", alice, "Shipped", "Your parcel is on its way.");
        Transport.send(toAlice);
        Transport.send(toAlice);
        Transport.send(message("shop@orderly.dev", bob, "Shipped", "Your parcel is on its way."));

        await().until(() -> sandbox.mail().messages().size() == 3);

        JsonNode forAlice = client.get("/mail/messages?to=" + alice).json().path("data");
        assertThat(forAlice).hasSize(2);
        assertThat(forAlice).extracting(m -> m.path("messageId").asText()).containsOnly(toAlice.getMessageID());
        assertThat(client.get("/mail/messages?to=" + bob.toUpperCase()).json().path("data")).hasSize(1);
        assertThat(client.get("/mail/messages?to=nobody@example.com").json().path("data")).isEmpty();
    }

    @Test
    void a_mail_to_two_recipients_is_listed_once_with_both() throws Exception {
        MimeMessage sent = message("shop@orderly.dev", "a@example.com", "Hello", "Hi both.");
        sent.addRecipient(Message.RecipientType.TO, new InternetAddress("b@example.com"));
        sent.addRecipient(Message.RecipientType.CC, new InternetAddress("c@example.com"));

        Transport.send(sent);

        await().until(() -> sandbox.mail().messages().size() == 1);
        ReceivedMail mail = sandbox.mail().messages().get(0);
        assertThat(mail.to()).containsExactly("a@example.com", "b@example.com");
        assertThat(mail.recipients()).containsExactlyInAnyOrder("a@example.com", "b@example.com", "c@example.com");
        assertThat(sandbox.mail().messages("c@example.com")).hasSize(1);
    }

    @Test
    void the_text_of_a_multipart_mail_is_its_plain_part() throws Exception {
        MimeMessage sent = message("shop@orderly.dev", "a@example.com", "Both kinds", "ignored");
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText("Plain words.", "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<p>Rich words.</p>", "text/html; charset=UTF-8");
        sent.setContent(new MimeMultipart("alternative", plain, html));

        Transport.send(sent);

        await().until(() -> sandbox.mail().messages().size() == 1);
        ReceivedMail mail = sandbox.mail().messages().get(0);
        assertThat(mail.text().strip()).isEqualTo("Plain words.");
        assertThat(mail.html().strip()).isEqualTo("<p>Rich words.</p>");
    }

    @Test
    void after_refusing_two_connections_the_next_two_sends_fail_and_the_third_arrives() throws Exception {
        Answer refuse = client.post("/admin/mail/refuse", null, "{\"count\":2}");
        assertThat(refuse.status()).isEqualTo(200);
        assertThat(refuse.json().path("remaining").asInt()).isEqualTo(2);

        MimeMessage first = message("shop@orderly.dev", "a@example.com", "Attempt 1", "one");
        MimeMessage second = message("shop@orderly.dev", "a@example.com", "Attempt 2", "two");
        MimeMessage third = message("shop@orderly.dev", "a@example.com", "Attempt 3", "three");
        assertThatThrownBy(() -> Transport.send(first)).isInstanceOf(MessagingException.class);
        assertThatThrownBy(() -> Transport.send(second)).isInstanceOf(MessagingException.class);
        Transport.send(third);

        await().until(() -> sandbox.mail().messages().size() == 1);
        assertThat(client.get("/mail/messages").json().path("data"))
                .extracting(m -> m.path("subject").asText()).containsExactly("Attempt 3");
        JsonNode state = client.get("/admin/mail/refuse").json();
        assertThat(state.path("remaining").asInt()).isZero();
        assertThat(state.path("refused").asInt()).isEqualTo(2);
        assertThat(sandbox.mail().refusedCount()).isEqualTo(2);
    }

    @Test
    void a_refused_connection_gets_a_transient_421_and_is_closed() throws Exception {
        sandbox.mail().refuseNext(1);

        try (Socket socket = new Socket("localhost", sandbox.smtpPort())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertThat(in.readLine()).isEqualTo("421 4.3.2 Sandbox refuses this connection, try again later");
            assertThat(in.readLine()).isNull();
        }
        try (Socket socket = new Socket("localhost", sandbox.smtpPort())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("220 ");
        }
        assertThat(sandbox.mail().remainingRefusals()).isZero();
    }

    @Test
    void a_refusal_count_must_be_a_whole_number_not_below_zero() throws Exception {
        assertThat(client.post("/admin/mail/refuse", null, "{\"count\":-1}").status()).isEqualTo(400);
        assertThat(client.post("/admin/mail/refuse", null, "{\"count\":\"2\"}").status()).isEqualTo(400);
        assertThat(client.post("/mail/messages", null, "").status()).isEqualTo(405);
        assertThat(sandbox.mail().remainingRefusals()).isZero();
    }

    @Test
    void reset_forgets_the_received_mail_and_the_refusals() throws Exception {
        sandbox.mail().refuseNext(1);
        assertThatThrownBy(() -> Transport.send(message("shop@orderly.dev", "a@example.com", "x", "y")))
                .isInstanceOf(MessagingException.class);
        Transport.send(message("shop@orderly.dev", "a@example.com", "kept until reset", "y"));
        sandbox.mail().refuseNext(3);
        await().until(() -> sandbox.mail().messages().size() == 1);

        Answer reset = client.post("/admin/reset", null, "");

        assertThat(reset.status()).isEqualTo(200);
        assertThat(client.get("/mail/messages").json().path("data")).isEmpty();
        JsonNode state = client.get("/admin/mail/refuse").json();
        assertThat(state.path("remaining").asInt()).isZero();
        assertThat(state.path("refused").asInt()).isZero();
        Transport.send(message("shop@orderly.dev", "a@example.com", "after reset", "y"));
        await().until(() -> sandbox.mail().messages().size() == 1);
    }

    private static MimeMessage message(String from, String to, String subject, String text)
            throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "localhost");
        properties.put("mail.smtp.port", String.valueOf(sandbox.smtpPort()));
        properties.put("mail.smtp.connectiontimeout", "5000");
        properties.put("mail.smtp.timeout", "5000");
        // Like a client that retries a mail: a Message-ID once given is kept when the message is sent again.
        MimeMessage message = new MimeMessage(Session.getInstance(properties)) {
            @Override
            protected void updateMessageID() throws MessagingException {
                if (getHeader("Message-ID") == null) {
                    super.updateMessageID();
                }
            }
        };
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, "UTF-8");
        message.setText(text, "UTF-8");
        return message;
    }
}
