package dev.orderly.gateway.graphql;

import dev.orderly.gateway.ReadYourWrites;
import graphql.GraphQLContext;
import graphql.execution.DataFetcherResult;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Read-your-writes for GraphQL: the same wait as the {@code Consistent-With} header, reported per view. One request
 * has one deadline, however many of its fields wait: the first field to wait sets it in the request's context, the
 * others wait until the same moment, side by side and without a thread each.
 */
@Component
class Reads {

    private static final String DEADLINE = Reads.class.getName() + ".deadline";

    private final ReadYourWrites readYourWrites;

    Reads(ReadYourWrites readYourWrites) {
        this.readYourWrites = readYourWrites;
    }

    /** {@link #consistentWith(String, Long, GraphQLContext, Runnable, Supplier)} where reading now is the check. */
    <T> CompletableFuture<DataFetcherResult<T>> consistentWith(String projection, Long consistentWith,
                                                               GraphQLContext request, Supplier<T> read) {
        return consistentWith(projection, consistentWith, request, read::get, read);
    }

    /**
     * Reads, once {@code projection} has handled {@code consistentWith} if it is given; the view's consistency says
     * how. {@code check} runs first and throws for what the caller may not see or what does not exist, so that such
     * a field fails at once instead of after the wait.
     */
    <T> CompletableFuture<DataFetcherResult<T>> consistentWith(String projection, Long consistentWith,
                                                               GraphQLContext request, Runnable check,
                                                               Supplier<T> read) {
        if (consistentWith == null) {
            return CompletableFuture.completedFuture(result(read.get(), null));
        }
        check.run();
        Instant deadline = request.computeIfAbsent(DEADLINE, key -> readYourWrites.deadline());
        return readYourWrites.awaitProcessed(projection, consistentWith, deadline)
                .thenApplyAsync(consistency -> result(read.get(), consistency), readYourWrites.forCaller());
    }

    private static <T> DataFetcherResult<T> result(T view, ReadYourWrites.Consistency consistency) {
        return DataFetcherResult.<T>newResult().data(view).localContext(new Seen(view, consistency)).build();
    }

    /**
     * What a read saw, as the local context of its view. graphql-java hands a local context down to every field
     * below, links too, so it names the view it is about: a payment reached from an order read with
     * {@code consistentWith} is not reported as consistent with a projection nobody waited for.
     */
    record Seen(Object view, ReadYourWrites.Consistency consistency) {

        /** The consistency of {@code source}, if this read is the one that produced it. */
        ReadYourWrites.Consistency of(Object source) {
            return source == view ? consistency : null;
        }
    }
}
