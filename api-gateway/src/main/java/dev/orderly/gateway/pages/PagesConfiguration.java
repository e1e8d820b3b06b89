package dev.orderly.gateway.pages;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The booking page ({@code /}, Spring Boot's welcome page {@code static/index.html}) and the operator console
 * ({@code /ops}): static HTML and ES modules from the jar, no build step, talking to the public API only.
 */
@Configuration
@EnableConfigurationProperties(PagesProperties.class)
public class PagesConfiguration implements WebMvcConfigurer {

    /** The page paths, for the security rules and the Content-Security-Policy. */
    public static final String[] PAGES = {"/", "/index.html", "/ops", "/ops.html", "/assets/**", "/webjars/uplot/**"};

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/ops").setViewName("forward:/ops.html");
    }

    /**
     * The pages' Content-Security-Policy: scripts and styles from the app only (no inline script, no
     * {@code eval}), requests to the app and to the card tokenisation endpoint only, and no framing.
     */
    public static String contentSecurityPolicy(PagesProperties properties) {
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' " + properties.tokenizationOrigin() + "; object-src 'none'; base-uri 'none'; "
                + "form-action 'self'; frame-ancestors 'none'";
    }
}
