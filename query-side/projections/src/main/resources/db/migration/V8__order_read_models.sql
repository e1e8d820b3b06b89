CREATE TABLE order_view (
    order_id        VARCHAR(64)  PRIMARY KEY,
    customer_id     VARCHAR(100) NOT NULL,
    email           VARCHAR(320) NOT NULL,
    status          VARCHAR(32)  NOT NULL,
    total           BIGINT       NOT NULL,
    currency        CHAR(3)      NOT NULL,
    lines           JSONB        NOT NULL,
    payment_id      VARCHAR(64),
    payment_status  VARCHAR(32),
    shipment_id     VARCHAR(100),
    carrier         VARCHAR(100),
    tracking_number VARCHAR(100),
    reason          TEXT,
    needs_attention BOOLEAN      NOT NULL DEFAULT false,
    last_sequence   BIGINT       NOT NULL,
    placed_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX order_view_customer ON order_view (customer_id, order_id);
CREATE INDEX order_view_status ON order_view (status, order_id);

CREATE TABLE order_timeline (
    event_id    VARCHAR(255) PRIMARY KEY,
    order_id    VARCHAR(64)  NOT NULL,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    event       VARCHAR(100) NOT NULL,
    detail      TEXT
);
CREATE INDEX order_timeline_order ON order_timeline (order_id, occurred_at);
