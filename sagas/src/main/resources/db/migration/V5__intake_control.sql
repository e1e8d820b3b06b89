-- The manual intake switch, shared by every node. The automatic pause (the payment provider failing) is each
-- node's own circuit breaker and is not stored.
CREATE TABLE intake_control (
    id         SMALLINT     PRIMARY KEY CHECK (id = 1),
    paused     BOOLEAN      NOT NULL,
    changed_by VARCHAR(100),
    reason     VARCHAR(500),
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO intake_control (id, paused, changed_at) VALUES (1, false, now());
