-- A second counter beside data_version.n: public_n changes only with
-- writes that anyone can see (a published or retracted figure, a source,
-- a metric, an editor's name in a public history). Anonymous pages and
-- API responses take their ETags and caches from it, so editing a draft
-- tells a stranger nothing, not even that something was written.
ALTER TABLE data_version ADD COLUMN public_n BIGINT NOT NULL DEFAULT 0;
