-- +goose Up
-- Members of views and miniviews and the state of their builds, as on
-- SQLite. A build locks its selection_builds row FOR UPDATE; writers that
-- maintain members incrementally read the rows of their views FOR SHARE,
-- so one rebuild runs at a time per selection across nodes.
CREATE TABLE view_members (
    view_id    BIGINT NOT NULL,
    profile_id BIGINT NOT NULL,
    PRIMARY KEY (view_id, profile_id)
);

CREATE TABLE miniview_members (
    miniview_id   BIGINT NOT NULL,
    subprofile_id BIGINT NOT NULL,
    profile_id    BIGINT NOT NULL,
    PRIMARY KEY (miniview_id, subprofile_id)
);
CREATE INDEX miniview_members_profile ON miniview_members(miniview_id, profile_id);

CREATE TABLE selection_builds (
    kind     TEXT NOT NULL, -- 'view' or 'miniview'
    id       BIGINT NOT NULL,
    built_at TEXT NOT NULL,
    dirty    BOOLEAN NOT NULL,
    PRIMARY KEY (kind, id)
);

-- +goose Down
DROP TABLE selection_builds;
DROP TABLE miniview_members;
DROP TABLE view_members;
