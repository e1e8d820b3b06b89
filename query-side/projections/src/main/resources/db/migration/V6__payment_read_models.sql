CREATE TABLE payment_view (
    payment_id          VARCHAR(64)  PRIMARY KEY,
    order_id            VARCHAR(64)  NOT NULL,
    amount              BIGINT       NOT NULL,
    currency            CHAR(3)      NOT NULL,
    status              VARCHAR(32)  NOT NULL,
    captured_amount     BIGINT       NOT NULL DEFAULT 0,
    refunded_amount     BIGINT       NOT NULL DEFAULT 0,
    attempts            INTEGER      NOT NULL DEFAULT 0,
    idempotency_key     VARCHAR(200) NOT NULL,
    provider_payment_id VARCHAR(200),
    reason              TEXT,
    last_sequence       BIGINT       NOT NULL,
    needs_attention_at  TIMESTAMP WITH TIME ZONE,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX payment_view_order ON payment_view (order_id);
CREATE INDEX payment_view_attention ON payment_view (needs_attention_at) WHERE status = 'NEEDS_ATTENTION';

CREATE TABLE payment_history (
    payment_id  VARCHAR(64)  NOT NULL,
    sequence    BIGINT       NOT NULL,
    event       VARCHAR(100) NOT NULL,
    detail      TEXT,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (payment_id, sequence)
);

-- The monitor's own fold of payments per order (never read by anything but the monitor).
CREATE TABLE monitor_order_payment (
    order_id        VARCHAR(255) PRIMARY KEY,
    captures        INTEGER      NOT NULL,
    captured_amount BIGINT       NOT NULL,
    refunded_amount BIGINT       NOT NULL
);
