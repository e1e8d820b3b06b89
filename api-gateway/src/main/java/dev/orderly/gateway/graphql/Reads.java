package dev.orderly.gateway.graphql;

import dev.orderly.gateway.ReadYourWrites;
import graphql.execution.DataFetcherResult;
import org.springframework.stereotype.Component;

import java.util.function.Supplier;

/** Read-your-writes for GraphQL: the same bounded wait as the {@code Consistent-With} header, reported per view. */
@Component
class Reads {

    private final ReadYourWrites readYourWrites;

    Reads(ReadYourWrites readYourWrites) {
        this.readYourWrites = readYourWrites;
    }

    /** Waits, if {@code consistentWith} is given, for {@code projection}, then reads; the view's consistency says how. */
    <T> DataFetcherResult<T> consistentWith(String projection, Long consistentWith, Supplier<T> read) {
        ReadYourWrites.Consistency consistency = readYourWrites.awaitProcessed(projection, consistentWith)
                .orElse(null);
        return DataFetcherResult.<T>newResult().data(read.get()).localContext(consistency).build();
    }
}
