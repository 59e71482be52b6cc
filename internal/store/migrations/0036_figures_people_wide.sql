-- The people index (migration 14) carries every column a figure list
-- filters on but whether a figure is a subgroup or a share: after the
-- people's columns and the status, the kind, the qualifier, the period
-- and the source. A list filtered on a period beside another column
-- (an acting state from 2017, a kind up to 2012) was counted on SQLite
-- by reading the figures the period's index found, one table row each
-- (1.1–5.4 s at a million figures), or the whole table; its count now
-- reads this index alone, in one pass (store.countFigures). The lookups
-- by the people's columns (the checks' units) read the same leading
-- columns as before. 59 → 113 MB at a million synthetic figures.
DROP INDEX figures_people;
CREATE INDEX figures_people ON figures (population, acting_state, receiving_state, unit, metric, status, quantity_kind, qualifier, period_start, period_end, source);
