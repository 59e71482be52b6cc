-- The proposals an editor rejected on a source's intake review page
-- (/sources/{key}/intake), so that running intake again over the same
-- text proposes only what is new. A rejection holds for one text: the
-- source's text by its SHA-256, the proposal by its fingerprint (the
-- normalised sentence, the number as written and its occurrence, see
-- intake.Fingerprint). Another text of the source starts afresh.
CREATE TABLE intake_rejections (
    id           {{id}},
    source       {{key}} NOT NULL REFERENCES sources (key),
    text_sha256  TEXT NOT NULL CHECK (length(text_sha256) = 64),
    fingerprint  TEXT NOT NULL CHECK (length(fingerprint) = 64),
    rejected_by  TEXT NOT NULL,
    rejected_at  {{timestamp}} NOT NULL,
    UNIQUE (source, text_sha256, fingerprint)
);
