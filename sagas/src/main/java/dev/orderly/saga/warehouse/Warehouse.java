package dev.orderly.saga.warehouse;

import java.io.IOException;

/**
 * The warehouse, as fulfilment needs it: take a picklist, pick and ship it, and post a signed shipment notice to the
 * callback when it has shipped. The port makes one call per invocation; retrying is the effect job's, under the same
 * idempotency key, so a repeat names the picklist the first call created.
 */
public interface Warehouse {

    /**
     * Hands a picklist to the warehouse.
     *
     * @return the warehouse's id of the picklist: the first one's, when {@code idempotencyKey} was used before
     * @throws IOException           when the warehouse cannot be reached or does not answer in time; it may or may not
     *                               hold the picklist
     * @throws IllegalStateException when it answers with anything but a 2xx
     */
    String submit(String idempotencyKey, Picklist picklist) throws IOException, InterruptedException;
}
