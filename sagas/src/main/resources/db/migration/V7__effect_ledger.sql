-- Every side effect Orderly decides on, under a unique key (subject, kind, step). The row is written in the same
-- transaction as the decision (the saga's or the payment processor's), so a decision replayed or retried finds its
-- row and does not act twice; the job that carries the effect out marks it done.
CREATE TABLE effect_ledger (
    subject_id VARCHAR(64)  NOT NULL,
    kind       VARCHAR(64)  NOT NULL,
    step       VARCHAR(64)  NOT NULL,
    recipient  VARCHAR(320),
    payload    JSONB        NOT NULL,
    status     VARCHAR(16)  NOT NULL,
    attempts   INTEGER      NOT NULL DEFAULT 0,
    last_error TEXT,
    result     VARCHAR(300),
    decided_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    done_at    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (subject_id, kind, step)
);
CREATE INDEX effect_ledger_open ON effect_ledger (decided_at) WHERE status = 'PENDING';
