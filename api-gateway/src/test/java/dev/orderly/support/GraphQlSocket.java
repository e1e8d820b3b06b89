package dev.orderly.support;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A graphql-transport-ws connection to {@code /graphql} through the JDK's own WebSocket client, as a browser or a
 * program opens it: with or without an {@code Origin}, with or without credentials on the handshake. It keeps every
 * message the server sent and how the server closed the connection.
 */
public final class GraphQlSocket implements WebSocket.Listener {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every text message received, in order. */
    public final List<String> messages = new CopyOnWriteArrayList<>();
    /** The server's close code and reason, once it closed the connection. */
    public final CompletableFuture<Map.Entry<Integer, String>> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    private GraphQlSocket() {
    }

    /** Opens a connection with a handshake signed by {@code authorization}, as a program would. */
    public static GraphQlSocket open(int port, String authorization) {
        return open(port, null, authorization);
    }

    /**
     * Opens a connection; {@code origin} and {@code authorization} are sent on the handshake unless null. A refused
     * handshake throws a {@code CompletionException} caused by a {@code WebSocketHandshakeException}.
     */
    public static GraphQlSocket open(int port, String origin, String authorization) {
        return open(port, origin, authorization, Map.of());
    }

    /** Opens a connection as {@link #open(int, String, String)} does, with more handshake headers. */
    public static GraphQlSocket open(int port, String origin, String authorization, Map<String, String> headers) {
        GraphQlSocket listener = new GraphQlSocket();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .subprotocols("graphql-transport-ws");
        headers.forEach(builder::header);
        if (origin != null) {
            builder.header("Origin", origin);
        }
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        listener.socket = builder.buildAsync(URI.create("ws://localhost:" + port + "/graphql"), listener).join();
        return listener;
    }

    /** Sends {@code connection_init}, with {@code payload} unless it is null. */
    public void init(Map<String, ?> payload) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "connection_init");
        if (payload != null) {
            message.put("payload", payload);
        }
        send(json(message));
    }

    /** Sends a {@code subscribe} message for {@code query} with {@code variables}. */
    public void subscribe(String id, String query, Map<String, ?> variables) {
        send(json(Map.of("id", id, "type", "subscribe", "payload", Map.of("query", query, "variables", variables))));
    }

    /** Whether a message arrived that contains every one of {@code fragments}. */
    public boolean received(String... fragments) {
        return messages.stream().anyMatch(message -> List.of(fragments).stream().allMatch(message::contains));
    }

    public void send(String message) {
        socket.sendText(message, true).join();
    }

    /** Closes the connection from this side, normally. */
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(Map.entry(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
