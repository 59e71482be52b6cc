// Package auth holds what signing in needs, free of HTTP: password
// hashing (argon2id, PHC-encoded), random tokens for session cookies and
// API tokens (stored only as their SHA-256), a rate limiter over failed
// sign-ins shared by every app instance through the store, and
// Authenticate, the whole sign-in check.
//
// How the dashboard uses it:
//
//   - Sign-in: Authenticate(ctx, store, limiter, email, password,
//     clientIP, time.Now()). A wrong address, a wrong password and a
//     disabled account all give the same EUnauthorized *models.Error
//     ("email or password is wrong") after the same amount of work, so
//     neither the answer nor its timing tells whether an account exists.
//     A client (address) that failed too often or too recently gets a
//     *RateLimitError (errors.Is(err, ErrRateLimited)): answer 429 with a
//     Retry-After header. Other clients are not refused for it, so a
//     stranger's guesses never lock the owner out (see Limiter). A
//     successful sign-in upgrades a hash made with older parameters
//     (NeedsRehash) through store.UpgradePasswordHash.
//   - Session: token, hash := NewToken(); store.CreateSession(ctx, hash,
//     editor.ID, expiry, userAgent); the cookie holds token. On each
//     request store.GetSession(ctx, HashToken(cookie), time.Now()).
//   - API token: token, prefix, hash := NewAPIToken(); store.CreateToken(
//     ctx, editor.ID, name, prefix, hash); show token once. On each request
//     a bearer that IsAPIToken is looked up with
//     store.GetEditorByTokenHash(ctx, HashToken(bearer)); anything else is
//     refused as it is.
package auth
