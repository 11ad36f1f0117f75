-- +goose Up
-- The selection definitions of the SQLite engine, in PostgreSQL's types.
-- Rules and minirules share one sequence, and so do conditions and
-- miniconditions of every type (selections.md §2.4).
CREATE TABLE views (
    id           BIGSERIAL PRIMARY KEY,
    database_id  BIGINT NOT NULL REFERENCES databases(id),
    parent_id    BIGINT NOT NULL DEFAULT 0, -- 0: the database is the parent
    name         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    intent_email BOOLEAN NOT NULL DEFAULT FALSE,
    intent_sms   BOOLEAN NOT NULL DEFAULT FALSE,
    intent_fax   BOOLEAN NOT NULL DEFAULT FALSE,
    intent_pdf   BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX views_database ON views(database_id);

CREATE TABLE miniviews (
    id            BIGSERIAL PRIMARY KEY,
    collection_id BIGINT NOT NULL REFERENCES collections(id),
    name          TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    intent_email  BOOLEAN NOT NULL DEFAULT FALSE,
    intent_sms    BOOLEAN NOT NULL DEFAULT FALSE,
    intent_fax    BOOLEAN NOT NULL DEFAULT FALSE,
    intent_pdf    BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX miniviews_collection ON miniviews(collection_id);

CREATE TABLE rules (
    id          BIGSERIAL PRIMARY KEY,
    owner_kind  TEXT NOT NULL, -- 'view' or 'miniview'
    owner_id    BIGINT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    inversed    BOOLEAN NOT NULL DEFAULT FALSE,
    disabled    BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX rules_owner ON rules(owner_kind, owner_id);

CREATE TABLE conditions (
    id      BIGSERIAL PRIMARY KEY,
    rule_id BIGINT NOT NULL REFERENCES rules(id),
    type    TEXT NOT NULL,
    props   TEXT NOT NULL
);
CREATE INDEX conditions_rule ON conditions(rule_id);

-- +goose Down
DROP TABLE conditions;
DROP TABLE rules;
DROP TABLE miniviews;
DROP TABLE views;
