-- +goose Up
-- Members of views and miniviews and the state of their builds
-- (selections.md §3.5, §6). Members are data, not structure: writing them
-- never bumps catalog_version. Lookups go by (selection, entity), so the
-- primary key is the table (WITHOUT ROWID) and a member row costs its key.
CREATE TABLE view_members (
    view_id    BIGINT NOT NULL,
    profile_id BIGINT NOT NULL,
    PRIMARY KEY (view_id, profile_id)
) WITHOUT ROWID;

CREATE TABLE miniview_members (
    miniview_id   BIGINT NOT NULL,
    subprofile_id BIGINT NOT NULL,
    profile_id    BIGINT NOT NULL,
    PRIMARY KEY (miniview_id, subprofile_id)
) WITHOUT ROWID;
-- MiniView conditions count a profile's members.
CREATE INDEX miniview_members_profile ON miniview_members(miniview_id, profile_id);

-- One row per built selection. No row: never built. dirty: the members may
-- be stale and are rebuilt before they are served. built_at: the reference
-- time of the build (kopernik.Stamp, service time zone).
CREATE TABLE selection_builds (
    kind     TEXT NOT NULL, -- 'view' or 'miniview'
    id       BIGINT NOT NULL,
    built_at TEXT NOT NULL,
    dirty    INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE selection_builds;
DROP TABLE miniview_members;
DROP TABLE view_members;
