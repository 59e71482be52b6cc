-- Editors, their sign-in sessions and API tokens, the failed sign-ins
-- that rate limiting counts, and the source texts quotes were verified
-- against.
--
-- No credential is stored in a form that lets anyone sign in: passwords
-- as argon2id hashes, session cookies and API tokens as the SHA-256 (hex)
-- of the random token the client holds. Editors are never deleted, only
-- disabled: revisions name them.

CREATE TABLE editors (
    id             {{id}},
    -- Stored trimmed and lower-cased (models.NormalizeEmail), so that
    -- uniqueness is case-insensitive on both databases.
    email          {{key}} NOT NULL UNIQUE CHECK (email <> ''),
    name           TEXT NOT NULL DEFAULT '',
    role           TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
    password_hash  TEXT NOT NULL CHECK (password_hash <> ''),
    disabled       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     {{timestamp}} NOT NULL,
    updated_at     {{timestamp}} NOT NULL
);

-- One row per signed-in browser; several app instances share them.
CREATE TABLE sessions (
    id            {{key}} PRIMARY KEY CHECK (length(id) = 64),
    editor_id     BIGINT NOT NULL REFERENCES editors (id) ON DELETE CASCADE,
    created_at    {{timestamp}} NOT NULL,
    expires_at    {{timestamp}} NOT NULL,
    last_seen_at  {{timestamp}} NOT NULL,
    user_agent    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_editor ON sessions (editor_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Revoked tokens are kept (revoked_at set), so that a list shows them.
CREATE TABLE api_tokens (
    id            {{id}},
    editor_id     BIGINT NOT NULL REFERENCES editors (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    prefix        {{key}} NOT NULL,
    hash          {{key}} NOT NULL UNIQUE CHECK (length(hash) = 64),
    created_at    {{timestamp}} NOT NULL,
    last_used_at  {{timestamp}},
    revoked_at    {{timestamp}},
    -- The prefix names a token when its owner revokes it.
    UNIQUE (editor_id, prefix)
);

-- Failed sign-ins, keyed "account:<email>" or "ip:<address>", counted
-- over a sliding window by every app instance.
CREATE TABLE login_attempts (
    id            {{id}},
    key           {{key}} NOT NULL,
    attempted_at  {{timestamp}} NOT NULL
);
CREATE INDEX login_attempts_key ON login_attempts (key, attempted_at);
CREATE INDEX login_attempts_at ON login_attempts (attempted_at);

-- The text an editor verified a source's quotes against: kept to verify
-- later quotes, never published (the project may quote sentences, not
-- ship whole articles). sha256 is of the text as stored.
CREATE TABLE source_texts (
    id          {{id}},
    source      {{key}} NOT NULL UNIQUE REFERENCES sources (key),
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    text        TEXT NOT NULL,
    editor      TEXT NOT NULL,
    created_at  {{timestamp}} NOT NULL
);
