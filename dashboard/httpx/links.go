package httpx

import (
	"strings"

	"github.com/gin-gonic/gin"
)

// PageLinks sets an RFC 8288 Link header naming the next and previous
// pages of a list: next and prev are the site-relative links the list
// already gives in its body ("" for none), made absolute with base, the
// site's origin. Respond keeps the header with the body, so a cached
// answer carries it too.
func PageLinks(c *gin.Context, base, next, prev string) {
	var links []string
	for _, l := range []struct{ rel, href string }{{"next", next}, {"prev", prev}} {
		if l.href != "" {
			links = append(links, "<"+base+l.href+`>; rel="`+l.rel+`"`)
		}
	}
	if len(links) > 0 {
		c.Writer.Header().Set("Link", strings.Join(links, ", "))
	}
}
