package dev.orderly.gateway.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.gateway.problem.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;
import java.net.URI;
import java.util.stream.Collectors;

/**
 * Answers the security layer's refusals as the rest of the API answers errors: an RFC 9457 problem with a stable
 * {@code type}. {@code 401} carries the challenge of the configured scheme (except a Basic one to a page's script);
 * a bearer token that was sent and refused is {@code 401 invalid-token} with RFC 6750's {@code error="invalid_token"}
 * and the check it failed, a stream ticket that opens nothing {@code 401 invalid-stream-ticket} with a
 * {@code StreamTicket} challenge. {@code 403} is only ever about a role, since someone else's order or reservation
 * answers {@code 404}.
 */
final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemSecurityHandlers.class);

    /** With Spring's mix-in, as Spring MVC writes problems: without it the body had a {@code "properties":null}. */
    private final ObjectMapper json = new ObjectMapper()
            .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);
    private final String challenge;

    ProblemSecurityHandlers(String challenge) {
        this.challenge = challenge;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
                         AuthenticationException failure) throws IOException {
        // The reason, never the credentials: Spring's exceptions here do not carry the password or the token.
        log.debug("Refused unauthenticated {} {}: {}", request.getMethod(), request.getRequestURI(),
                failure.getClass().getSimpleName());
        if (failure instanceof StreamTicketFilter.RefusedTicketException) {
            // The scheme that failed is the ticket's: a Basic challenge here would make a browser open its login
            // dialog over the page whose EventSource was refused (an EventSource cannot say it is a script).
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "StreamTicket realm=\"orderly\"");
            write(request, response, HttpStatus.UNAUTHORIZED, "invalid-stream-ticket", failure.getMessage()
                    + "; a ticket opens one stream: ask POST /api/stream-tickets for a new one");
            return;
        }
        if (failure instanceof OAuth2AuthenticationException refused) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            write(request, response, HttpStatus.UNAUTHORIZED, "invalid-token",
                    "the bearer token was refused: " + reason(refused));
            return;
        }
        if (!(challenge.startsWith("Basic") && fromScript(request))) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        write(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated",
                "this endpoint needs credentials; see the README's section on authentication");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       AccessDeniedException denied) throws IOException {
        log.info("Refused {} {} to {}: it needs a role the caller lacks", request.getMethod(),
                request.getRequestURI(), request.getUserPrincipal() == null ? "?" : request.getUserPrincipal().getName());
        write(request, response, HttpStatus.FORBIDDEN, "forbidden", "this endpoint needs the OPS role");
    }

    /**
     * A page's script that signs in by itself says so with {@code X-Requested-With: XMLHttpRequest}, the convention
     * Spring Security's own Basic entry point follows: a Basic challenge would make the browser open its login
     * dialog over the page's own form, so the refusal carries none. Nothing else changes: the request is refused.
     */
    private static boolean fromScript(HttpServletRequest request) {
        return "XMLHttpRequest".equalsIgnoreCase(request.getHeader("X-Requested-With"));
    }

    /**
     * The failed checks in their own words ("The aud claim is not valid", "Jwt expired at ..."); a token that does not
     * parse or whose signature does not verify is not described further.
     */
    private static String reason(OAuth2AuthenticationException refused) {
        if (refused.getCause() instanceof JwtValidationException invalid) {
            return invalid.getErrors().stream().map(OAuth2Error::getDescription).collect(Collectors.joining("; "));
        }
        if (refused.getCause() == null && refused.getError().getDescription() != null) {
            return refused.getError().getDescription();
        }
        return "it is malformed or its signature does not verify";
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
                       String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ApiProblem.type(code));
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
