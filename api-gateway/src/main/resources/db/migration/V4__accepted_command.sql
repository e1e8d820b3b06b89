-- Commands the API has answered 202 for. A row is written before the answer, so an accepted command survives a
-- crash; the dispatcher sends it (again) until the command side has decided it. The command side deduplicates by
-- the ids inside the command, so sending twice is harmless.
CREATE TABLE accepted_command (
    command_id      VARCHAR(200) PRIMARY KEY,
    command_type    VARCHAR(255) NOT NULL,
    aggregate_id    VARCHAR(255) NOT NULL,
    payload         JSONB        NOT NULL,
    request_hash    VARCHAR(64)  NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    attempts        INTEGER      NOT NULL DEFAULT 0,
    failure_code    VARCHAR(100),
    failure_detail  TEXT,
    accepted_at     TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    completed_at    TIMESTAMP WITH TIME ZONE,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX accepted_command_due ON accepted_command (next_attempt_at) WHERE status = 'PENDING';
