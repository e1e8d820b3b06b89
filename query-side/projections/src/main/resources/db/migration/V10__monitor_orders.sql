-- The monitor's fold per order, extended for the fulfilment invariants.
ALTER TABLE monitor_order_payment
    ADD COLUMN first_captured_at TIMESTAMP WITH TIME ZONE,
    ADD COLUMN confirmations     INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN shipments         INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN cancellations     INTEGER NOT NULL DEFAULT 0;
CREATE INDEX monitor_order_payment_open ON monitor_order_payment (first_captured_at)
    WHERE captures > 0 AND shipments = 0;
