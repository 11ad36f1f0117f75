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

-- The Field predicates of selections (§5.1) that SQLite takes from Go
-- (package selection): PHP's (float) of a text, PHP's is_numeric, the
-- e-mail syntax check and a case-insensitive regular expression.
-- +goose StatementBegin
CREATE FUNCTION kopernik_float(v text) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE m text;
BEGIN
    m := substring(v from '^[ \t\n\r\v\f]*([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?)');
    IF m IS NULL THEN
        RETURN 0;
    END IF;
    RETURN m::double precision;
EXCEPTION WHEN numeric_value_out_of_range THEN
    IF m ~ '[eE]-' THEN
        RETURN 0;
    ELSIF left(m, 1) = '-' THEN
        RETURN '-Infinity';
    END IF;
    RETURN 'Infinity';
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION kopernik_is_numeric(v text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT v ~ '^[ \t\n\r\v\f]*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?[ \t\n\r\v\f]*$'
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION kopernik_is_email(v text) RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT v ~ '^[A-Za-z0-9!#$%&''*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&''*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$'
       AND octet_length(split_part(v, '@', 1)) <= 64
       AND octet_length(v) - octet_length(split_part(v, '@', 1)) - 1 <= 253
       AND substring(v from '\.([^.]*)$') ~ '^.*[^0-9].*$'
       AND octet_length(substring(v from '\.([^.]*)$')) >= 2
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION kopernik_regexp(p text, v text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
    RETURN v ~* p;
EXCEPTION WHEN invalid_regular_expression THEN
    RETURN false;
END $$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION kopernik_regexp(text, text);
DROP FUNCTION kopernik_is_email(text);
DROP FUNCTION kopernik_is_numeric(text);
DROP FUNCTION kopernik_float(text);
DROP TABLE selection_builds;
DROP TABLE miniview_members;
DROP TABLE view_members;
