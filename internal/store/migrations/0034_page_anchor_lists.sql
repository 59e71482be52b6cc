-- Page anchors (migration 29) for the filtered lists readers page most
-- deeply too: one metric, one source or one qualifier (store.anchorLists),
-- besides the public list itself (list ''). Each list's anchors are every
-- K-th figure of it in each order, and its count as the anchors' snapshot
-- held it; the notes of page_dirty carry the metric, source and qualifier
-- of every write, so a list counts its own notes as the public list does.
-- Nothing here is data: the anchors are forgotten and read again.
DROP TABLE page_anchors;
CREATE TABLE page_anchors (
    list        TEXT NOT NULL,
    sort_order  TEXT NOT NULL,
    position    BIGINT NOT NULL,
    vals        TEXT NOT NULL,
    PRIMARY KEY (list, sort_order, position)
);
CREATE TABLE page_anchor_lists (
    list   TEXT PRIMARY KEY,
    total  BIGINT NOT NULL
);
UPDATE page_anchors_state SET gen = gen + 1, total = -1;
