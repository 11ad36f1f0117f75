-- +goose Up
-- The same catalog as the SQLite engine, in PostgreSQL's types. Sequences
-- (BIGSERIAL) never reuse IDs and are unique across every node.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE databases (
    id             BIGSERIAL PRIMARY KEY,
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    archived       BOOLEAN NOT NULL DEFAULT FALSE,
    created        TEXT NOT NULL,
    intent_email   BOOLEAN NOT NULL DEFAULT FALSE,
    intent_sms     BOOLEAN NOT NULL DEFAULT FALSE,
    intent_fax     BOOLEAN NOT NULL DEFAULT FALSE,
    intent_pdf     BOOLEAN NOT NULL DEFAULT FALSE,
    unsub_behavior TEXT NOT NULL DEFAULT 'nothing',
    unsub_fields   TEXT NOT NULL DEFAULT '[]'
);

CREATE TABLE collections (
    id             BIGSERIAL PRIMARY KEY,
    database_id    BIGINT NOT NULL REFERENCES databases(id),
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    intent_email   BOOLEAN NOT NULL DEFAULT FALSE,
    intent_sms     BOOLEAN NOT NULL DEFAULT FALSE,
    intent_fax     BOOLEAN NOT NULL DEFAULT FALSE,
    intent_pdf     BOOLEAN NOT NULL DEFAULT FALSE,
    unsub_behavior TEXT NOT NULL DEFAULT 'nothing',
    unsub_fields   TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX collections_database ON collections(database_id);

CREATE TABLE fields (
    id            BIGSERIAL PRIMARY KEY,
    database_id   BIGINT REFERENCES databases(id),
    collection_id BIGINT REFERENCES collections(id),
    name          TEXT NOT NULL,
    type          TEXT NOT NULL,
    value         TEXT NOT NULL DEFAULT '',
    displayed     BOOLEAN NOT NULL DEFAULT FALSE,
    ordered       BOOLEAN NOT NULL DEFAULT FALSE,
    length        BIGINT NOT NULL DEFAULT 255,
    textlines     BIGINT NOT NULL DEFAULT 1,
    hidden        BOOLEAN NOT NULL DEFAULT FALSE,
    indexed       BOOLEAN NOT NULL DEFAULT FALSE,
    locked        BOOLEAN NOT NULL DEFAULT FALSE,
    description   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE interests (
    id          BIGSERIAL PRIMARY KEY,
    database_id BIGINT NOT NULL REFERENCES databases(id),
    name        TEXT NOT NULL,
    grp         TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE tokens (
    id      BIGSERIAL PRIMARY KEY,
    name    TEXT NOT NULL DEFAULT '',
    hash    BYTEA NOT NULL UNIQUE,
    v4only  BOOLEAN NOT NULL DEFAULT FALSE,
    created TEXT NOT NULL,
    revoked BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE profile_interests (
    profile_id  BIGINT NOT NULL,
    interest_id BIGINT NOT NULL,
    PRIMARY KEY (profile_id, interest_id)
);
CREATE INDEX profile_interests_interest ON profile_interests(interest_id, profile_id);

CREATE TABLE profile_seq (
    id          BIGSERIAL PRIMARY KEY,
    database_id BIGINT NOT NULL
);
CREATE TABLE subprofile_seq (
    id            BIGSERIAL PRIMARY KEY,
    collection_id BIGINT NOT NULL,
    profile_id    BIGINT NOT NULL
);
CREATE INDEX subprofile_seq_profile ON subprofile_seq(profile_id);

CREATE TABLE journal (
    id        BIGSERIAL PRIMARY KEY,
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    owner_id  BIGINT NOT NULL,
    data      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX journal_entity ON journal(entity, entity_id);

CREATE TABLE datarequests (
    id      BIGSERIAL PRIMARY KEY,
    created TEXT NOT NULL,
    result  TEXT NOT NULL
);

CREATE TABLE api_calls (
    day   TEXT PRIMARY KEY,
    calls BIGINT NOT NULL
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
