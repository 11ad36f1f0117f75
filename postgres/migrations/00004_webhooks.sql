-- +goose Up
-- The webhook tables of the SQLite engine, in PostgreSQL's types. Every node
-- delivers: a node claims a webhook by setting its lease in webhook_state
-- (a conditional UPDATE, so two nodes never hold one webhook at once), and a
-- lease that runs out frees the webhook for another node.
CREATE TABLE webhooks (
    id            BIGSERIAL PRIMARY KEY,
    handler       TEXT NOT NULL,
    trigger_name  TEXT NOT NULL,
    callers       TEXT NOT NULL DEFAULT '',
    database_id   BIGINT NOT NULL DEFAULT 0,
    collection_id BIGINT NOT NULL DEFAULT 0,
    created       TEXT NOT NULL
);

CREATE TABLE webhook_state (
    webhook_id  BIGINT PRIMARY KEY,
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until BIGINT NOT NULL DEFAULT 0,
    delivered   BIGINT NOT NULL DEFAULT 0,
    failed      BIGINT NOT NULL DEFAULT 0,
    retried     BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE webhook_outbox (
    id         BIGSERIAL PRIMARY KEY,
    webhook_id BIGINT NOT NULL,
    event      TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX webhook_outbox_queue ON webhook_outbox(webhook_id, id);

-- +goose Down
DROP TABLE webhook_outbox;
DROP TABLE webhook_state;
DROP TABLE webhooks;
