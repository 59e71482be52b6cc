package dashboard

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/auth"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// signinData is what the sign-in page shows.
type signinData struct {
	Email   string
	Next    string
	Message string // why the last attempt failed
}

// maxFormBytes bounds the body of every form but the source text upload.
const maxFormBytes = 1 << 20

func (s *Server) signinForm(c *gin.Context) error {
	l := httpx.Lang(c)
	s.renderPage(c, http.StatusOK, "signin.html", pageData{Title: i18n.T(l, "signin.title"), Data: signinData{Next: httpx.SafeNextIn(l, c.Query("next"))}})
	return nil
}

// signin checks the credentials with auth.Authenticate, which gives the
// same answer after the same work for an unknown address, a wrong
// password and a disabled account, and throttles failing clients without
// ever refusing the owner's right password from a client that has not
// failed (see auth.Limiter). A client is c.ClientIP: X-Forwarded-For only
// from trusted proxies, so a spoofed header gains nothing.
//
// Every sign-in gets a new session id: a cookie the browser already had,
// perhaps planted by someone else, is never upgraded, and its session, if
// any, is ended.
func (s *Server) signin(c *gin.Context) error {
	if err := parseForm(c, maxFormBytes); err != nil {
		return err
	}
	ctx := c.Request.Context()
	l := httpx.Lang(c)
	d := signinData{Email: c.Request.PostForm.Get("email"), Next: httpx.SafeNextIn(l, c.Request.PostForm.Get("next"))}
	e, err := auth.Authenticate(ctx, s.store, s.limiter, d.Email, c.Request.PostForm.Get("password"), c.ClientIP(), time.Now())
	var rl *auth.RateLimitError
	switch {
	case errors.As(err, &rl):
		c.Header("Retry-After", strconv.Itoa(int((rl.RetryAfter+time.Second-1)/time.Second)))
		d.Message = "T" + rl.Error()[1:] + "." // "Too many failed sign-in attempts: try again in 15 minutes."
		if l != models.English {
			d.Message = i18n.T(l, "signin.too_many", "Count", rl.Minutes())
		}
		s.renderPage(c, http.StatusTooManyRequests, "signin.html", pageData{Title: i18n.T(l, "signin.title"), Data: d})
		return nil
	case models.ErrorCode(err) == models.EUnauthorized:
		d.Message = i18n.T(l, "signin.wrong")
		s.renderPage(c, http.StatusUnauthorized, "signin.html", pageData{Title: i18n.T(l, "signin.title"), Data: d})
		return nil
	case err != nil:
		return err
	}
	if old, err := c.Cookie(sessionCookie); err == nil && old != "" {
		if err := s.store.DeleteSession(ctx, auth.HashToken(old)); err != nil {
			return err
		}
	}
	token, hash := auth.NewToken()
	if err := s.store.CreateSession(ctx, hash, e.ID, time.Now().Add(s.cfg.SessionTTL), c.Request.UserAgent()); err != nil {
		return err
	}
	s.setSessionCookie(c, token, s.cfg.SessionTTL)
	c.Header("Cache-Control", "no-store")
	c.Redirect(http.StatusSeeOther, d.Next)
	return nil
}

// signout ends the session on the server, not only in this browser, and
// clears the cookie.
func (s *Server) signout(c *gin.Context) error {
	if tok, err := c.Cookie(sessionCookie); err == nil && tok != "" {
		if err := s.store.DeleteSession(c.Request.Context(), auth.HashToken(tok)); err != nil {
			return err
		}
	}
	s.clearSessionCookie(c)
	c.Header("Cache-Control", "no-store")
	c.Redirect(http.StatusSeeOther, httpx.LangPath(httpx.Lang(c), "/"))
	return nil
}
