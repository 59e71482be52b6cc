-- How many stored check results name each set of metrics and each set
-- of sources, by audience, generation, unit, outcome and kind: what
-- check_counts holds, split further by the metrics and the sources a
-- result names (as its rows of the names tables, migration 23, say: the
-- metrics and sources of its figures as the audience sees them), each
-- set written sorted, every name between newlines ("\na\nb\n", "\n" for
-- none). /checks filtered by several metrics or sources counts the
-- results naming one of them, each once, by summing the rows whose sets
-- hold one (a few tens of thousands of rows at a million figures, where
-- the names' index held millions to count distinct: 0.8–2.7 s).
CREATE TABLE check_sets (
    audience      TEXT NOT NULL,
    gen           BIGINT NOT NULL,
    owner         {{key}} NOT NULL,
    outcome_rank  INTEGER NOT NULL,
    kind_rank     INTEGER NOT NULL,
    metrics       TEXT NOT NULL,
    sources       TEXT NOT NULL,
    n             BIGINT NOT NULL
);
CREATE INDEX check_sets_owner ON check_sets (audience, gen, owner);

-- The stored results have no sets yet: they are computed again, with
-- them, when the checks are next asked for (as migrations 20 and 23 did).
DELETE FROM check_state;
