-- Stream tickets: what a browser's EventSource, which cannot send an Authorization header, presents in the URL of an
-- order's event stream. A row rather than a signed token because a ticket is single-use: a URL ends up in browser
-- history, proxy and access logs, so its ticket must be worthless once it has opened its stream, and only shared state
-- can tell every node that it has been used. Redeeming deletes the row, so exactly one node wins a race for it.
--
-- Only a SHA-256 digest of the ticket is kept, so that a read of this table (a backup, a support query) yields
-- nothing that opens a stream. The ticket is bound to its caller (customer, with ops for an operator's) and its order.
--
-- UNLOGGED: a ticket lives a minute; after a crash the client asks for a new one, and the WAL flush is spared.
CREATE UNLOGGED TABLE stream_ticket (
    ticket_digest BYTEA PRIMARY KEY,
    customer      TEXT        NOT NULL,
    ops           BOOLEAN     NOT NULL,
    order_id      UUID        NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL
);
-- The periodic clean-up deletes tickets that expired unused (StreamTickets.removeExpired).
CREATE INDEX stream_ticket_expires ON stream_ticket (expires_at);
