package dev.orderly.gateway.graphql;

import dev.orderly.gateway.problem.ApiProblem;
import graphql.relay.Connection;
import graphql.relay.ConnectionCursor;
import graphql.relay.DefaultConnection;
import graphql.relay.DefaultConnectionCursor;
import graphql.relay.DefaultEdge;
import graphql.relay.DefaultPageInfo;
import graphql.relay.Edge;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Relay connections over the read model's keyset pages. A cursor is opaque to clients: the base64url of the kind of
 * list and the id of its last item, so that a page is read with {@code id > after} and an item added or removed
 * meanwhile neither repeats nor skips another. A cursor that is not one of ours (not base64url, another list's, no
 * id) is refused as {@code invalid-cursor} before anything is read. It is not a secret: one written by hand only
 * moves within the caller's own list, whose filter is applied whatever the cursor says.
 */
@Component
class Connections {

    /** The lists that have connections; a cursor of one is refused by the others. */
    enum Kind { ORDER, RESOURCE, RESERVATION }

    /** What a connection field asks for: how many items, and after which id ({@code null} from the start). */
    record Page(Kind kind, int first, String after) {

        /** How many to read: one more than asked, which tells whether there is a next page. */
        int limit() {
            return first + 1;
        }
    }

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final int maxPageSize;

    Connections(GraphQlConfiguration.Limits limits) {
        this.maxPageSize = limits.maxPageSize();
    }

    /** The page asked for, or a {@code 400} for a {@code first} out of bounds or a cursor that is not ours. */
    Page page(Kind kind, int first, String after) {
        if (first < 1 || first > maxPageSize) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-request", "the request has invalid fields")
                    .with("errors", List.of(Map.of("field", "first",
                            "message", "must be between 1 and " + maxPageSize)));
        }
        return new Page(kind, first, after == null ? null : decode(kind, after));
    }

    /** The connection of {@code read}, a page of up to {@link Page#limit()} items in id order. */
    <T> Connection<T> connection(Page page, List<T> read, Function<T, String> id) {
        List<T> shown = read.size() > page.first() ? read.subList(0, page.first()) : read;
        List<Edge<T>> edges = shown.stream()
                .<Edge<T>>map(item -> new DefaultEdge<>(item, cursor(page.kind(), id.apply(item))))
                .toList();
        ConnectionCursor start = edges.isEmpty() ? null : edges.get(0).getCursor();
        ConnectionCursor end = edges.isEmpty() ? null : edges.get(edges.size() - 1).getCursor();
        // Paging forward, an item before the cursor's is known to exist: the cursor was made from it.
        return new DefaultConnection<>(edges, new DefaultPageInfo(start, end, page.after() != null,
                read.size() > page.first()));
    }

    private static ConnectionCursor cursor(Kind kind, String id) {
        return new DefaultConnectionCursor(ENCODER.encodeToString((kind.name() + ":" + id)
                .getBytes(StandardCharsets.UTF_8)));
    }

    private static String decode(Kind kind, String cursor) {
        String text;
        try {
            text = new String(DECODER.decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(kind, "is not a cursor");
        }
        String prefix = kind.name() + ":";
        if (!text.startsWith(prefix)) {
            throw invalid(kind, "is not a cursor of this list");
        }
        String id = text.substring(prefix.length());
        try {
            UUID uuid = UUID.fromString(id);
            if (!uuid.toString().equals(id)) {
                throw invalid(kind, "is not a cursor this API made");
            }
        } catch (IllegalArgumentException e) {
            throw invalid(kind, "is not a cursor this API made");
        }
        return id;
    }

    private static ApiProblem invalid(Kind kind, String why) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-cursor", "after " + why + "; pass the endCursor "
                + "(or an edge's cursor) of an earlier page of the same list, or leave it out to start at the first")
                .with("argument", "after").with("list", kind.name());
    }
}
