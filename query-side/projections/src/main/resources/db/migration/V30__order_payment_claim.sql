-- One payment per order (see dev.orderly.command.payment.OrderPaymentClaims): who holds each order id's payment,
-- taken in the transaction of the command that takes it. The key decides a race between placing an order and
-- requesting its payment through the payments API.
CREATE TABLE order_payment_claim (
    order_id   VARCHAR(64) PRIMARY KEY,
    -- FULFILMENT: an order was placed under this id and its saga pays it; PAYMENTS_API: paid on its own
    origin     VARCHAR(16) NOT NULL CHECK (origin IN ('FULFILMENT', 'PAYMENTS_API')),
    amount     BIGINT      NOT NULL,
    currency   VARCHAR(3)  NOT NULL,
    claimed_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);

-- History decided before this migration: whichever came first, the order or a payment for an order id with no order.
-- Ids are plain JSON values; the oldest development builds wrote {"value": ...}, read here too.
INSERT INTO order_payment_claim (order_id, origin, amount, currency)
SELECT DISTINCT ON (order_id) order_id, origin, amount, currency
FROM (SELECT COALESCE(event -> 'orderId' ->> 'value', event ->> 'orderId') AS order_id, globalindex,
             CASE WHEN payloadtype LIKE '%.OrderPlacedEvent' THEN 'FULFILMENT' ELSE 'PAYMENTS_API' END AS origin,
             CASE WHEN payloadtype LIKE '%.OrderPlacedEvent' THEN (event -> 'total' ->> 'minorUnits')::bigint
                  ELSE (event -> 'amount' ->> 'minorUnits')::bigint END AS amount,
             CASE WHEN payloadtype LIKE '%.OrderPlacedEvent' THEN event -> 'total' ->> 'currency'
                  ELSE event -> 'amount' ->> 'currency' END AS currency
      FROM (SELECT globalindex, payloadtype, convert_from(payload, 'UTF8')::jsonb AS event
            FROM domainevententry
            WHERE payloadtype IN ('dev.orderly.command.order.OrderPlacedEvent',
                                  'dev.orderly.command.payment.PaymentRequestedEvent')) taken) claims
ORDER BY order_id, globalindex;
