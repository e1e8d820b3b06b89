-- The order view derives its payment's status as the payment view does (PaymentStatusChange), from every payment
-- event; a refund's outcome needs the payment's amounts, and the payment's sequence keeps an event delivered again
-- from counting twice (-1: no payment yet).
ALTER TABLE order_view
    ADD COLUMN payment_amount   BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN payment_captured BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN payment_refunded BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN payment_sequence BIGINT NOT NULL DEFAULT -1;

-- Orders projected before take their payment as the payment view has it: that corrects a status the order view did
-- not follow (a payment resolved by an operator, a partial refund), and the sequence makes the order view skip the
-- payment events the payment view had already applied, should it be behind.
UPDATE order_view o
SET payment_status   = p.status,
    payment_amount   = p.amount,
    payment_captured = p.captured_amount,
    payment_refunded = p.refunded_amount,
    payment_sequence = p.last_sequence
FROM payment_view p
WHERE p.payment_id = o.payment_id;
