package dev.orderly.gateway.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.orderly.gateway.security.Callers.CUSTOMER_ROLE;
import static dev.orderly.gateway.security.Callers.OPS_ROLE;

/**
 * Authenticates {@code GET /api/orders/{orderId}/events?ticket=...} by its stream ticket, which is redeemed (used up)
 * here: the request then runs as the caller the ticket was issued to. A ticket that is unknown, expired, used before,
 * or issued for another order is {@code 401 invalid-stream-ticket}. The ticket opens nothing else: on any other path
 * the parameter is ignored. Past this filter the request has no {@code ticket} parameter, so nothing downstream (a
 * log line, a problem's {@code instance}) can repeat it.
 */
final class StreamTicketFilter extends OncePerRequestFilter {

    static final String PARAMETER = "ticket";

    private static final Logger log = LoggerFactory.getLogger(StreamTicketFilter.class);

    private final RequestMatcher events = PathPatternRequestMatcher.withDefaults()
            .matcher(HttpMethod.GET, "/api/orders/{orderId}/events");
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final StreamTickets tickets;
    private final AuthenticationEntryPoint refusals;

    StreamTicketFilter(StreamTickets tickets, AuthenticationEntryPoint refusals) {
        this.tickets = tickets;
        this.refusals = refusals;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // The path first: asking for a parameter parses a form body, and the stream is a GET without one.
        return !events.matches(request) || request.getParameterValues(PARAMETER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String[] given = request.getParameterValues(PARAMETER);
        String orderId = events.matcher(request).getVariables().get("orderId");
        Optional<StreamTickets.Holder> holder = given.length == 1 ? tickets.redeem(given[0]) : Optional.empty();
        if (holder.isEmpty() || !holder.get().orderId().equals(uuid(orderId))) {
            log.debug("Refused a stream ticket for order {}: unknown, expired, used or for another order", orderId);
            contexts.clearContext();
            refusals.commence(request, response, new RefusedTicketException());
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new TicketAuthentication(holder.get().caller()));
        contexts.setContext(context);
        chain.doFilter(new WithoutTicket(request), response);
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }

    /** A ticket that opens nothing; the entry point answers it {@code 401 invalid-stream-ticket}. */
    static final class RefusedTicketException extends AuthenticationException {

        RefusedTicketException() {
            super("the stream ticket is unknown, expired, used already or for another order");
        }
    }

    /** The caller a stream ticket was issued to, with the role they had then. */
    private static final class TicketAuthentication extends AbstractAuthenticationToken {

        private final String name;

        TicketAuthentication(Caller caller) {
            super(List.of(new SimpleGrantedAuthority("ROLE_" + (caller.ops() ? OPS_ROLE : CUSTOMER_ROLE))));
            this.name = caller.name();
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return null;
        }

        @Override
        public Object getPrincipal() {
            return name;
        }
    }

    /** The request as if it had come without its ticket. */
    private static final class WithoutTicket extends HttpServletRequestWrapper {

        WithoutTicket(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getQueryString() {
            String query = super.getQueryString();
            if (query == null) {
                return null;
            }
            String rest = Arrays.stream(query.split("&"))
                    .filter(pair -> !pair.equals(PARAMETER) && !pair.startsWith(PARAMETER + "="))
                    .collect(Collectors.joining("&"));
            return rest.isEmpty() ? null : rest;
        }

        @Override
        public String getParameter(String name) {
            return PARAMETER.equals(name) ? null : super.getParameter(name);
        }

        @Override
        public String[] getParameterValues(String name) {
            return PARAMETER.equals(name) ? null : super.getParameterValues(name);
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return super.getParameterMap().entrySet().stream().filter(entry -> !PARAMETER.equals(entry.getKey()))
                    .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(getParameterMap().keySet());
        }
    }
}
