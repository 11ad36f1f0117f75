-- +goose Up
-- Import jobs (profiles.md §3.25, behaviour.md O26). The POST stores the job
-- and its source; a worker applies the rows in large transactions, each of
-- which also moves processed_lines (the resume point), so after a crash the
-- job resumes after the last committed row and no row is applied twice.
CREATE TABLE imports (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    database_id     INTEGER NOT NULL,
    name            TEXT NOT NULL,
    action          TEXT NOT NULL,
    key_fields      TEXT NOT NULL DEFAULT '[]', -- JSON list of names as sent
    ignore_empty    INTEGER NOT NULL DEFAULT 0,
    remove_missing  INTEGER NOT NULL DEFAULT 0,
    delete_target   TEXT NOT NULL DEFAULT 'profile',
    autostart       INTEGER NOT NULL DEFAULT 1,
    followups       INTEGER NOT NULL DEFAULT 0,
    rebuild         INTEGER NOT NULL DEFAULT 0,
    format          TEXT NOT NULL DEFAULT '',
    delimiter       TEXT NOT NULL DEFAULT '',
    location        TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    total_lines     INTEGER NOT NULL DEFAULT 0,
    processed_lines INTEGER NOT NULL DEFAULT 0,
    -- source_ready: the source is stored in import_chunks (a location is
    -- fetched and stored by the worker before the first row).
    source_ready    INTEGER NOT NULL DEFAULT 0,
    -- phase: rows, then missing (removeMissing), then done.
    phase           TEXT NOT NULL DEFAULT 'rows',
    created         TEXT NOT NULL,
    last_run        TEXT NOT NULL DEFAULT '',
    last_error      TEXT NOT NULL DEFAULT '',
    report          TEXT NOT NULL DEFAULT '{}', -- counted failures and the first samples
    claim_owner     TEXT NOT NULL DEFAULT '',
    lease_until     INTEGER NOT NULL DEFAULT 0  -- unix seconds
);
CREATE INDEX imports_status ON imports(status);

-- The stored source, cut into chunks so that no value is huge and a reader
-- holds one chunk at a time.
CREATE TABLE import_chunks (
    import_id INTEGER NOT NULL,
    seq       INTEGER NOT NULL,
    data      BLOB NOT NULL,
    PRIMARY KEY (import_id, seq)
) WITHOUT ROWID;

-- Entities a removeMissing import matched or made, so that what is missing
-- is known after a restart too.
CREATE TABLE import_touched (
    import_id INTEGER NOT NULL,
    entity_id INTEGER NOT NULL,
    PRIMARY KEY (import_id, entity_id)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE import_touched;
DROP TABLE import_chunks;
DROP TABLE imports;
