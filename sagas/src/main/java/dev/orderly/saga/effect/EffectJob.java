package dev.orderly.saga.effect;

/** The data of an e-mail or picklist job: its ledger row holds the recipient and the payload. */
record EffectJob(EffectKey ledgerKey) implements LedgerJob {
    EffectJob {
        LedgerJob.complete(ledgerKey);
    }
}
