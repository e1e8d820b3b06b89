-- The monitor's record of what each payment asked for, so that a capture confirmed by an operator (which names no
-- amount) counts for what it is.
CREATE TABLE monitor_payment (
    payment_id VARCHAR(255) PRIMARY KEY,
    order_id   VARCHAR(255) NOT NULL,
    amount     BIGINT       NOT NULL
);
