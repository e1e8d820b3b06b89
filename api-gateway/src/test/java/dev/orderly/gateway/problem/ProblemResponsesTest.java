package dev.orderly.gateway.problem;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemResponsesTest {

    private final ProblemResponses responses = new ProblemResponses();

    @Test
    void a_request_that_lost_its_database_is_told_to_retry_rather_than_that_the_server_failed() {
        for (Exception lost : new Exception[]{
                new CannotGetJdbcConnectionException("pool empty"),
                new CannotCreateTransactionException("no connection", new SQLException("refused", "08001")),
                new CompletionException(new DataAccessResourceFailureException("gone")),
                new IllegalStateException("event store", new SQLException("terminating connection", "57P01"))}) {
            ResponseEntity<ProblemDetail> answer = responses.unexpected(lost);

            assertThat(answer.getStatusCode().value()).as("%s", lost).isEqualTo(503);
            assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
            assertThat(answer.getBody().getType().toString()).endsWith("/unavailable");
        }
    }

    @Test
    void any_other_unexpected_failure_is_still_an_internal_error() {
        ResponseEntity<ProblemDetail> answer = responses.unexpected(
                new IllegalStateException("a bug", new SQLException("syntax error", "42601")));

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getBody().getType().toString()).endsWith("/internal-error");
    }
}
