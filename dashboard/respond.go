package dashboard

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"
)

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
	plain  []byte
	gz     []byte
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

// respond writes a finished body, gzipped when the client accepts it, and
// remembers it under the response's ETag (if the handler set one) so that
// the next identical request is served from memory.
func (s *Server) respond(c *gin.Context, status int, ctype string, body []byte) {
	if status == http.StatusServiceUnavailable { // a form kept for another try
		c.Header("Retry-After", retryAfter)
	}
	r := &cachedResponse{status: status, ctype: ctype, plain: body}
	if len(body) >= minGzipSize {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		_, _ = zw.Write(body)
		if zw.Close() == nil {
			r.gz = buf.Bytes()
		}
	}
	if etag := c.Writer.Header().Get("ETag"); etag != "" && status == http.StatusOK && !s.personal(c) {
		s.responses.put(etag, r)
	}
	s.write(c, r)
}

// respondJSON marshals v (HTML-sensitive characters escaped) and responds.
func (s *Server) respondJSON(c *gin.Context, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	s.respond(c, status, "application/json; charset=utf-8", b)
	return nil
}

// serveCached answers from the cache when the response for etag is there.
func (s *Server) serveCached(c *gin.Context, etag string) bool {
	r := s.responses.get(etag)
	if r == nil {
		return false
	}
	s.write(c, r)
	return true
}

func (s *Server) write(c *gin.Context, r *cachedResponse) {
	h := c.Writer.Header()
	h.Add("Vary", "Accept-Encoding")
	body := r.plain
	if r.gz != nil && acceptsEncoding(c.GetHeader("Accept-Encoding"), "gzip") {
		h.Set("Content-Encoding", "gzip")
		body = r.gz
	}
	c.Data(r.status, r.ctype, body)
}
