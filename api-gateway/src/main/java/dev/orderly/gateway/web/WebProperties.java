package dev.orderly.gateway.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;

/**
 * What the HTTP API accepts from a caller it does not trust yet: how big a request body may be, how the JSON in it
 * may be shaped, and which browser origins may talk to it.
 *
 * @param maxRequestBody the largest request body (JSON, GraphQL) any endpoint reads; a larger one is {@code 413}
 *                       whether it says so in {@code Content-Length} or streams past the limit chunk by chunk. The
 *                       signed webhooks have their own, smaller limit ({@code orderly.webhooks.max-body})
 * @param allowedOrigins the browser origins (Spring's origin patterns, such as {@code https://*.example.com} or
 *                       {@code http://localhost:[*]}) whose pages may call the API (CORS) and open the GraphQL
 *                       WebSocket; a request or handshake from any other origin is {@code 403}, one without an
 *                       {@code Origin} (not a browser) or from the API's own origin is let through. Empty in
 *                       {@code prod}: list your frontends there
 * @param corsMaxAge     how long a browser may cache the answer to a CORS preflight, and so skip the next one
 * @param json           the limits of Jackson's parser on every JSON body
 */
@ConfigurationProperties("orderly.web")
public record WebProperties(@DefaultValue("1MB") DataSize maxRequestBody,
                            @DefaultValue({"http://localhost:[*]", "http://127.0.0.1:[*]"}) List<String> allowedOrigins,
                            @DefaultValue("30m") Duration corsMaxAge,
                            @DefaultValue Json json) {

    /**
     * Jackson's stream-read constraints. Its own defaults let a body within the size limit still nest a thousand
     * levels deep or carry a thousand-digit number; no request of this API needs either.
     *
     * @param maxNestingDepth how deeply arrays and objects may nest
     * @param maxStringLength the longest string value, in characters (the longest field, a notice's text, takes 10,000)
     * @param maxNumberLength the longest number, in characters (a 64-bit integer takes 20)
     */
    public record Json(@DefaultValue("32") int maxNestingDepth,
                       @DefaultValue("65536") int maxStringLength,
                       @DefaultValue("100") int maxNumberLength) {
    }
}
