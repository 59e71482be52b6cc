package dashboard

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
	"forcedreturns/models"
)

// langCookieTTL is how long the reader's choice of language is kept.
const langCookieTTL = 365 * 24 * time.Hour

// chooseLanguage answers the language switch on every page, GET
// /language/ko?next=/figures: it keeps the choice in a cookie (a
// preference, not a credential, so a plain link may set it) and sends the
// reader to the page in that language, /ko/figures.
func (s *Server) chooseLanguage(c *gin.Context) error {
	l, ok := models.ParseLang(c.Param("lang"))
	if !ok {
		return models.Errorf(models.ENotFound, "There is no language %q here: choose en or ko.", models.Clip(c.Param("lang"), 20))
	}
	http.SetCookie(c.Writer, &http.Cookie{
		Name: httpx.LangCookie, Value: string(l), Path: "/", MaxAge: int(langCookieTTL / time.Second),
		HttpOnly: true, Secure: s.site.IsHTTPS(c), SameSite: http.SameSiteLaxMode,
	})
	c.Header("Cache-Control", "no-store")
	_, next, _ := httpx.SplitLang(httpx.SafeNext(c.Query("next")))
	c.Redirect(http.StatusSeeOther, httpx.LangPath(l, next))
	return nil
}
