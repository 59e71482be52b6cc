package httpx

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"
)

// Responder writes the site's responses: bodies (gzipped for clients that
// accept it, and kept by ETag for the next identical request), 304s, and
// errors, as JSON under /api/ and as a page elsewhere.
type Responder struct {
	log *slog.Logger
	// site names the origin a response's absolute links point at: part of
	// every ETag, so a copy made for one host name never answers another.
	site  *Site
	cache *responseCache
	// personal reports whether a response is for one person (a signed-in
	// editor, a bearer token): such a response is never cached nor given
	// an ETag shared with anyone.
	personal func(*gin.Context) bool
	// errorPage renders an error as an HTML page.
	errorPage func(c *gin.Context, status int, body ErrorBody)
}

// NewResponder returns a Responder that logs to log, keys its ETags by
// site's base URL, asks personal whether a response is for one person
// only, and renders the HTML error page with errorPage.
func NewResponder(log *slog.Logger, site *Site, personal func(*gin.Context) bool, errorPage func(c *gin.Context, status int, body ErrorBody)) *Responder {
	return &Responder{log: log, site: site, cache: newResponseCache(), personal: personal, errorPage: errorPage}
}

// responseCache keeps finished response bodies, plain and gzipped, by the
// ETag the handler set. An ETag names the data version and the request, so
// an entry never goes stale: a write changes the version and with it every
// ETag. A page that has not changed since it was last rendered costs one
// version query and a copy.
type responseCache struct {
	mu      sync.Mutex
	entries map[string]*cachedResponse
	bytes   int
}

type cachedResponse struct {
	status int
	ctype  string
	// link is the response's Link header (PageLinks), which the handler
	// sets only after reading the data it answers from the cache with.
	link  string
	plain []byte
	gz    []byte
}

// Bounds of the cache: when either is passed it starts over, which is
// simpler than an LRU and costs only re-rendering.
const (
	maxCachedResponses = 1024
	maxCachedBytes     = 64 << 20
	minGzipSize        = 1024 // smaller bodies gain nothing from compression
)

func newResponseCache() *responseCache {
	return &responseCache{entries: map[string]*cachedResponse{}}
}

func (rc *responseCache) get(etag string) *cachedResponse {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.entries[etag]
}

func (rc *responseCache) put(etag string, r *cachedResponse) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	size := len(r.plain) + len(r.gz)
	if size > maxCachedBytes/8 {
		return // too big to keep: rendering it again is cheaper than evicting everything
	}
	if len(rc.entries) >= maxCachedResponses || rc.bytes+size > maxCachedBytes {
		rc.entries, rc.bytes = map[string]*cachedResponse{}, 0
	}
	rc.entries[etag] = r
	rc.bytes += size
}

// Respond writes a finished body, gzipped when the client accepts it, and
// remembers it under the response's ETag (if the handler set one) so that
// the next identical request is served from memory.
func (r *Responder) Respond(c *gin.Context, status int, ctype string, body []byte) {
	if status == http.StatusServiceUnavailable { // a form kept for another try
		c.Header("Retry-After", RetryAfter)
	}
	cr := &cachedResponse{status: status, ctype: ctype, link: c.Writer.Header().Get("Link"), plain: body, gz: gzipped(body)}
	if etag := c.Writer.Header().Get("ETag"); etag != "" && status == http.StatusOK && !r.personal(c) {
		r.cache.put(etag, cr)
	}
	r.write(c, cr)
}

// gzipWriters are the compressors gzipped reuses: each new one allocated
// about 1.2 MB of tables, for every response of a kilobyte or more, which
// was a fifth of what serve allocated under 8 clients at a million figures
// (6.5 of 35 GB over half an hour), each collected by the garbage
// collector that serve's memory limit already keeps busy (issue 12).
var gzipWriters = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return zw
}}

// gzipped is body compressed, or nil when it is too small to gain.
func gzipped(body []byte) []byte {
	if len(body) < minGzipSize {
		return nil
	}
	var buf bytes.Buffer
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&buf)
	_, _ = zw.Write(body)
	if zw.Close() != nil {
		return nil
	}
	return buf.Bytes()
}

// Remember keeps body, a 200 response the handler streamed itself with
// content type ctype (body is the plain, uncompressed content), under the
// response's ETag as Respond would, plain and gzipped, so that the next
// identical request is served from memory, compressed if the client
// accepts it. Personal responses and bodies larger than MaxRemembered are
// not kept.
func (r *Responder) Remember(c *gin.Context, ctype string, body []byte) {
	if etag := c.Writer.Header().Get("ETag"); etag != "" && len(body) <= MaxRemembered && !r.personal(c) {
		r.cache.put(etag, &cachedResponse{status: http.StatusOK, ctype: ctype, plain: body, gz: gzipped(body)})
	}
}

// AcceptsGzip reports whether the client accepts a gzipped body.
func AcceptsGzip(c *gin.Context) bool {
	return acceptsEncoding(c.GetHeader("Accept-Encoding"), "gzip")
}

// MaxRemembered is the largest body the cache keeps.
const MaxRemembered = maxCachedBytes / 8

// JSON marshals v (HTML-sensitive characters escaped) and responds.
func (r *Responder) JSON(c *gin.Context, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	r.Respond(c, status, "application/json; charset=utf-8", b)
	return nil
}

// serveCached answers from the cache when the response for etag is there.
func (r *Responder) serveCached(c *gin.Context, etag string) bool {
	cr := r.cache.get(etag)
	if cr == nil {
		return false
	}
	r.write(c, cr)
	return true
}

func (r *Responder) write(c *gin.Context, cr *cachedResponse) {
	h := c.Writer.Header()
	h.Add("Vary", "Accept-Encoding")
	if cr.link != "" {
		h.Set("Link", cr.link)
	}
	body := cr.plain
	if cr.gz != nil && AcceptsGzip(c) {
		h.Set("Content-Encoding", "gzip")
		body = cr.gz
	}
	c.Data(cr.status, cr.ctype, body)
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
