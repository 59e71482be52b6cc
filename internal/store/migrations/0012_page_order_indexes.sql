-- An index per order of figure lists (models.SortKeys, store.sortTerms),
-- each ending with the key that makes the order total, so that any page
-- of a list, however deep, is a seek in its order's index (keyset paging)
-- rather than a sort of every figure; the same index serves an order and
-- its reverse. The period order has had one since migration 2; the id
-- order has the key's own.

-- sort=value: a range sorts by its low bound, a figure without a number
-- below every number. The expression is the one store.sortTerms writes,
-- word for word, or neither database uses it.
CREATE INDEX figures_value_order ON figures ((CASE WHEN qualifier = 'unquantified' THEN -1 WHEN qualifier = 'range' THEN value_low ELSE value END), key);
CREATE INDEX figures_updated_order ON figures (updated_at, key);
-- sort=metric and sort=source. Each replaces an index of migration 2 that
-- is its prefix and so serves the same filters (the charts' "metric = ?
-- AND period overlaps", a source's figures).
CREATE INDEX figures_metric_order ON figures (metric, period_start, key);
DROP INDEX figures_metric_period;
CREATE INDEX figures_source_order ON figures (source, period_start, key);
DROP INDEX figures_source;
