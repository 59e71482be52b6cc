package dashboard

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/edit"
	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/auth"
	"forcedreturns/models"
)

// Who is asking. Reading is public; writing needs an enabled editor,
// signed in through a session cookie (pages, and the API from the
// tracker's own pages) or, for the API, an "Authorization: Bearer" token.
//
// The session cookie holds a random token (auth.NewToken); the database
// holds only its SHA-256, so a copy of the database signs no one in.
// Sessions live in the database, so any instance can serve any editor and
// signing out or disabling an account takes effect everywhere at once.

const (
	// sessionCookie is the name of the session cookie.
	sessionCookie = "frt_session"
	// DefaultSessionTTL is how long a sign-in lasts unless configured.
	DefaultSessionTTL = 12 * time.Hour
	// ctxViewer is the Gin context key of the *viewer: the session's
	// editor, resolved once.
	ctxViewer = "frt.viewer"
)

// viewer is the outcome of looking up the request's session cookie.
type viewer struct {
	editor *models.Editor
	hash   string // the session id hash, "" without a valid session
	err    error  // an internal error while looking it up
}

// viewer returns the editor signed in by the request's session cookie,
// or nil. It looks the session up once per request and only when asked,
// so static assets cost no query. A cookie naming no valid session
// (ended, expired, a disabled account, or never issued) is cleared.
func (s *Server) viewer(c *gin.Context) *viewer {
	if v, ok := c.Get(ctxViewer); ok {
		return v.(*viewer)
	}
	v := &viewer{}
	if tok, err := c.Cookie(sessionCookie); err == nil && tok != "" {
		hash := auth.HashToken(tok)
		e, err := s.store.GetSession(c.Request.Context(), hash, time.Now())
		switch {
		case err == nil:
			v.editor, v.hash = &e, hash
		case models.ErrorCode(err) == models.EUnauthorized:
			s.clearSessionCookie(c)
		default:
			v.err = err
		}
	}
	c.Set(ctxViewer, v)
	return v
}

// signedInEditor returns the session's editor or nil.
func (s *Server) signedInEditor(c *gin.Context) *models.Editor {
	return s.viewer(c).editor
}

// personal reports whether the response is for one editor (edit buttons,
// their name, drafts): such a response is never cached, nor given an ETag
// shared with anyone. A session that could not be looked up counts as
// personal, and so does any request with a bearer token, valid or not: a
// token's view includes drafts.
func (s *Server) personal(c *gin.Context) bool {
	if hasBearer(c) {
		return true
	}
	v := s.viewer(c)
	return v.editor != nil || v.err != nil
}

// audience says who a read is for: the editors (a signed-in session, or
// an API token in the Authorization header, which is then the only
// credential considered) or the public. Drafts are shown to editors
// only. A token that is malformed, unknown or revoked is a 401 rather than
// the public view, so a script whose token stopped working is told so
// instead of silently seeing fewer figures.
func (s *Server) audience(c *gin.Context) (models.Audience, error) {
	if hasBearer(c) {
		if _, err := s.tokenEditor(c); err != nil {
			return models.AudiencePublic, err
		}
		return models.AudienceEditors, nil
	}
	v := s.viewer(c)
	switch {
	case v.err != nil:
		return models.AudiencePublic, v.err
	case v.editor != nil:
		return models.AudienceEditors, nil
	}
	return models.AudiencePublic, nil
}

// hasBearer reports whether the request carries an API token. Other
// schemes (Basic from a password-protected staging proxy) are not the
// tracker's credentials: reads ignore them and see the public view.
func hasBearer(c *gin.Context) bool {
	scheme, _, _ := strings.Cut(c.GetHeader("Authorization"), " ")
	return strings.EqualFold(scheme, "Bearer")
}

// tokenEditor authenticates the request's "Authorization: Bearer" token.
// On failure it has set the WWW-Authenticate challenge and returns the
// error to render (a 401, or an internal error looking the token up).
func (s *Server) tokenEditor(c *gin.Context) (models.Editor, error) {
	scheme, tok, _ := strings.Cut(c.GetHeader("Authorization"), " ")
	tok = strings.TrimSpace(tok)
	if !strings.EqualFold(scheme, "Bearer") || tok == "" {
		c.Header("WWW-Authenticate", `Bearer error="invalid_request"`)
		return models.Editor{}, models.Errorf(models.EUnauthorized, "The Authorization header must be \"Bearer <API token>\".")
	}
	var e models.Editor
	var err error = models.Errorf(models.EUnauthorized, "invalid API token")
	if auth.IsAPIToken(tok) { // anything else was never issued: not worth a query
		e, err = s.store.GetEditorByTokenHash(c.Request.Context(), auth.HashToken(tok))
	}
	if models.ErrorCode(err) == models.EUnauthorized {
		c.Header("WWW-Authenticate", `Bearer error="invalid_token"`)
		return e, models.Errorf(models.EUnauthorized, "%s.", models.ErrorMessage(err))
	}
	return e, err
}

// requireEditor lets a request through only for a signed-in, enabled
// editor; anyone else is sent to the sign-in page, which brings them back.
func (s *Server) requireEditor(c *gin.Context) {
	v := s.viewer(c)
	if v.err != nil {
		s.renderError(c, v.err)
		c.Abort()
		return
	}
	if v.editor == nil {
		// The path has lost its language prefix (httpx.WithLangPrefix):
		// the sign-in page and the way back are in the page's language.
		l := httpx.Lang(c)
		next := httpx.LangPath(l, c.Request.URL.RequestURI())
		if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
			// The form that posted cannot be replayed by a redirect:
			// come back to the page it was on, when that is ours.
			next = httpx.LocalReferer(c.Request)
		}
		c.Header("Cache-Control", "no-store")
		c.Redirect(http.StatusSeeOther, httpx.LangPath(l, "/signin")+"?next="+url.QueryEscape(httpx.SafeNextIn(l, next)))
		c.Abort()
		return
	}
	edit.SetEditor(c, *v.editor)
}

// requireAdmin follows requireEditor (or requireAPIEditor): only admins
// may change the vocabulary of metrics.
func (s *Server) requireAdmin(c *gin.Context) {
	if e, ok := edit.Editor(c); !ok || !e.IsAdmin() {
		s.renderError(c, models.Errorf(models.EForbidden, "Only an administrator can do this."))
		c.Abort()
	}
}

// requireAPIEditor authenticates a write to the JSON API: a bearer token
// (the Authorization header, when present, is the only credential
// considered) or else the session cookie. Failure is 401 JSON.
func (s *Server) requireAPIEditor(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	if c.GetHeader("Authorization") != "" {
		e, err := s.tokenEditor(c)
		if err != nil {
			s.renderError(c, err)
			c.Abort()
			return
		}
		edit.SetEditor(c, e)
		return
	}
	v := s.viewer(c)
	switch {
	case v.err != nil:
		s.renderError(c, v.err)
		c.Abort()
	case v.editor == nil:
		s.unauthorized(c, "Bearer", "Sign in, or send an API token as \"Authorization: Bearer <token>\" (create one on /account).")
	default:
		edit.SetEditor(c, *v.editor)
	}
}

func (s *Server) unauthorized(c *gin.Context, challenge, msg string) {
	c.Header("WWW-Authenticate", challenge)
	s.renderError(c, models.Errorf(models.EUnauthorized, "%s", msg))
	c.Abort()
}

// setSessionCookie gives the browser its session token.
func (s *Server) setSessionCookie(c *gin.Context, token string, ttl time.Duration) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", MaxAge: int(ttl / time.Second),
		HttpOnly: true, Secure: s.site.IsHTTPS(c), SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.site.IsHTTPS(c), SameSite: http.SameSiteLaxMode,
	})
}
