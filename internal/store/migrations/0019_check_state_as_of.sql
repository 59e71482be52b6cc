-- When the figures of each audience's stored checks were read: every
-- write before it is in them (store.RefreshChecks sets it, CheckPage
-- returns it), so that /checks and the API can say what results shown
-- while the checks are computed again are as of. Unix milliseconds; 0
-- for a generation computed before this column, whose time is unknown.
ALTER TABLE check_state ADD COLUMN as_of BIGINT NOT NULL DEFAULT 0;
