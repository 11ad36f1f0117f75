-- +goose Up
-- Data versions let every node cache exact list totals (issue 13). Each node
-- owns one slot (picked at random when it starts) and adds one to it in every
-- transaction that changes profile, subprofile or member data, in that same
-- transaction. The sum over all slots therefore grows with every such commit
-- and never shrinks: a total counted in the snapshot where the sum was S is
-- still exact while the sum reads S. Slots instead of one row, so that two
-- nodes' commits do not queue on one row lock.
CREATE TABLE data_versions (
    slot INTEGER PRIMARY KEY,
    v    BIGINT NOT NULL DEFAULT 0
);
INSERT INTO data_versions (slot, v) SELECT g, 0 FROM generate_series(0, 63) AS g;

-- +goose Down
DROP TABLE data_versions;
