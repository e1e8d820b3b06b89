-- State owned by the runtime-verification monitor, folded from the event store. No other component writes here,
-- and the monitor reads no other read model.
CREATE TABLE monitor_progress (
    id                SMALLINT PRIMARY KEY CHECK (id = 1),
    events_checked    BIGINT   NOT NULL,
    last_global_index BIGINT   NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO monitor_progress (id, events_checked, last_global_index, updated_at) VALUES (1, 0, -1, now());

CREATE TABLE monitor_resource (
    resource_id VARCHAR(255) PRIMARY KEY,
    capacity    INTEGER      NOT NULL,
    held        INTEGER      NOT NULL
);

CREATE TABLE monitor_reservation (
    reservation_id VARCHAR(255) PRIMARY KEY,
    resource_id    VARCHAR(255) NOT NULL,
    quantity       INTEGER      NOT NULL,
    state          VARCHAR(16)  NOT NULL
);

CREATE TABLE monitor_violation (
    id               BIGSERIAL    PRIMARY KEY,
    invariant        VARCHAR(100) NOT NULL,
    aggregate_id     VARCHAR(255) NOT NULL,
    global_index     BIGINT       NOT NULL,
    event_identifier VARCHAR(255) NOT NULL,
    detail           TEXT         NOT NULL,
    detected_at      TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    UNIQUE (invariant, event_identifier)
);
