-- The monitor's fold learns who owns each reservation and which phase each order is in, for the ownership, release
-- and phase invariants (see dev.orderly.projection.monitor).
ALTER TABLE monitor_reservation
    ADD COLUMN customer_id VARCHAR(255),
    -- the order whose fulfilment made it; NULL: a customer through the API
    ADD COLUMN order_id    VARCHAR(255);

CREATE TABLE monitor_order_phase (
    order_id               VARCHAR(255) PRIMARY KEY,
    -- the order's status after its last event: PENDING_RESERVATION ... SHIPPED, CANCEL_PENDING, CANCELLED, REJECTED
    phase                  VARCHAR(32)  NOT NULL,
    entered_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    cancellation_requested BOOLEAN      NOT NULL
);
-- The overdue query looks up each open phase's orders entered before that phase's bound.
CREATE INDEX monitor_order_phase_entered ON monitor_order_phase (phase, entered_at);

-- History already checked has no owners and no phases in the fold: the monitor checks the whole log again. Its state
-- is cleared and its token removed, so it starts from the first event as on a new database; the findings stay, and
-- one found again is not recorded twice (one row per invariant and event).
DELETE FROM monitor_reservation;
DELETE FROM monitor_resource;
DELETE FROM monitor_order_payment;
DELETE FROM monitor_payment;
UPDATE monitor_progress SET events_checked = 0, last_global_index = -1, updated_at = now();
DELETE FROM tokenentry WHERE processorname = 'invariant-monitor';
