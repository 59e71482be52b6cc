package httpx

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/gin-gonic/gin"

	"forcedreturns/models"
)

// Cross-site request forgery is refused by Go's http.CrossOriginProtection
// (Sec-Fetch-Site, else Origin against Host) in front of the whole engine:
// every POST, PUT, PATCH and DELETE a browser sends from another site gets
// 403, whatever route it aims at, so no handler can forget the check. Safe
// methods pass, which is why no GET changes state. Requests without either
// header (curl, scripts with a bearer token) are not from a browser and
// pass too; they carry no ambient credentials a third site could borrow.
// The session cookie is SameSite=Lax as a second line.

// crossOriginDenied marks, in the request's context, a request the
// protection refused, so that the engine renders the refusal like any
// other error (a page, or JSON under /api/).
type crossOriginDeniedKey struct{}

// CrossOriginProtection wraps h. The site's public URL, if any, is a
// trusted origin: behind a proxy that rewrites Host, the browser's Origin
// names the public site.
func (s *Site) CrossOriginProtection(h http.Handler) (http.Handler, error) {
	cop := http.NewCrossOriginProtection()
	if s.publicURL != "" {
		u, err := url.Parse(s.publicURL)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, fmt.Errorf("public URL %q: expected scheme://host", s.publicURL)
		}
		if err := cop.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
			return nil, fmt.Errorf("public URL: %w", err)
		}
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), crossOriginDeniedKey{}, true)))
	}))
	return cop.Handler(h), nil
}

// RefuseCrossOrigin answers 403 to a request the protection refused,
// before any handler runs.
func (r *Responder) RefuseCrossOrigin(c *gin.Context) {
	if c.Request.Context().Value(crossOriginDeniedKey{}) == nil {
		return
	}
	msg := "This request came from another site and was refused: changes can only be made from the tracker's own pages."
	if isAPI(c) {
		msg = "Cross-origin request refused: send the request without a browser's Origin, or from the tracker's own origin."
	}
	r.Error(c, models.Errorf(models.EForbidden, "%s", msg))
	c.Abort()
}
