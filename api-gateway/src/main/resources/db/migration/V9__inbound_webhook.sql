-- Inbound webhooks already handled, by the sender's own id: a notice delivered twice is acted on once.
CREATE TABLE inbound_webhook (
    source      VARCHAR(50)  NOT NULL,
    message_id  VARCHAR(200) NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    PRIMARY KEY (source, message_id)
);
