-- A figure's evidence is a verbatim quote of its source or, when only
-- someone else's summary of the source is known, that paraphrase and the
-- name of whoever wrote it. Existing rows keep quote and get '' here, so
-- they stay quotes; the models package holds that exactly one is set.
ALTER TABLE figures ADD COLUMN paraphrase TEXT NOT NULL DEFAULT '';
ALTER TABLE figures ADD COLUMN paraphrased_by TEXT NOT NULL DEFAULT '';
