package httpx

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// cspBase is the Content-Security-Policy of every page: scripts and styles only
// from this origin, nothing from any other host, no plugins, no <base>.
// Embeds replace frame-ancestors (see embedCSP).
const cspBase = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; object-src 'none'"

var (
	pageCSP  = cspBase + "; frame-ancestors 'none'"
	embedCSP = cspBase + "; frame-ancestors *"
)

// hstsValue tells browsers to reach this host only over https for two
// years. No includeSubDomains or preload: those commit hosts the operator
// may not control, and cannot be undone quickly.
const hstsValue = "max-age=63072000"

// SecurityHeaders sets the headers every response carries, and
// Strict-Transport-Security when the browser reached us over https (see
// Site.IsHTTPS): sent over plain http it would be ignored, and on a server
// reached by address during setup it would wrongly pin the name.
func SecurityHeaders(site *Site) gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		if site.IsHTTPS(c) {
			h.Set("Strict-Transport-Security", hstsValue)
		}
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		if Embedded(c.Request.URL.Path) {
			// Every answer under /embed/, errors included, may be framed:
			// a stale or mistyped embed shows its message in the partner's
			// frame rather than a refused frame.
			h.Set("Content-Security-Policy", embedCSP)
		} else {
			h.Set("Content-Security-Policy", pageCSP)
			h.Set("X-Frame-Options", "DENY")
		}
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		c.Next()
	}
}

// Embedded reports whether path (without its language prefix) is under
// /embed/, the only pages other sites may frame: their answers, whatever
// their status, carry the embed's framing policy (SecurityHeaders).
func Embedded(path string) bool {
	return strings.HasPrefix(path, "/embed/")
}

// RequestLog logs one line per request to log; query strings are left
// out of the path field only when they are long, to keep logs readable.
func RequestLog(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		status := c.Writer.Status()
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		path := c.Request.URL.Path
		if q := c.Request.URL.RawQuery; q != "" && len(q) < 256 {
			path += "?" + q
		}
		log.LogAttrs(c.Request.Context(), level, "request",
			slog.String("method", c.Request.Method),
			slog.String("path", path),
			slog.Int("status", status),
			slog.Int("bytes", c.Writer.Size()),
			slog.Duration("duration", time.Since(start)),
			slog.String("client", c.ClientIP()),
		)
	}
}

// Recovery turns a panic into a logged internal error and a 500 page, and
// never leaks the panic value to the client.
func (r *Responder) Recovery() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				r.log.Error("panic", "error", fmt.Sprint(v), "path", c.Request.URL.Path, "stack", string(debug.Stack()))
				if !c.Writer.Written() {
					r.Error(c, fmt.Errorf("panic: %v", v))
				}
				c.Abort()
			}
		}()
		c.Next()
	}
}
