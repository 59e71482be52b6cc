package httpx

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// Cross-origin reading. The public read API and the downloads are open
// data: a notebook or a page on any other origin may fetch them, so they
// answer with "Access-Control-Allow-Origin: *". Never with credentials:
// "*" forbids them by itself, and a response for one person (a session or
// a token, which may show drafts) carries no CORS header at all, so a
// browser never hands it to another origin. Writes have neither this nor
// a preflight, so a browser on another site cannot even ask.

// corsExposed are the response headers a script on another origin may
// read besides the safelisted ones: paging links, validators, the file
// name of a download, when to retry.
const corsExposed = "ETag, Link, Content-Disposition, Retry-After"

// AllowAnyOrigin lets any origin read the response, unless it is personal.
func (r *Responder) AllowAnyOrigin(c *gin.Context) {
	if !r.personal(c) {
		h := c.Writer.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Expose-Headers", corsExposed)
	}
	c.Next()
}

// Preflight answers a CORS preflight for a public read route: GET and HEAD
// from any origin, with the conditional-request and Accept headers a
// client may add, remembered for a day. No credentials, no other method.
func Preflight(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Access-Control-Allow-Methods", "GET, HEAD")
	h.Set("Access-Control-Allow-Headers", "Accept, Accept-Language, If-None-Match, If-Modified-Since")
	h.Set("Access-Control-Max-Age", "86400")
	h.Set("Allow", "GET, HEAD, OPTIONS")
	c.Status(http.StatusNoContent)
}
