/**
 * The warehouse port, beside the payment provider's: the {@link dev.orderly.saga.warehouse.Picklist} Orderly sends,
 * the {@link dev.orderly.saga.warehouse.Warehouse} it sends it to, and that port over HTTP. The effect ledger decides
 * a picklist once and its job calls the port; the warehouse's signed shipment notices come back through the gateway's
 * {@code /api/webhooks/warehouse} (package {@code dev.orderly.gateway.webhook}, which may not depend on sagas).
 */
package dev.orderly.saga.warehouse;
