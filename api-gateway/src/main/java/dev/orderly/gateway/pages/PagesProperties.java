package dev.orderly.gateway.pages;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;

/**
 * What the pages served by the app (the booking page at {@code /}, the operator console at {@code /ops}) need to
 * know that the API does not say by itself.
 *
 * @param cardTokenizationUrl where the booking page sends a card from the customer's browser to get a payment token,
 *                            so that the card never reaches Orderly: the provider's public tokenisation endpoint,
 *                            which may differ from the server-side {@code orderly.payments.provider.base-url}. It is
 *                            the only other origin the pages' Content-Security-Policy lets them connect to
 */
@ConfigurationProperties("orderly.pages")
public record PagesProperties(@DefaultValue("http://localhost:8091/v1/tokens") URI cardTokenizationUrl) {

    /** The tokenisation endpoint's origin, as a {@code connect-src} source. */
    String tokenizationOrigin() {
        int port = cardTokenizationUrl.getPort();
        return cardTokenizationUrl.getScheme() + "://" + cardTokenizationUrl.getHost() + (port < 0 ? "" : ":" + port);
    }
}
