-- The units each customer holds through the API (reservations without an order) on every resource together, for
-- orderly.reservations.max-units-per-customer. Written by the command lookups in the deciding command's transaction;
-- a decision under the quota locks its customer's row, so that one customer's reservations are decided one by one.
CREATE TABLE customer_holding (
    customer_id VARCHAR(100) PRIMARY KEY,
    units       INTEGER      NOT NULL CHECK (units >= 0)
);

-- What is held now, from the history: every reservation made through the API and not released since.
INSERT INTO customer_holding (customer_id, units)
SELECT claim.customer_id, sum(claim.quantity)
FROM reservation_claim claim
WHERE claim.order_id IS NULL
  AND EXISTS (SELECT 1 FROM domainevententry granted
              WHERE granted.aggregateidentifier = claim.resource_id
                AND granted.payloadtype = 'dev.orderly.command.resource.ResourceReservedEvent'
                AND convert_from(granted.payload, 'UTF8')::jsonb ->> 'reservationId' = claim.reservation_id)
  AND NOT EXISTS (SELECT 1 FROM domainevententry released
                  WHERE released.aggregateidentifier = claim.resource_id
                    AND released.payloadtype = 'dev.orderly.command.resource.ReservationReleasedEvent'
                    AND convert_from(released.payload, 'UTF8')::jsonb ->> 'reservationId' = claim.reservation_id)
GROUP BY claim.customer_id;
