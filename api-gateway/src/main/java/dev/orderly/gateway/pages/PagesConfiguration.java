package dev.orderly.gateway.pages;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The booking page ({@code /}, Spring Boot's welcome page {@code static/index.html}) and the operator console
 * ({@code /ops}): static HTML and ES modules from the jar, no build step, talking to the public API only.
 */
@Configuration
@EnableConfigurationProperties(PagesProperties.class)
public class PagesConfiguration implements WebMvcConfigurer {

    /** The page paths, for the security rules and the Content-Security-Policy. */
    public static final String[] PAGES = {"/", "/index.html", "/ops", "/ops.html", "/assets/**", "/webjars/uplot/**"};

    /**
     * A {@code GET} or {@code HEAD} of a page or its files: open to anyone, since they hold no data, and not counted
     * against an address's budget of anonymous requests (a page load is several of them, and every visitor behind one
     * proxy shares that budget).
     */
    public static final RequestMatcher PAGE_REQUESTS = new OrRequestMatcher(Stream.of(HttpMethod.GET, HttpMethod.HEAD)
            .flatMap(method -> Arrays.stream(PAGES).map(path -> (RequestMatcher) PathPatternRequestMatcher
                    .withDefaults().matcher(method, path)))
            .toList());

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
