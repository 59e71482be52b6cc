-- Indexes behind models.FigureFilter and the history page.

-- "metric = ? AND period overlaps [from, to]", the charts' query.
CREATE INDEX figures_metric_period ON figures (metric, period_start);
CREATE INDEX figures_source ON figures (source);
CREATE INDEX figures_status ON figures (status);
-- The default order of lists and exports, so that a page of the first
-- rows needs no sort of the whole table.
CREATE INDEX figures_default_order ON figures (period_start, period_end, metric, key);
-- Foreign keys are not indexed on the referencing side by PostgreSQL;
-- the store looks up a figure's subgroups when the figure changes. Few
-- figures are subgroups: the others need no entry.
CREATE INDEX figures_subgroup_of ON figures (subgroup_of) WHERE subgroup_of IS NOT NULL;
CREATE INDEX revisions_entity ON revisions (entity_type, entity_key, version);
-- Derived figures are few; changing a figure re-checks those whose
-- formula uses it, so they are found without a table scan.
CREATE INDEX figures_derived ON figures (key) WHERE derived;
