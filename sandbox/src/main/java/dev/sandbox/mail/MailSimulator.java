package dev.sandbox.mail;

import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.mail.MovingMessage;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.user.UserManager;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import dev.sandbox.SandboxSettings;
import dev.sandbox.Simulator;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SMTP sink: GreenMail listens on a free port of 127.0.0.1, and a {@link SmtpRelay} on the public SMTP port pipes
 * connections to it, or refuses the next N with a transient {@code 421}. Every message GreenMail accepts is recorded
 * once (however many recipients it has), in arrival order. The HTTP API is {@link MailApiHandler}
 * ({@code /mail}, {@code /admin/mail}); tests can use the public methods here directly.
 */
public final class MailSimulator implements Simulator {

    private static final System.Logger LOG = System.getLogger(MailSimulator.class.getName());

    private final SandboxSettings settings;
    private final Clock clock;
    private final AtomicInteger refusalsLeft = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    private final Object lock = new Object();
    private final List<ReceivedMail> messages = new ArrayList<>();
    /** The message seen last by the delivery hook: GreenMail calls it once per recipient of a message. */
    private MovingMessage lastSeen;

    private volatile GreenMail greenMail;
    private volatile SmtpRelay relay;

    public MailSimulator(SandboxSettings settings) {
        this(settings, Clock.systemUTC());
    }

    MailSimulator(SandboxSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "SMTP sink";
    }

    @Override
    public void mount(HttpServer server) {
        MailApiHandler handler = new MailApiHandler(this);
        server.createContext("/mail", handler);
        server.createContext("/admin/mail", handler);
    }

    /** Starts GreenMail on a free loopback port and the relay on the SMTP port of the settings. */
    @Override
    public void start() throws IOException {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        UserManager users = greenMail.getUserManager();
        MessageDeliveryHandler delivery = users.getMessageDeliveryHandler();
        users.setMessageDeliveryHandler((message, recipient) -> {
            record(message);
            return delivery.handle(message, recipient);
        });
        relay = new SmtpRelay(new InetSocketAddress(settings.host(), settings.smtpPort()), new InetSocketAddress("127.0.0.1", greenMail.getSmtp().getPort()),
                this::takeRefusal);
        try {
            relay.start();
        } catch (IOException e) {
            greenMail.stop();
            greenMail = null;
            relay = null;
            throw new IOException("Could not start the SMTP sink on port " + settings.smtpPort(), e);
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Admin operations

    /** The public SMTP port (the chosen one when started with port 0). */
    public int smtpPort() {
        if (relay == null) {
            throw new IllegalStateException("The SMTP sink is not started");
        }
        return relay.port();
    }

    /** Every message received, in arrival order (a message sent twice is here twice). */
    public List<ReceivedMail> messages() {
        synchronized (lock) {
            return List.copyOf(messages);
        }
    }

    /** The messages with the address in {@code To} or among the envelope recipients, in arrival order. */
    public List<ReceivedMail> messages(String to) {
        synchronized (lock) {
            return messages.stream().filter(m -> m.isFor(to)).toList();
        }
    }

    /**
     * Makes the next {@code count} SMTP connections get {@code 421 4.3.2} and be closed before they reach the
     * server. Replaces what was left of an earlier count; 0 stops refusing.
     */
    public void refuseNext(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        refusalsLeft.set(count);
    }

    /** How many of the connections ordered by {@link #refuseNext(int)} are still to be refused. */
    public int remainingRefusals() {
        return refusalsLeft.get();
    }

    /** How many connections were refused since the start or the last reset. */
    public int refusedCount() {
        return refused.get();
    }

    /** Forgets every received message (GreenMail's mailboxes too) and the refusals, left and counted. */
    @Override
    public void reset() {
        refusalsLeft.set(0);
        refused.set(0);
        synchronized (lock) {
            messages.clear();
            if (greenMail != null) {
                try {
                    greenMail.purgeEmailFromAllMailboxes();
                } catch (FolderException e) {
                    LOG.log(System.Logger.Level.WARNING, "Could not purge GreenMail's mailboxes", e);
                }
            }
        }
    }

    @Override
    public void close() {
        if (relay != null) {
            relay.close();
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    // ----------------------------------------------------------------------------------------------------------------

    private boolean takeRefusal() {
        while (true) {
            int left = refusalsLeft.get();
            if (left <= 0) {
                return false;
            }
            if (refusalsLeft.compareAndSet(left, left - 1)) {
                refused.incrementAndGet();
                return true;
            }
        }
    }

    private void record(MovingMessage message) {
        synchronized (lock) {
            if (message == lastSeen) {
                return;
            }
            lastSeen = message;
            messages.add(toReceivedMail(message, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
        }
    }

    private static ReceivedMail toReceivedMail(MovingMessage moving, Instant receivedAt) {
        List<String> recipients = new ArrayList<>();
        for (MailAddress address : moving.getToAddresses()) {
            recipients.add(address.getEmail());
        }
        MimeMessage mime = moving.getMessage();
        String messageId = null;
        String from = moving.getReturnPath() == null ? null : moving.getReturnPath().getEmail();
        List<String> to = new ArrayList<>();
        String subject = null;
        String text = null;
        String html = null;
        try {
            messageId = mime.getMessageID();
            Address[] fromHeader = mime.getFrom();
            if (fromHeader != null && fromHeader.length > 0) {
                from = address(fromHeader[0]);
            }
            Address[] toHeader = mime.getRecipients(Message.RecipientType.TO);
            if (toHeader != null) {
                for (Address address : toHeader) {
                    to.add(address(address));
                }
            }
            subject = mime.getSubject();
            text = firstPart(mime, "text/plain");
            html = firstPart(mime, "text/html");
        } catch (MessagingException | IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not read all of a received message", e);
        }
        return new ReceivedMail(messageId, from, to, recipients, subject, receivedAt, text, html);
    }

    private static String address(Address address) {
        return address instanceof InternetAddress internet ? internet.getAddress() : address.toString();
    }

    /** The first part of the MIME type, depth first, as text with {@code \n} line ends; {@code null} if none. */
    private static String firstPart(Part part, String mimeType) throws MessagingException, IOException {
        if (part.isMimeType(mimeType)) {
            Object content = part.getContent();
            return content instanceof String string ? string.replace("\r\n", "\n") : null;
        }
        if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = firstPart(multipart.getBodyPart(i), mimeType);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
