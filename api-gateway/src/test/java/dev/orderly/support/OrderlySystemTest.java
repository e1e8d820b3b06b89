package dev.orderly.support;

import dev.orderly.OrderlyApplication;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole app on a random port, on an embedded PostgreSQL of its own in a fresh folder, talking over HTTP to the
 * test JVM's sandbox with short timeouts. Test classes with the same configuration share one context, and so one
 * database, per test JVM.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = OrderlyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "orderly.database.embedded.data-dir=target/it-postgres/${random.uuid}",
                "orderly.database.embedded.clean-data=true",
                "sandbox.embedded=false",
                "orderly.payments.provider.read-timeout=1s",
                "orderly.payments.provider.lookup-backoff=50ms",
                // Outages some tests provoke must not pause intake for the next test; IntakePauseIT sets its own.
                "orderly.payments.provider.minimum-calls=1000",
                "orderly.payments.provider.sliding-window-size=1000",
                "orderly.payments.retry-initial-backoff=100ms",
                "orderly.payments.settle-window=1500ms",
                "orderly.payments.retry-max-backoff=1s",
                "orderly.effects.initial-backoff=100ms",
                "orderly.effects.max-backoff=1s",
                "db-scheduler.polling-interval=200ms",
                "orderly.metrics.refresh=1s",
                "db-scheduler.shutdown-max-wait=1s",
                // Tests fire bursts of commands, anonymous requests and wrong passwords from one address; the rate-limit
                // tests set their own limits.
                "orderly.rate-limit.burst=100000",
                "orderly.rate-limit.per-second=100000",
                // Tests reserve as alice over and over in one shared database; HostileInputQuotaIT sets its own.
                "orderly.reservations.max-units-per-customer=1000000",
                // The benchmark's S3 long-polls 100 reservations as one customer; HostileInputWaitsIT sets its own.
                "orderly.live.max-streams-per-caller=1000",
                // Anonymous and wrong-password requests from 127.0.0.1; HostileInputRateLimitIT sets its own.
                "orderly.rate-limit.address.burst=100000",
                "orderly.rate-limit.address.per-second=100000"
        })
@ContextConfiguration(initializers = SandboxInitializer.class)
@AutoConfigureObservability
public @interface OrderlySystemTest {
}
