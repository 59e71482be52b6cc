-- The stored checks' results move to a table per audience and slot
-- (store.RefreshChecks): an audience's generation gen lives in slot
-- gen % 2, so that a full computation writes the next generation into
-- the other slot, emptied first, with no index to keep up row by row,
-- and builds the slot's indexes once, a sort each, at its end
-- (checkresults.go: checkResultIndexes defines them). At a million
-- figures, keeping the old table's indexes up to date row by row wrote
-- every results page many times over. Its results are dropped: every
-- row can be computed again from the figures and sources, and is, when
-- the checks are next asked for (meanwhile /checks says so).
DROP TABLE check_results;
DELETE FROM check_state;
DELETE FROM check_counts;
DELETE FROM check_refs;

-- One row per check result: the ordering /checks reads them in (outcome,
-- then kind, title and figures as checks.Run orders them; the ranks are
-- the positions of its outcome and kind in checks.Outcomes and
-- checks.Kinds), the unit it belongs to (check_counts.owner), what its
-- filters match (the metrics and sources of the result's figures, each
-- between newlines), and the result as JSON.
CREATE TABLE check_results_public_0 (
    id            {{id}},
    owner         {{key}} NOT NULL,
    outcome_rank  INTEGER NOT NULL,
    kind_rank     INTEGER NOT NULL,
    title         {{key}} NOT NULL,
    figures       {{key}} NOT NULL,
    metrics       TEXT NOT NULL,
    sources       TEXT NOT NULL,
    result        TEXT NOT NULL
);
CREATE TABLE check_results_public_1 (
    id            {{id}},
    owner         {{key}} NOT NULL,
    outcome_rank  INTEGER NOT NULL,
    kind_rank     INTEGER NOT NULL,
    title         {{key}} NOT NULL,
    figures       {{key}} NOT NULL,
    metrics       TEXT NOT NULL,
    sources       TEXT NOT NULL,
    result        TEXT NOT NULL
);
CREATE TABLE check_results_editors_0 (
    id            {{id}},
    owner         {{key}} NOT NULL,
    outcome_rank  INTEGER NOT NULL,
    kind_rank     INTEGER NOT NULL,
    title         {{key}} NOT NULL,
    figures       {{key}} NOT NULL,
    metrics       TEXT NOT NULL,
    sources       TEXT NOT NULL,
    result        TEXT NOT NULL
);
CREATE TABLE check_results_editors_1 (
    id            {{id}},
    owner         {{key}} NOT NULL,
    outcome_rank  INTEGER NOT NULL,
    kind_rank     INTEGER NOT NULL,
    title         {{key}} NOT NULL,
    figures       {{key}} NOT NULL,
    metrics       TEXT NOT NULL,
    sources       TEXT NOT NULL,
    result        TEXT NOT NULL
);
