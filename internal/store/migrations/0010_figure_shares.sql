-- A share ("over 60 percent were women") is a figure whose number is a
-- percentage of another figure, named here by its key: NULL, not '', for
-- every other figure, as subgroup_of (see 0001). Existing rows get NULL
-- and stay counts. The rules (a share's unit is percent, its metric and
-- period those of the figure it is a share of) are package models'.
ALTER TABLE figures ADD COLUMN share_of {{key}} REFERENCES figures (key);
-- The store looks up a figure's shares when the figure changes (as its
-- subgroups, see 0002); few figures are shares.
CREATE INDEX figures_share_of ON figures (share_of) WHERE share_of IS NOT NULL;
