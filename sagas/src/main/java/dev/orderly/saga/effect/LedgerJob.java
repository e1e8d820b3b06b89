package dev.orderly.saga.effect;

import dev.orderly.axon.job.JsonJobData;

import java.util.Objects;

/**
 * The JSON data of a job that carries out a decided effect: whatever the job needs, and the key of its ledger row,
 * so that the job finds its row without reading anything out of its db-scheduler instance id.
 */
public interface LedgerJob extends JsonJobData {

    EffectKey ledgerKey();

    /** A row whose key lacks a part would name no ledger row: such data is refused as it is read. */
    static EffectKey complete(EffectKey key) {
        Objects.requireNonNull(key, "ledgerKey");
        Objects.requireNonNull(key.subject(), "ledgerKey.subject");
        Objects.requireNonNull(key.kind(), "ledgerKey.kind");
        Objects.requireNonNull(key.step(), "ledgerKey.step");
        return key;
    }
}
