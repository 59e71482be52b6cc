-- The rule the stored countable columns (migrations 25, 26) were worked
-- out under (checks.CountingRule): a build whose counting gives another
-- answer for the same figures (a corrected rule) finds another name here
-- and counts every figure again, instead of serving the old answer as
-- current because no figure changed. NULL, as every row stored so far
-- holds, names no rule: those are counted again.
ALTER TABLE figure_counts_state ADD COLUMN rule TEXT;
