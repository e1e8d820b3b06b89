package dev.orderly.gateway.web;

import dev.orderly.gateway.problem.ApiProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Requires {@code Content-Type: application/json} on every state-changing request to the API ({@code POST},
 * {@code PUT}, {@code PATCH}, {@code DELETE} under {@code /api/} and on {@code /graphql}), bodiless ones included,
 * and answers anything else {@code 415}. This is the API's defence against cross-site requests: an HTML form on
 * another site, or a script without CORS, can only send {@code application/x-www-form-urlencoded},
 * {@code multipart/form-data} or {@code text/plain}, and a browser that has cached Basic credentials would send them
 * along. A JSON content type needs a CORS preflight, which only the allowed origins pass. Webhooks are exempt: they
 * come from servers, not browsers, and are trusted only by their signature.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class JsonContentTypeFilter extends OncePerRequestFilter {

    static final String GRAPHQL_PATH = "/graphql";
    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    /**
     * What Spring GraphQL's endpoint reads: the GraphQL over HTTP specification's {@code application/json}, and the
     * legacy {@code application/graphql} some clients still send. Neither is a type a form can send.
     */
    private static final List<MediaType> GRAPHQL_TYPES = List.of(MediaType.APPLICATION_JSON,
            MediaType.parseMediaType("application/graphql"));

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !STATE_CHANGING.contains(request.getMethod())
                || !(path.startsWith("/api/") || path.equals(GRAPHQL_PATH))
                || path.startsWith("/api/webhooks/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<MediaType> accepted = request.getRequestURI().equals(GRAPHQL_PATH) ? GRAPHQL_TYPES
                : List.of(MediaType.APPLICATION_JSON);
        MediaType given = contentType(request);
        if (given != null && accepted.stream().anyMatch(given::equalsTypeAndSubtype)) {
            chain.doFilter(request, response);
            return;
        }
        String header = switch (request.getMethod()) {
            case "POST" -> "Accept-Post";
            case "PATCH" -> HttpHeaders.ACCEPT_PATCH;
            default -> null;
        };
        if (header != null) {
            response.setHeader(header, MediaType.toString(accepted));
        }
        FilterProblems.write(request, response, new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type", "a " + request.getMethod() + " to this endpoint needs Content-Type: "
                + MediaType.APPLICATION_JSON_VALUE + ", also when it has no body"));
    }

    private static MediaType contentType(HttpServletRequest request) {
        String header = request.getContentType();
        if (header == null) {
            return null;
        }
        try {
            return MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException e) {
            return null;
        }
    }
}
