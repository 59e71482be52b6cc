-- The data_version counter (see 0001) for databases whose 0001 was
-- applied before the counter was added to it (commit b200f09): they
-- report version 3 and then fail every write with "no such table:
-- data_version". Databases created later already have the table and its
-- row, so both statements are written to change nothing there and to
-- keep the counter's value.
CREATE TABLE IF NOT EXISTS data_version (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    n   BIGINT NOT NULL
);
INSERT INTO data_version (id, n)
    SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM data_version WHERE id = 1);
