CREATE TABLE resource_availability (
    resource_id   VARCHAR(64)  PRIMARY KEY,
    name          VARCHAR(200) NOT NULL,
    capacity      INTEGER      NOT NULL,
    held          INTEGER      NOT NULL,
    last_sequence BIGINT       NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE reservation_status (
    reservation_id VARCHAR(64)  PRIMARY KEY,
    resource_id    VARCHAR(64)  NOT NULL,
    customer_id    VARCHAR(100) NOT NULL,
    quantity       INTEGER      NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    reason         VARCHAR(500),
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX reservation_status_resource ON reservation_status (resource_id);
