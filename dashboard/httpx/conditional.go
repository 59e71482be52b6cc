package httpx

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"forcedreturns/models"
)

// NotModified sets an ETag derived from the data version (which changes
// with every write) and the request, and answers 304 when the client
// already has it, or the cached body when this server already rendered it.
// Pages are revalidated on every visit (no-cache), so a correction shows at
// once, while an unchanged page costs no body (or no rendering).
//
// A page for a signed-in editor (edit buttons, their name) is personal:
// it gets no ETag, is neither served from nor stored in the response
// cache, and tells every cache to keep no copy.
func (r *Responder) NotModified(c *gin.Context, parts ...string) bool {
	h := c.Writer.Header()
	if r.personal(c) {
		h.Set("Cache-Control", "private, no-store")
		h.Add("Vary", "Cookie")
		return false
	}
	if l := Lang(c); l != models.English && !isAPI(c) {
		// The page is written in the reader's language: each language
		// its own ETag (English keeps the ETag it always had).
		parts = append(parts, "lang="+string(l))
	}
	VaryLang(c)
	if r.site != nil {
		// Pages, feeds and API answers carry absolute links to this origin.
		parts = append(parts, r.site.BaseURL(c))
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	etag := `W/"` + hex.EncodeToString(sum[:12]) + `"`
	h.Set("ETag", etag)
	h.Set("Cache-Control", "no-cache")
	h.Add("Vary", "Cookie") // a signed-in editor sees another page
	for _, t := range strings.Split(c.GetHeader("If-None-Match"), ",") {
		if t = strings.TrimSpace(t); t == etag || t == "*" {
			h.Add("Vary", "Accept-Encoding")
			c.Status(http.StatusNotModified)
			c.Writer.WriteHeaderNow()
			return true
		}
	}
	return r.serveCached(c, etag)
}
