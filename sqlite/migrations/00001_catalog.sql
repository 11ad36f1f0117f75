-- +goose Up
-- Catalog of structure. AUTOINCREMENT keeps IDs from ever being reused, as
-- Copernica never reuses them.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE databases (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    archived       INTEGER NOT NULL DEFAULT 0,
    created        TEXT NOT NULL,
    intent_email   INTEGER NOT NULL DEFAULT 0,
    intent_sms     INTEGER NOT NULL DEFAULT 0,
    intent_fax     INTEGER NOT NULL DEFAULT 0,
    intent_pdf     INTEGER NOT NULL DEFAULT 0,
    unsub_behavior TEXT NOT NULL DEFAULT 'nothing',
    unsub_fields   TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE collections (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    database_id    INTEGER NOT NULL REFERENCES databases(id),
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    intent_email   INTEGER NOT NULL DEFAULT 0,
    intent_sms     INTEGER NOT NULL DEFAULT 0,
    intent_fax     INTEGER NOT NULL DEFAULT 0,
    intent_pdf     INTEGER NOT NULL DEFAULT 0,
    unsub_behavior TEXT NOT NULL DEFAULT 'nothing',
    unsub_fields   TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX collections_database ON collections(database_id);

-- Database and collection fields share one ID sequence.
CREATE TABLE fields (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    database_id   INTEGER REFERENCES databases(id),
    collection_id INTEGER REFERENCES collections(id),
    name          TEXT NOT NULL,
    type          TEXT NOT NULL,
    value         TEXT NOT NULL DEFAULT '',
    displayed     INTEGER NOT NULL DEFAULT 0,
    ordered       INTEGER NOT NULL DEFAULT 0,
    length        INTEGER NOT NULL DEFAULT 255,
    textlines     INTEGER NOT NULL DEFAULT 1,
    hidden        INTEGER NOT NULL DEFAULT 0,
    indexed       INTEGER NOT NULL DEFAULT 0,
    locked        INTEGER NOT NULL DEFAULT 0,
    description   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE interests (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    database_id INTEGER NOT NULL REFERENCES databases(id),
    name        TEXT NOT NULL,
    grp         TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT ''
);

-- Tokens are kept as SHA-256 hashes; the secret is shown once at creation.
CREATE TABLE tokens (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    name    TEXT NOT NULL DEFAULT '',
    hash    BLOB NOT NULL UNIQUE,
    v4only  INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);

-- Interests switched on, one row per (profile, interest).
CREATE TABLE profile_interests (
    profile_id  INTEGER NOT NULL,
    interest_id INTEGER NOT NULL,
    PRIMARY KEY (profile_id, interest_id)
) WITHOUT ROWID;
CREATE INDEX profile_interests_interest ON profile_interests(interest_id, profile_id);

-- Profile and subprofile IDs come from one sequence each across all databases
-- and collections (B40); the sequence row also says where the entity lives.
CREATE TABLE profile_seq (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    database_id INTEGER NOT NULL
);
CREATE TABLE subprofile_seq (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    collection_id INTEGER NOT NULL,
    profile_id    INTEGER NOT NULL
);
CREATE INDEX subprofile_seq_profile ON subprofile_seq(profile_id);

-- Every profile and subprofile mutation, written in the transaction of the
-- mutation itself: events, the "change" selection condition and webhooks read it.
CREATE TABLE journal (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    owner_id  INTEGER NOT NULL,
    data      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX journal_entity ON journal(entity, entity_id);

-- Results of data requests, built when requested (O27).
CREATE TABLE datarequests (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    result  TEXT NOT NULL
);

CREATE TABLE api_calls (
    day   TEXT PRIMARY KEY,
    calls INTEGER NOT NULL
);

-- +goose Down
DROP TABLE api_calls;
DROP TABLE datarequests;
DROP TABLE journal;
DROP TABLE subprofile_seq;
DROP TABLE profile_seq;
DROP TABLE profile_interests;
DROP TABLE tokens;
DROP TABLE interests;
DROP TABLE fields;
DROP TABLE collections;
DROP TABLE databases;
DROP TABLE meta;
