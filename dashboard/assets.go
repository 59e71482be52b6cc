package dashboard

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
)

// static holds the built front-end (dist/, made by `make assets`) and any
// hand-written static files.
//
//go:embed all:static
var static embed.FS

// assets resolves logical names ("app.js") to content-hashed files and
// serves them precompressed.
type assets struct {
	fs       fs.FS
	manifest map[string]string // logical name → hashed file name in dist/
}

// errNoBundle explains how to build the front-end when it is missing.
var errNoBundle = errors.New("the front-end bundle is missing: run `make assets` (npm ci + node build.mjs in dashboard/web) before building")

func loadAssets() (*assets, error) {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		return nil, err
	}
	a := &assets{fs: sub, manifest: map[string]string{}}
	b, err := fs.ReadFile(sub, "dist/manifest.json")
	if err != nil {
		return nil, errNoBundle
	}
	if err := json.Unmarshal(b, &a.manifest); err != nil {
		return nil, fmt.Errorf("dist/manifest.json: %w", err)
	}
	for _, name := range []string{"app.js", "app.css"} {
		if _, err := fs.Stat(sub, "dist/"+a.manifest[name]); a.manifest[name] == "" || err != nil {
			return nil, fmt.Errorf("%s missing from the bundle: %w", name, errNoBundle)
		}
	}
	return a, nil
}

// URL returns the public URL of a logical asset.
func (a *assets) URL(name string) string {
	return "/static/dist/" + a.manifest[name]
}

// serveAsset serves a static file, choosing a precompressed variant the
// client accepts. Hashed files never change, so they are cached for a year.
func (s *Server) serveAsset(c *gin.Context) {
	p := strings.TrimPrefix(path.Clean("/"+c.Param("path")), "/")
	if p == "" || strings.HasSuffix(p, ".gz") || strings.HasSuffix(p, ".br") || p == "dist/manifest.json" {
		s.renderError(c, httpx.NotFound(c))
		return
	}
	body, err := fs.ReadFile(s.assets.fs, p)
	if err != nil {
		s.renderError(c, httpx.NotFound(c))
		return
	}
	h := c.Writer.Header()
	h.Set("Vary", "Accept-Encoding")
	if strings.HasPrefix(p, "dist/") {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=3600")
	}
	ctype := mime.TypeByExtension(path.Ext(p))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	accept := c.GetHeader("Accept-Encoding")
	for _, enc := range []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
		if !acceptsEncoding(accept, enc.token) {
			continue
		}
		if zb, err := fs.ReadFile(s.assets.fs, p+enc.ext); err == nil {
			h.Set("Content-Encoding", enc.token)
			body = zb
			break
		}
	}
	etag := `"` + path.Base(p) + "-" + h.Get("Content-Encoding") + `"`
	h.Set("ETag", etag)
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return
	}
	c.Data(http.StatusOK, ctype, body)
}

// acceptsEncoding reports whether an Accept-Encoding header allows token
// (a q=0 entry refuses it).
func acceptsEncoding(header, token string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), token) {
			continue
		}
		params = strings.ReplaceAll(params, " ", "")
		return params != "q=0" && params != "q=0.0" && params != "q=0.00" && params != "q=0.000"
	}
	return false
}
