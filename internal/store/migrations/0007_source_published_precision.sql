-- The precision of a source's publication date: day, month or year. A
-- source published "December 2023" keeps published_on at the first day of
-- its month or year and says how much of it is known here, so no page or
-- file shows a day the source never gave. Sources stored before this
-- migration had full dates: their precision is day.
ALTER TABLE sources ADD COLUMN published_precision TEXT NOT NULL DEFAULT 'day'
    CHECK (published_precision IN ('day', 'month', 'year'));
