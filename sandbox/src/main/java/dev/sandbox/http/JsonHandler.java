package dev.sandbox.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Base for the sandbox's handlers: turns any unexpected exception into a 500 JSON answer, so that a bug shows up as an
 * answer and in the log rather than as a silently closed connection.
 */
public abstract class JsonHandler implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(JsonHandler.class.getName());

    @Override
    public final void handle(HttpExchange exchange) {
        try {
            handleJson(exchange);
        } catch (BadRequestException e) {
            Exchanges.send(exchange, e.toReply());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.ERROR, "Sandbox handler failed for " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI(), e);
            Exchanges.send(exchange, Reply.error(500, "internal_error", "The sandbox failed: " + e));
        }
    }

    /** Handles the exchange; must send an answer or close the exchange. */
    protected abstract void handleJson(HttpExchange exchange) throws Exception;

    protected static Reply notFound(HttpExchange exchange) {
        return Reply.error(404, "not_found", "No such resource: " + exchange.getRequestURI().getPath());
    }

    protected static Reply methodNotAllowed(HttpExchange exchange) {
        return Reply.error(405, "method_not_allowed",
                exchange.getRequestMethod() + " is not allowed on " + exchange.getRequestURI().getPath());
    }
}
