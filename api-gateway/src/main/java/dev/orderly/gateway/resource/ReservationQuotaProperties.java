package dev.orderly.gateway.resource;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What one customer may hold through the reservations API.
 *
 * @param maxUnitsPerCustomer the most units a customer may hold at once through the API, on every resource together,
 *                            so that no one can hoard a resource by reserving it without ever ordering; an order's
 *                            own reservations do not count (its deadline bounds them), and operators are exempt
 */
@ConfigurationProperties("orderly.reservations")
public record ReservationQuotaProperties(@DefaultValue("20") int maxUnitsPerCustomer) {
}
