package dev.orderly.gateway.payment;

import dev.orderly.gateway.problem.ApiProblem;
import dev.orderly.query.intake.FindIntakeStatusQuery;
import dev.orderly.query.intake.IntakeStatusView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Refuses new payments and orders while intake is paused, so nothing is accepted that cannot be processed. */
@Component
public class IntakeGuard {

    private final QueryGateway queryGateway;

    IntakeGuard(QueryGateway queryGateway) {
        this.queryGateway = queryGateway;
    }

    public IntakeStatusView status() {
        return queryGateway.query(new FindIntakeStatusQuery(), ResponseTypes.instanceOf(IntakeStatusView.class))
                .join();
    }

    public void requireOpen() {
        IntakeStatusView status = status();
        if (!status.accepting()) {
            throw new IntakePausedException(status);
        }
    }

    /** Answered as {@code 503} with {@code Retry-After}. */
    public static class IntakePausedException extends ApiProblem {

        private final long retryAfterSeconds;

        IntakePausedException(IntakeStatusView status) {
            super(HttpStatus.SERVICE_UNAVAILABLE, "intake-paused", "new payments and orders are paused: "
                    + status.reason());
            this.retryAfterSeconds = status.retryAfterSeconds();
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
