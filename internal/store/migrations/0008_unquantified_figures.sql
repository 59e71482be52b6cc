-- A figure may give no number at all: qualifier 'unquantified', the
-- source's words ("a number of", "dozens") in value_text, and value,
-- value_low and value_high 0, meaning nothing (models.QualUnquantified).
-- The qualifier CHECK of 0001 is widened to allow it, and a new CHECK
-- keeps such a row from carrying a number.
--
-- SQLite cannot alter a CHECK, so the table is rebuilt in this migration's
-- transaction: renamed (SQLite rewrites subgroup_of's reference to the
-- renamed table, which nothing else references), created again with every
-- column of 0001 and 0006 in the same order and the new checks, filled
-- with every row (ids kept), the old one dropped with its indexes, and
-- the indexes of 0002 created again under their names. PostgreSQL keeps
-- the table (and its identity sequence) and swaps the constraints.
-- Statements starting with {{sqlite}} or {{postgres}} run on that
-- database only (migrate.go).

{{sqlite}} ALTER TABLE figures RENAME TO figures_0007;

{{sqlite}} CREATE TABLE figures (
    id                {{id}},
    key               {{key}} NOT NULL UNIQUE,
    metric            {{key}} NOT NULL REFERENCES metrics (slug),
    qualifier         TEXT NOT NULL CHECK (qualifier IN ('exact', 'documented', 'at_least', 'more_than', 'about', 'at_most', 'range', 'unquantified')),
    value             BIGINT NOT NULL DEFAULT 0,
    value_low         BIGINT NOT NULL DEFAULT 0,
    value_high        BIGINT NOT NULL DEFAULT 0,
    value_text        TEXT NOT NULL DEFAULT '',
    unit              TEXT NOT NULL,
    period_start      TEXT NOT NULL CHECK (length(period_start) = 10),
    period_end        TEXT NOT NULL CHECK (length(period_end) = 10),
    period_precision  TEXT NOT NULL CHECK (period_precision IN ('day', 'month', 'year')),
    quantity_kind     TEXT NOT NULL CHECK (quantity_kind IN ('flow', 'stock', 'cumulative')),
    population        TEXT NOT NULL,
    acting_state      TEXT NOT NULL DEFAULT '',
    receiving_state   TEXT NOT NULL DEFAULT '',
    location          TEXT NOT NULL DEFAULT '',
    subgroup_of       {{key}} REFERENCES figures (key),
    derived           BOOLEAN NOT NULL DEFAULT FALSE,
    formula           TEXT NOT NULL DEFAULT '',
    source            {{key}} NOT NULL REFERENCES sources (key),
    quote             TEXT NOT NULL,
    reported_by       TEXT NOT NULL,
    quote_start       INTEGER,
    quote_end         INTEGER,
    status            TEXT NOT NULL CHECK (status IN ('draft', 'published', 'retracted')),
    retract_reason    TEXT NOT NULL DEFAULT '',
    notes             TEXT NOT NULL DEFAULT '',
    version           INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at        {{timestamp}} NOT NULL,
    updated_at        {{timestamp}} NOT NULL,
    paraphrase        TEXT NOT NULL DEFAULT '',
    paraphrased_by    TEXT NOT NULL DEFAULT '',
    CHECK (period_end >= period_start),
    CHECK (subgroup_of IS NULL OR subgroup_of <> key),
    CHECK ((status = 'retracted') = (retract_reason <> '')),
    CONSTRAINT figures_unquantified_no_number CHECK (qualifier <> 'unquantified' OR (value = 0 AND value_low = 0 AND value_high = 0))
);

{{sqlite}} INSERT INTO figures (id, key, metric, qualifier, value, value_low, value_high, value_text, unit,
        period_start, period_end, period_precision, quantity_kind, population, acting_state, receiving_state,
        location, subgroup_of, derived, formula, source, quote, reported_by, quote_start, quote_end, status,
        retract_reason, notes, version, created_at, updated_at, paraphrase, paraphrased_by)
    SELECT id, key, metric, qualifier, value, value_low, value_high, value_text, unit,
        period_start, period_end, period_precision, quantity_kind, population, acting_state, receiving_state,
        location, subgroup_of, derived, formula, source, quote, reported_by, quote_start, quote_end, status,
        retract_reason, notes, version, created_at, updated_at, paraphrase, paraphrased_by
    FROM figures_0007;

{{sqlite}} DROP TABLE figures_0007;

-- The indexes of 0002, as they were.
{{sqlite}} CREATE INDEX figures_metric_period ON figures (metric, period_start);
{{sqlite}} CREATE INDEX figures_source ON figures (source);
{{sqlite}} CREATE INDEX figures_status ON figures (status);
{{sqlite}} CREATE INDEX figures_default_order ON figures (period_start, period_end, metric, key);
{{sqlite}} CREATE INDEX figures_subgroup_of ON figures (subgroup_of) WHERE subgroup_of IS NOT NULL;
{{sqlite}} CREATE INDEX figures_derived ON figures (key) WHERE derived;

{{postgres}} ALTER TABLE figures DROP CONSTRAINT figures_qualifier_check;
{{postgres}} ALTER TABLE figures ADD CONSTRAINT figures_qualifier_check
    CHECK (qualifier IN ('exact', 'documented', 'at_least', 'more_than', 'about', 'at_most', 'range', 'unquantified'));
{{postgres}} ALTER TABLE figures ADD CONSTRAINT figures_unquantified_no_number
    CHECK (qualifier <> 'unquantified' OR (value = 0 AND value_low = 0 AND value_high = 0));
