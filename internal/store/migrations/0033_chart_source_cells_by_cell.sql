-- A subject's month of one kind, of every source (store.refreshChanged
-- sums it into chart_cells after a write changed one of its sources'
-- cells), is found by one seek of this index: PostgreSQL read it through
-- the months of every source (chart_source_cells_month), 1,000 cells
-- read from the table to keep the 8 of the subject (40-70 ms at a million
-- figures, once for each month a write changed). It begins with the
-- columns of the index by subject it replaces (a subject's cells of a
-- step, read and deleted by a refresh).
CREATE INDEX chart_source_cells_cell ON chart_source_cells (population, acting_state, receiving_state, unit, metric, step, quantity_kind, month);
DROP INDEX chart_source_cells_subject;
