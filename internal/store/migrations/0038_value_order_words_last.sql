-- Sorted by value, smallest first (sort=value), the figures that give no
-- number (qualifier unquantified: "dozens", "a number of") came first:
-- the value order's index (migrations 12, 18, 22) sorts them as -1, so
-- that they come last when the largest come first (sort=-value). They
-- now come last both ways, as a spreadsheet puts its blanks: the
-- ascending order sorts them as the largest number there is, through an
-- index of its own (store.valueOrderLast, word for word; on PostgreSQL
-- carrying the columns the expression reads, as migration 22's, so that
-- a deep page steps over the rows before it inside the index). The two
-- orders are no longer each other's reverse: "-value" gets page anchors
-- of its own, and the anchors read before are forgotten with their
-- facets and notes, as store.forgetPageAnchors forgets them (read again
-- at the next start, or when a page asks; until then deep pages walk
-- their offset and lists are counted). Nothing here is data.
{{sqlite}} CREATE INDEX figures_value_last_page ON figures ((CASE WHEN qualifier = 'unquantified' THEN 9223372036854775807 WHEN qualifier = 'range' THEN value_low ELSE value END), key, status);
{{postgres}} CREATE INDEX figures_value_last_page ON figures ((CASE WHEN qualifier = 'unquantified' THEN 9223372036854775807 WHEN qualifier = 'range' THEN value_low ELSE value END), key, status) INCLUDE (qualifier, value_low, value);
UPDATE page_anchors_state SET gen = gen + 1, total = -1;
DELETE FROM page_anchors;
DELETE FROM page_anchor_lists;
DELETE FROM page_facets;
DELETE FROM page_dirty;
