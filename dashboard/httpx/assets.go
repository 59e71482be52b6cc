package httpx

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

// Assets resolves logical names ("app.js") to content-hashed files and
// serves them precompressed.
type Assets struct {
	fs       fs.FS
	manifest map[string]string // logical name → hashed file name in dist/
}

// errNoBundle explains how to build the front-end when it is missing.
var errNoBundle = errors.New("the front-end bundle is missing: run `make assets` (npm ci + node build.mjs in dashboard/web) before building")

// LoadAssets reads the static files of fsys: the built front-end in dist/
// with its manifest.json, and any hand-written files beside it. It fails
// when the bundle is missing or incomplete.
func LoadAssets(fsys fs.FS) (*Assets, error) {
	a := &Assets{fs: fsys, manifest: map[string]string{}}
	b, err := fs.ReadFile(fsys, "dist/manifest.json")
	if err != nil {
		return nil, errNoBundle
	}
	if err := json.Unmarshal(b, &a.manifest); err != nil {
		return nil, fmt.Errorf("dist/manifest.json: %w", err)
	}
	for _, name := range []string{"app.js", "charts.js", "app.css", "font-ko.css"} {
		if _, err := fs.Stat(fsys, "dist/"+a.manifest[name]); a.manifest[name] == "" || err != nil {
			return nil, fmt.Errorf("%s missing from the bundle: %w", name, errNoBundle)
		}
	}
	return a, nil
}

// URL returns the public URL of a logical asset.
func (a *Assets) URL(name string) string {
	return "/static/dist/" + a.manifest[name]
}

// URLs returns the public URLs of a logical asset that names several
// files, space-separated ("font-ko-preload"), or none.
func (a *Assets) URLs(name string) []string {
	var out []string
	for _, f := range strings.Fields(a.manifest[name]) {
		out = append(out, "/static/dist/"+f)
	}
	return out
}

// Serve serves the static file named by the route's path parameter,
// choosing a precompressed variant the client accepts. Hashed files never
// change, so they are cached for a year.
func (a *Assets) Serve(c *gin.Context) error {
	p := strings.TrimPrefix(path.Clean("/"+c.Param("path")), "/")
	if p == "" || strings.HasSuffix(p, ".gz") || strings.HasSuffix(p, ".br") || p == "dist/manifest.json" {
		return NotFound(c)
	}
	body, err := fs.ReadFile(a.fs, p)
	if err != nil {
		return NotFound(c)
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
		if zb, err := fs.ReadFile(a.fs, p+enc.ext); err == nil {
			h.Set("Content-Encoding", enc.token)
			body = zb
			break
		}
	}
	etag := `"` + path.Base(p) + "-" + h.Get("Content-Encoding") + `"`
	h.Set("ETag", etag)
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return nil
	}
	c.Data(http.StatusOK, ctype, body)
	return nil
}
