package dev.orderly.browser;

import dev.orderly.support.OrderlySystemTest;
import org.springframework.test.context.TestPropertySource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The whole app for the browser tests, in a context (and database) of their own: the catalogue then holds only
 * their resources, as a shop's would, so the pages show them on their first screen and the screenshots show what
 * a customer or an operator sees rather than thousands of other tests' rows.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@OrderlySystemTest
@TestPropertySource(properties = "spring.application.name=orderly-pages")
@interface PagesSystemTest {
}
