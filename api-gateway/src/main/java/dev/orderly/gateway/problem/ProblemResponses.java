package dev.orderly.gateway.problem;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.orderly.gateway.payment.IntakeGuard;
import dev.orderly.gateway.web.RequestBodyTooLargeException;
import jakarta.validation.ConstraintViolationException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Turns every failure into an RFC 9457 problem with a stable {@code type}. Bad input is a 4xx and never reaches a
 * command handler; a 500 carries no internals.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    /** Jackson names the setting a limit comes from; the caller needs the limit, not our configuration's API. */
    private static final Pattern CONSTRAINT_SOURCE = Pattern.compile(", from `[^`]*`");

    /** A {@code 503} problem says when to try again, as every other {@code 503} of the API does. */
    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(problem.status());
        if (problem.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.body(detail(problem));
    }

    private static ProblemDetail detail(ApiProblem problem) {
        ProblemDetail detail = problem(problem.status(), problem.code(), problem.getMessage());
        problem.properties().forEach(detail::setProperty);
        return detail;
    }

    /** A body that crossed {@code orderly.web.max-request-body} while a controller read it itself. */
    @ExceptionHandler(RequestBodyTooLargeException.class)
    ProblemDetail bodyTooLarge(RequestBodyTooLargeException tooLarge) {
        return detail(tooLarge.problem());
    }

    @ExceptionHandler(IntakeGuard.IntakePausedException.class)
    ResponseEntity<ProblemDetail> intakePaused(IntakeGuard.IntakePausedException paused) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(paused.retryAfterSeconds()))
                .body(problem(paused.status(), paused.code(), paused.getMessage()));
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> commandFailed(CommandExecutionException failure) {
        return ApiProblem.refusal(failure).map(this::apiProblem).orElseGet(() -> unexpected(failure));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException mismatch) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-request",
                "'" + mismatch.getName() + "' has an invalid value");
    }

    /** A command for an aggregate that was never created: the thing named in the path does not exist. */
    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail aggregateNotFound(AggregateNotFoundException missing) {
        return problem(HttpStatus.NOT_FOUND, "not-found", missing.getAggregateIdentifier() + " does not exist");
    }

    /** A query parameter or path variable outside its constraints (checked by the controller's validation proxy). */
    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolated(ConstraintViolationException invalid) {
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "invalid-request", "the request has invalid parameters");
        body.setProperty("errors", invalid.getConstraintViolations().stream()
                .map(violation -> Map.of("field", parameterName(violation.getPropertyPath().toString()),
                        "message", violation.getMessage()))
                .sorted(Comparator.comparing(error -> error.get("field")))
                .toList());
        return body;
    }

    /** {@code list.limit} names the parameter {@code limit} of the method {@code list}: clients know the former. */
    private static String parameterName(String path) {
        return path.substring(path.indexOf('.') + 1);
    }

    @ExceptionHandler(TimeoutException.class)
    ResponseEntity<ProblemDetail> timeout(TimeoutException timeout) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "busy",
                        "the request took too long; it may still complete, retry later with the same id"));
    }

    /**
     * A request that lost its database (the server restarting, a connection cut, the pool exhausted) is a passing
     * condition, not a bug: {@code 503} with {@code Retry-After}, so that clients and balancers retry. Whatever it
     * was writing rolled back; a command accepted before stays accepted.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception failure) {
        if (DatabaseFailures.unavailable(failure)) {
            log.warn("Database unavailable while answering a request: {}", failure.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                    .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                            "the database is not reachable at the moment; retry later with the same id"));
        }
        if (DatabaseFailures.timedOut(failure)) {
            log.warn("Database too slow while answering a request: {}", failure.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                    .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "busy", "the database did not answer in time "
                            + "(spring.transaction.default-timeout); what this request wrote rolled back; retry "
                            + "later with the same id"));
        }
        log.error("Unexpected failure answering a request", failure);
        return ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "the request could not be completed; it has been logged"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException invalid,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "invalid-request", "the request has invalid fields");
        List<Map<String, String>> errors = invalid.getBindingResult().getFieldErrors().stream()
                .map(ProblemResponses::fieldError).toList();
        body.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(body);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException invalid,
                                                                            HttpHeaders headers,
                                                                            HttpStatusCode status,
                                                                            WebRequest request) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "invalid-request",
                "the request has invalid parameters"));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        // A body refused while it was read arrives wrapped in whatever was reading it (a message converter, GraphQL's
        // handler): it is the body's size or shape that is wrong, not its syntax.
        RequestBodyTooLargeException tooLarge = cause(ex, RequestBodyTooLargeException.class);
        if (tooLarge != null) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(detail(tooLarge.problem()));
        }
        StreamConstraintsException overLimit = cause(ex, StreamConstraintsException.class);
        if (overLimit != null) {
            return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "json-limit-exceeded",
                    "the JSON body is outside the parser's limits: " + CONSTRAINT_SOURCE
                            .matcher(overLimit.getOriginalMessage()).replaceAll("")));
        }
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail detail
                && (detail.getType() == null || "about:blank".equals(detail.getType().toString()))) {
            detail.setType(ApiProblem.type(codeFor(statusCode)));
            if (statusCode.value() == 400 && detail.getDetail() != null && detail.getDetail().startsWith("Failed")) {
                detail.setDetail("the request body is not valid JSON of the expected shape");
            }
        }
        return response;
    }

    @Nullable
    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    private static String codeFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "invalid-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status.value();
        };
    }

    private static Map<String, String> fieldError(FieldError error) {
        return Map.of("field", error.getField(),
                "message", error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage());
    }

    static ProblemDetail problem(HttpStatus status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ApiProblem.type(code));
        return problem;
    }
}
