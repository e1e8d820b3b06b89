-- The correlation id of the request that a command was accepted from, so that its dispatch (perhaps after a restart,
-- on another node) carries it on, and every log line the command causes can be found by it.
ALTER TABLE accepted_command ADD COLUMN correlation_id VARCHAR(64);
