package dev.orderly.gateway.logging;

import dev.orderly.axon.CorrelationLogging;
import dev.orderly.gateway.card.CardNumbers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives each request a correlation id: the caller's {@code X-Correlation-Id} when it is a sensible token, otherwise a
 * fresh one. It is echoed in the response, set in the logging context for the request, and carried by the commands
 * the request causes, so every log line of the resulting chain (saga, payment, e-mail) can be found by it. Since it
 * is logged and stored with every command and event, a card number is no sensible token: such an id is replaced.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CorrelationIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Correlation-Id";
    private static final Pattern SENSIBLE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String offered = request.getHeader(HEADER);
        String correlationId = offered != null && SENSIBLE.matcher(offered).matches()
                && !CardNumbers.foundIn(offered) ? offered : UUID.randomUUID().toString();
        response.setHeader(HEADER, correlationId);
        MDC.put(CorrelationLogging.MDC_KEY, correlationId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(CorrelationLogging.MDC_KEY);
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }
}
