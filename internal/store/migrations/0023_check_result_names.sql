-- What each stored check result names, by slot as the results are
-- (migration 20): its figures, and the metrics and sources of those
-- figures as the audience sees them, one row each, with the result's
-- outcome and kind ranks. A figure's page finds the results naming it
-- by index, not by LIKE over every result of its units (132,000 for a
-- figure of the largest people at a million figures), and the filters of
-- /checks on metric and source count and read the results matching them
-- by index, not by LIKE over every result. what: 0 a figure's key,
-- 1 a metric, 2 a source. The table is in result order (its primary key
-- leads with the result, which a full computation writes in increasing
-- order), so that it is appended to, and the rows of a unit's results
-- are found by the results' ids when a write replaces them; the index
-- by name is built at the end of a full computation
-- (checkresults.go: checkResultIndexes), like the results' own.
--
-- The results' metrics and sources columns, which the filters read with
-- LIKE, go; the stored results are dropped, to be computed again with
-- their names when the checks are next asked for (as migration 20 did).
DELETE FROM check_state;
DELETE FROM check_counts;
DELETE FROM check_refs;
DELETE FROM check_results_public_0;
ALTER TABLE check_results_public_0 DROP COLUMN metrics;
ALTER TABLE check_results_public_0 DROP COLUMN sources;
DELETE FROM check_results_public_1;
ALTER TABLE check_results_public_1 DROP COLUMN metrics;
ALTER TABLE check_results_public_1 DROP COLUMN sources;
DELETE FROM check_results_editors_0;
ALTER TABLE check_results_editors_0 DROP COLUMN metrics;
ALTER TABLE check_results_editors_0 DROP COLUMN sources;
DELETE FROM check_results_editors_1;
ALTER TABLE check_results_editors_1 DROP COLUMN metrics;
ALTER TABLE check_results_editors_1 DROP COLUMN sources;
{{sqlite}} CREATE TABLE check_result_names_public_0 (
    result        INTEGER NOT NULL,
    what          INTEGER NOT NULL,
    name          TEXT NOT NULL,
    outcome_rank  INTEGER NOT NULL,
    kind_rank     INTEGER NOT NULL,
    PRIMARY KEY (result, what, name)
) WITHOUT ROWID;
{{postgres}} CREATE TABLE check_result_names_public_0 (
    result        BIGINT NOT NULL,
    what          SMALLINT NOT NULL,
    name          TEXT COLLATE "C" NOT NULL,
    outcome_rank  INTEGER NOT NULL,
    kind_rank     INTEGER NOT NULL,
    PRIMARY KEY (result, what, name)
);
{{sqlite}} CREATE TABLE check_result_names_public_1 (
    result        INTEGER NOT NULL,
    what          INTEGER NOT NULL,
    name          TEXT NOT NULL,
    outcome_rank  INTEGER NOT NULL,
    kind_rank     INTEGER NOT NULL,
    PRIMARY KEY (result, what, name)
) WITHOUT ROWID;
{{postgres}} CREATE TABLE check_result_names_public_1 (
    result        BIGINT NOT NULL,
    what          SMALLINT NOT NULL,
    name          TEXT COLLATE "C" NOT NULL,
    outcome_rank  INTEGER NOT NULL,
    kind_rank     INTEGER NOT NULL,
    PRIMARY KEY (result, what, name)
);
{{sqlite}} CREATE TABLE check_result_names_editors_0 (
    result        INTEGER NOT NULL,
    what          INTEGER NOT NULL,
    name          TEXT NOT NULL,
    outcome_rank  INTEGER NOT NULL,
    kind_rank     INTEGER NOT NULL,
    PRIMARY KEY (result, what, name)
) WITHOUT ROWID;
{{postgres}} CREATE TABLE check_result_names_editors_0 (
    result        BIGINT NOT NULL,
    what          SMALLINT NOT NULL,
    name          TEXT COLLATE "C" NOT NULL,
    outcome_rank  INTEGER NOT NULL,
    kind_rank     INTEGER NOT NULL,
    PRIMARY KEY (result, what, name)
);
{{sqlite}} CREATE TABLE check_result_names_editors_1 (
    result        INTEGER NOT NULL,
    what          INTEGER NOT NULL,
    name          TEXT NOT NULL,
    outcome_rank  INTEGER NOT NULL,
    kind_rank     INTEGER NOT NULL,
    PRIMARY KEY (result, what, name)
) WITHOUT ROWID;
{{postgres}} CREATE TABLE check_result_names_editors_1 (
    result        BIGINT NOT NULL,
    what          SMALLINT NOT NULL,
    name          TEXT COLLATE "C" NOT NULL,
    outcome_rank  INTEGER NOT NULL,
    kind_rank     INTEGER NOT NULL,
    PRIMARY KEY (result, what, name)
);
