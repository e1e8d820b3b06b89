package dev.orderly.gateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.gateway.problem.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import org.springframework.web.util.WebUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Refuses a WebSocket handshake sent by a page of an origin not in {@code orderly.web.allowed-origins}, with
 * {@code 403 origin-not-allowed}. Browsers do not apply CORS to WebSockets but always send {@code Origin}: without
 * this check any site a signed-in user visits could open a subscription with the credentials the browser holds.
 * A handshake without {@code Origin} comes from a program, not a browser, and one from the API's own origin is a
 * page the API served; both are let through.
 */
public class AllowedOriginHandshake implements HandshakeInterceptor {

    private static final Logger log = LoggerFactory.getLogger(AllowedOriginHandshake.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CorsConfiguration origins = new CorsConfiguration();

    public AllowedOriginHandshake(List<String> allowedOriginPatterns) {
        origins.setAllowedOriginPatterns(allowedOriginPatterns);
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                                   Map<String, Object> attributes) {
        String origin = request.getHeaders().getOrigin();
        if (origin == null || WebUtils.isSameOrigin(request) || origins.checkOrigin(origin) != null) {
            return true;
        }
        log.info("Refused a WebSocket handshake to {} from origin {}", request.getURI().getPath(), origin);
        refuse(response, "this origin may not open a WebSocket here; see orderly.web.allowed-origins");
        return false;
    }

    /** {@code 403 origin-not-allowed}, the answer to a browser origin not in {@code orderly.web.allowed-origins}. */
    static void refuse(ServerHttpResponse response, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, detail);
        problem.setType(ApiProblem.type("origin-not-allowed"));
        response.setStatusCode(HttpStatus.FORBIDDEN);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        try {
            JSON.writeValue(response.getBody(), problem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception failure) {
    }
}
