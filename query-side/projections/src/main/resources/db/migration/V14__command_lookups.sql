-- The command side's lookups (see dev.orderly.projection.lookup): written in the deciding command's transaction.

-- Every reservation id ever decided, with its owner: a reused id is recognised as a retry or refused as a conflict.
CREATE TABLE reservation_claim (
    reservation_id VARCHAR(64)  PRIMARY KEY,
    resource_id    VARCHAR(64)  NOT NULL,
    customer_id    VARCHAR(100) NOT NULL,
    quantity       INTEGER      NOT NULL,
    -- the order whose fulfilment made it; NULL: a customer through the API (or any reservation decided before owners
    -- were recorded)
    order_id       VARCHAR(64),
    decided_at     TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);

-- The current unit price of every registered resource; NULL until an operator prices one registered before prices.
CREATE TABLE resource_price (
    resource_id VARCHAR(64) PRIMARY KEY,
    unit_price  BIGINT,
    currency    VARCHAR(3)
);

-- History decided before this migration: the Resource aggregate no longer remembers decided ids itself.
INSERT INTO reservation_claim (reservation_id, resource_id, customer_id, quantity, order_id)
SELECT DISTINCT ON (event ->> 'reservationId') event ->> 'reservationId', aggregateidentifier,
       event ->> 'customerId', (event ->> 'quantity')::integer, event ->> 'orderId'
FROM (SELECT aggregateidentifier, globalindex, convert_from(payload, 'UTF8')::jsonb AS event
      FROM domainevententry
      WHERE payloadtype IN ('dev.orderly.command.resource.ResourceReservedEvent',
                            'dev.orderly.command.resource.ReservationRejectedEvent')) decided
ORDER BY event ->> 'reservationId', globalindex;

INSERT INTO resource_price (resource_id)
SELECT aggregateidentifier FROM domainevententry
WHERE payloadtype = 'dev.orderly.command.resource.ResourceRegisteredEvent'
ON CONFLICT DO NOTHING;
