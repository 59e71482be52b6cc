-- A download of whole metrics, populations, states or units reads the
-- stored countable columns when its figures name (as subgroup or share)
-- no public figure outside them (store.closedUnder). That check reads
-- the subject and status of every selected subgroup and share: from the
-- table, one row after another, it took 4-12 s for one metric at a
-- million figures. The partial indexes of subgroup_of and share_of
-- (migrations 2 and 10) carry those columns from now on, so that it
-- reads them from the index alone; each index still begins with the
-- named key, which the write path and the counts' update look up.
-- PostgreSQL reads the figure each one names from the table too (16,000
-- rows for one metric, mostly outside its 128 MB of shared buffers: 4 s
-- at load 26): the key order's index (migration 18) carries the same
-- columns, so that those reads are index-only (2 s at that load; the
-- key order's pages still read the index alone). SQLite reads them
-- from the table, the row after its key: 0.15 s of CPU for one metric.
DROP INDEX figures_subgroup_of;
{{sqlite}} CREATE INDEX figures_subgroup_of ON figures (subgroup_of, metric, population, acting_state, receiving_state, unit, status) WHERE subgroup_of IS NOT NULL;
{{postgres}} CREATE INDEX figures_subgroup_of ON figures (subgroup_of) INCLUDE (metric, population, acting_state, receiving_state, unit, status) WHERE subgroup_of IS NOT NULL;
DROP INDEX figures_share_of;
{{sqlite}} CREATE INDEX figures_share_of ON figures (share_of, metric, population, acting_state, receiving_state, unit, status) WHERE share_of IS NOT NULL;
{{postgres}} CREATE INDEX figures_share_of ON figures (share_of) INCLUDE (metric, population, acting_state, receiving_state, unit, status) WHERE share_of IS NOT NULL;
{{postgres}} DROP INDEX figures_key_page;
{{postgres}} CREATE INDEX figures_key_page ON figures (key, status) INCLUDE (metric, population, acting_state, receiving_state, unit);
