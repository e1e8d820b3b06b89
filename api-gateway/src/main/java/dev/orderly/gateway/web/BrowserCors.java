package dev.orderly.gateway.web;

import dev.orderly.gateway.PreferWait;
import dev.orderly.gateway.ReadYourWrites;
import dev.orderly.gateway.logging.CorrelationIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

import java.io.IOException;
import java.util.List;

/**
 * CORS for the browser origins in {@code orderly.web.allowed-origins}, so that a frontend served from elsewhere (a
 * dev server on {@code http://localhost:5173}, a shop on its own domain) can call the API with its own
 * {@code Authorization} header. The filter runs right after the correlation id and before every other filter: a
 * preflight is answered there, without credentials, before the body limit, the content-type check, the rate limits
 * or Spring Security see it; every other answer, the {@code 401}, {@code 413}, {@code 415} and {@code 429} problems
 * of those filters included, already carries the CORS headers, so that the page can read why it was refused.
 *
 * <p>A request from an origin not on the list is {@code 403 origin-not-allowed}, preflight or not; one without
 * {@code Origin} (not a browser) or from the API's own origin (a page it served) is not a CORS request and is left
 * alone. Credentials mode is off: the API takes no cookies, and a page sends its token or password in a header it
 * sets itself. WebSocket handshakes are left to {@link AllowedOriginHandshake}, with the same list.
 */
@Configuration(proxyBeanMethods = false)
class BrowserCors {

    /** Right after {@link CorrelationIdFilter}, so that even a refused preflight has its correlation id. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

    /**
     * The request headers a frontend sets, beyond the ones every browser may send without asking;
     * {@code X-Requested-With} marks a request as a script's, as the app's own pages mark theirs.
     */
    static final List<String> REQUEST_HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE,
            HttpHeaders.ACCEPT, "Idempotency-Key", ReadYourWrites.CONSISTENT_WITH, PreferWait.PREFER,
            CorrelationIdFilter.HEADER, "X-Requested-With", "Last-Event-ID");

    /** The response headers a page may read, beyond the CORS-safelisted ones. */
    static final List<String> EXPOSED_HEADERS = List.of(HttpHeaders.LOCATION, ReadYourWrites.TOKEN,
            ReadYourWrites.CONSISTENCY, PreferWait.PREFERENCE_APPLIED, CorrelationIdFilter.HEADER,
            HttpHeaders.RETRY_AFTER, "RateLimit-Policy", "RateLimit", HttpHeaders.WWW_AUTHENTICATE, "Accept-Post");

    private static final Logger log = LoggerFactory.getLogger(BrowserCors.class);

    @Bean
    FilterRegistrationBean<CorsFilter> browserCorsFilter(WebProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(properties.allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
        cors.setAllowedHeaders(REQUEST_HEADERS);
        cors.setExposedHeaders(EXPOSED_HEADERS);
        cors.setAllowCredentials(false);
        cors.setMaxAge(properties.corsMaxAge());
        UrlBasedCorsConfigurationSource paths = new UrlBasedCorsConfigurationSource();
        paths.registerCorsConfiguration("/**", cors);
        CorsFilter filter = new CorsFilter(paths) {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                return "websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE));
            }
        };
        filter.setCorsProcessor(new ProblemCorsProcessor());
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(ORDER);
        return registration;
    }

    /** Spring's CORS checks, refusing with a problem rather than a plain-text body. */
    private static final class ProblemCorsProcessor extends DefaultCorsProcessor {

        @Override
        protected void rejectRequest(ServerHttpResponse response) throws IOException {
            log.debug("Refused a CORS request: its origin, method or headers are not allowed");
            AllowedOriginHandshake.refuse(response, "a page of this origin may not call the API, or not with this "
                    + "method or these headers; see orderly.web.allowed-origins");
            response.flush();
        }
    }
}
