-- Metrics, sources, figures and their revisions.
--
-- Written once for both databases: {{id}}, {{timestamp}} and {{key}} are
-- replaced per dialect by migrate.go. Dates are 'YYYY-MM-DD' text so that
-- both databases compare and sort them the same way; enumerations are
-- CHECK constraints mirroring package models, so that a bug in a writer
-- cannot store a value the domain does not know.

CREATE TABLE metrics (
    id          {{id}},
    slug        {{key}} NOT NULL UNIQUE,
    label       TEXT NOT NULL,
    definition  TEXT NOT NULL,
    unit        TEXT NOT NULL,
    created_at  {{timestamp}} NOT NULL,
    updated_at  {{timestamp}} NOT NULL
);

CREATE TABLE sources (
    id                  {{id}},
    key                 {{key}} NOT NULL UNIQUE,
    title               TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('news', 'commentary', 'ngo_report', 'press_release', 'un', 'government', 'dataset')),
    publisher           TEXT NOT NULL,
    authors             TEXT NOT NULL DEFAULT '',
    author_affiliation  TEXT NOT NULL DEFAULT '',
    published_on        TEXT NOT NULL CHECK (length(published_on) = 10),
    url                 TEXT NOT NULL,
    archive_url         TEXT NOT NULL DEFAULT '',
    language            TEXT NOT NULL DEFAULT '',
    accessed_on         TEXT CHECK (accessed_on IS NULL OR length(accessed_on) = 10),
    text_sha256         TEXT NOT NULL DEFAULT '',
    notes               TEXT NOT NULL DEFAULT '',
    version             INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    created_at          {{timestamp}} NOT NULL,
    updated_at          {{timestamp}} NOT NULL
);

CREATE TABLE figures (
    id                {{id}},
    key               {{key}} NOT NULL UNIQUE,
    metric            {{key}} NOT NULL REFERENCES metrics (slug),
    qualifier         TEXT NOT NULL CHECK (qualifier IN ('exact', 'documented', 'at_least', 'more_than', 'about', 'at_most', 'range')),
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
    -- NULL, not '', when the figure is no subgroup: '' would be a
    -- reference to a figure with an empty key.
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
    CHECK (period_end >= period_start),
    CHECK (subgroup_of IS NULL OR subgroup_of <> key),
    CHECK ((status = 'retracted') = (retract_reason <> ''))
);

-- Append-only history: one row per create, update, retract or restore,
-- holding the full JSON snapshot after the change.
CREATE TABLE revisions (
    id           {{id}},
    entity_type  TEXT NOT NULL CHECK (entity_type IN ('metric', 'source', 'figure')),
    entity_id    BIGINT NOT NULL,
    entity_key   {{key}} NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    action       TEXT NOT NULL CHECK (action IN ('create', 'update', 'retract', 'restore')),
    snapshot     TEXT NOT NULL,
    editor       TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    created_at   {{timestamp}} NOT NULL,
    UNIQUE (entity_type, entity_id, version)
);

-- A counter bumped by every write transaction, so that caches and ETags
-- keyed on the data version change exactly when committed data changes.
-- MAX(id) alone is not enough on PostgreSQL: ids are taken before commit,
-- so a transaction holding a smaller id can commit after a larger one.
CREATE TABLE data_version (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    n   BIGINT NOT NULL
);
INSERT INTO data_version (id, n) VALUES (1, 0);
