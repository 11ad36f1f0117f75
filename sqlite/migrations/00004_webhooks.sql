-- +goose Up
-- Webhooks (definitions) are structure: every change bumps catalog_version
-- and the whole set is read into the catalog snapshot, where the outbox
-- observer matches changes against it without a query. database_id and
-- collection_id are 0 when the webhook is not limited; callers is a
-- comma-separated list of caller names, '' for every caller.
CREATE TABLE webhooks (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    handler       TEXT NOT NULL,
    trigger_name  TEXT NOT NULL,
    callers       TEXT NOT NULL DEFAULT '',
    database_id   INTEGER NOT NULL DEFAULT 0,
    collection_id INTEGER NOT NULL DEFAULT 0,
    created       TEXT NOT NULL
);

-- One row per webhook: who delivers its events now (lease_owner, until
-- lease_until in Unix milliseconds) and its delivery counters.
CREATE TABLE webhook_state (
    webhook_id  INTEGER PRIMARY KEY,
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until INTEGER NOT NULL DEFAULT 0,
    delivered   INTEGER NOT NULL DEFAULT 0,
    failed      INTEGER NOT NULL DEFAULT 0,
    retried     INTEGER NOT NULL DEFAULT 0
);

-- The outbox: one row per event and webhook, written in the transaction of
-- the change, deleted once delivered or given up. id is the event order of
-- a webhook; next_at (Unix milliseconds) holds a retry back. No
-- AUTOINCREMENT: a new row still gets an id above every row present, which
-- is all the order needs, without a write to sqlite_sequence per event.
CREATE TABLE webhook_outbox (
    id         INTEGER PRIMARY KEY,
    webhook_id INTEGER NOT NULL,
    event      TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX webhook_outbox_queue ON webhook_outbox(webhook_id, id);

-- +goose Down
DROP TABLE webhook_outbox;
DROP TABLE webhook_state;
DROP TABLE webhooks;
