package dev.orderly.gateway.ratelimit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orderly.gateway.problem.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;

import java.io.IOException;
import java.net.URI;

/** The REST answer to a refused take: {@code 429 rate-limited}, an RFC 9457 problem, and the rate-limit fields. */
final class TooManyRequests {

    static final String CODE = "rate-limited";

    /** With Spring's mix-in, as Spring MVC writes problems: without it the body had a {@code "properties":null}. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);

    private TooManyRequests() {
    }

    static void write(HttpServletRequest request, HttpServletResponse response, Verdict verdict, String what)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, verdict.detail(what));
        problem.setType(ApiProblem.type(CODE));
        problem.setInstance(URI.create(request.getRequestURI()));
        verdict.writeHeaders(response::setHeader);
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), problem);
    }
}
