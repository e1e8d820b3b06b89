package dev.orderly.support;

import dev.orderly.OrderlyApplication;
import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole app on a random port, on an embedded PostgreSQL of its own in a fresh folder. Test classes with the same
 * configuration share one context, and so one database, per test JVM.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = OrderlyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "orderly.database.embedded.data-dir=target/it-postgres/${random.uuid}",
                "orderly.database.embedded.clean-data=true"
        })
public @interface OrderlySystemTest {
}
