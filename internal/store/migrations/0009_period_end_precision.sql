-- Each end of a figure's period has its own precision: "since early 2019"
-- as of a report of 5 December 2023 starts at year precision and ends at
-- day precision. period_precision stays the precision of the start;
-- period_end_precision is that of the end. Figures stored before this
-- migration had one precision for both ends: their end takes it.
ALTER TABLE figures ADD COLUMN period_end_precision TEXT NOT NULL DEFAULT 'day'
    CHECK (period_end_precision IN ('day', 'month', 'year'));
UPDATE figures SET period_end_precision = period_precision;
