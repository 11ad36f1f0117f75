-- +goose Up
-- Definitions of selections (selections.md §2). They are structure: every
-- change bumps catalog_version and the whole set is read into the catalog
-- snapshot. Views and miniviews have an ID sequence each; rules and
-- minirules share one (owner_kind tells them apart), and so do conditions
-- and miniconditions of every type (§2.4).
CREATE TABLE views (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    database_id  INTEGER NOT NULL REFERENCES databases(id),
    parent_id    INTEGER NOT NULL DEFAULT 0, -- 0: the database is the parent
    name         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    intent_email INTEGER NOT NULL DEFAULT 0,
    intent_sms   INTEGER NOT NULL DEFAULT 0,
    intent_fax   INTEGER NOT NULL DEFAULT 0,
    intent_pdf   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX views_database ON views(database_id);

CREATE TABLE miniviews (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    collection_id INTEGER NOT NULL REFERENCES collections(id),
    name          TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    intent_email  INTEGER NOT NULL DEFAULT 0,
    intent_sms    INTEGER NOT NULL DEFAULT 0,
    intent_fax    INTEGER NOT NULL DEFAULT 0,
    intent_pdf    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX miniviews_collection ON miniviews(collection_id);

CREATE TABLE rules (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_kind  TEXT NOT NULL, -- 'view' or 'miniview'
    owner_id    INTEGER NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    inversed    INTEGER NOT NULL DEFAULT 0,
    disabled    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rules_owner ON rules(owner_kind, owner_id);

-- props is the condition's property document (kopernik.EncodeConditionProps);
-- references in it are IDs, so renames never touch it.
CREATE TABLE conditions (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    rule_id INTEGER NOT NULL REFERENCES rules(id),
    type    TEXT NOT NULL,
    props   TEXT NOT NULL
);
CREATE INDEX conditions_rule ON conditions(rule_id);

-- +goose Down
DROP TABLE conditions;
DROP TABLE rules;
DROP TABLE miniviews;
DROP TABLE views;
