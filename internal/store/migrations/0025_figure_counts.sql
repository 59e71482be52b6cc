-- checks.Counting's answer for the public figures (published and
-- retracted, what an export without a filter holds): how each may be
-- added up (the export's countable, group and counted_in columns), so
-- that a download writes its first row at once instead of counting every
-- figure first (store.EachFigureCounted). One row per figure in a group
-- (a figure without one is not countable and in no group); grp is NULL
-- when the group is the figure's own key. The answer holds for the data
-- version it was computed at (data_version.public_n, which every write a
-- public figure sees changes): figure_counts_state.version. Any other
-- version and the rows are ignored until computed again. Nothing here is
-- data: every row can be computed again from the figures.
CREATE TABLE figure_counts_state (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  BIGINT NOT NULL
);

{{sqlite}} CREATE TABLE figure_counts (
    figure_id   INTEGER PRIMARY KEY,
    countable   BOOLEAN NOT NULL,
    grp         TEXT,
    counted_in  TEXT NOT NULL
);
{{postgres}} CREATE TABLE figure_counts (
    figure_id   BIGINT PRIMARY KEY,
    countable   BOOLEAN NOT NULL,
    grp         TEXT,
    counted_in  TEXT NOT NULL
);
