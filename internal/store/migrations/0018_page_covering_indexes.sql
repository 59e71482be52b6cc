-- The index of each order of figure lists (migrations 2 and 12) again,
-- with the status after the key: the status is what every list filters
-- on (the audience rule), so a page placed by offset (page=N, offset=N)
-- steps over the rows before it inside the index, never reading them
-- from the table, and reads only its own rows, by key (store.pageQuery,
-- a deferred join). Each replaces the index that is its prefix, which
-- served the same lookups.

CREATE INDEX figures_period_page ON figures (period_start, period_end, metric, key, status);
DROP INDEX figures_default_order;
-- The expression is the one store.sortTerms writes, word for word.
CREATE INDEX figures_value_page ON figures ((CASE WHEN qualifier = 'unquantified' THEN -1 WHEN qualifier = 'range' THEN value_low ELSE value END), key, status);
DROP INDEX figures_value_order;
CREATE INDEX figures_updated_page ON figures (updated_at, key, status);
DROP INDEX figures_updated_order;
CREATE INDEX figures_metric_page ON figures (metric, period_start, key, status);
DROP INDEX figures_metric_order;
CREATE INDEX figures_source_page ON figures (source, period_start, key, status);
DROP INDEX figures_source_order;
-- sort=id: the key's unique index holds no status.
CREATE INDEX figures_key_page ON figures (key, status);
