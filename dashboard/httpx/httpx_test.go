package httpx

import (
	"bytes"
	"compress/gzip"
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

func TestStatus(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{models.Errorf(models.EInvalid, "x"), http.StatusBadRequest},
		{models.Errorf(models.ENotFound, "x"), http.StatusNotFound},
		{models.Errorf(models.EConflict, "x"), http.StatusConflict},
		{models.Errorf(models.EUnauthorized, "x"), http.StatusUnauthorized},
		{models.Errorf(models.EForbidden, "x"), http.StatusForbidden},
		{models.Errorf(models.EUnavailable, "x"), http.StatusServiceUnavailable},
		{StatusError(http.StatusUnsupportedMediaType, "x"), http.StatusUnsupportedMediaType},
		{errors.New("a bug"), http.StatusInternalServerError},
	}
	for _, tt := range tests {
		if got := Status(tt.err); got != tt.want {
			t.Errorf("Status(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

func TestAcceptsEncoding(t *testing.T) {
	tests := []struct {
		header string
		want   bool
	}{
		{"gzip", true},
		{"br, gzip;q=0.5", true},
		{"GZIP", true},
		{"gzip;q=0", false},
		{"gzip; q=0.000", false},
		{"deflate, br", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := acceptsEncoding(tt.header, "gzip"); got != tt.want {
			t.Errorf("acceptsEncoding(%q, gzip) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestSiteIsHTTPS(t *testing.T) {
	tests := []struct {
		name      string
		publicURL string
		remote    string
		proto     string
		tls       bool
		want      bool
	}{
		{"plain http", "", "192.0.2.1:1234", "", false, false},
		{"public URL is https", "https://tracker.example", "192.0.2.1:1234", "", false, true},
		{"TLS connection", "", "192.0.2.1:1234", "", true, true},
		{"trusted proxy says https", "", "10.0.0.5:1234", "https", false, true},
		{"untrusted client says https", "", "192.0.2.1:1234", "https", false, false},
		{"trusted proxy says http", "", "10.0.0.5:1234", "http", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site, err := NewSite(tt.publicURL, []string{"10.0.0.0/8"})
			if err != nil {
				t.Fatal(err)
			}
			c, _ := gin.CreateTestContext(httptest.NewRecorder())
			c.Request = httptest.NewRequest(http.MethodGet, "/", nil)
			c.Request.RemoteAddr = tt.remote
			if tt.proto != "" {
				c.Request.Header.Set("X-Forwarded-Proto", tt.proto)
			}
			if tt.tls {
				c.Request.TLS = &tls.ConnectionState{}
			}
			if got := site.IsHTTPS(c); got != tt.want {
				t.Errorf("IsHTTPS = %v, want %v", got, tt.want)
			}
		})
	}
	if _, err := NewSite("", []string{"not an address"}); err == nil {
		t.Error("NewSite accepted a bad trusted proxy")
	}
}

// gzipped reuses its compressors (gzipWriters): a new one's tables were
// about a megabyte a response. The bodies are the same as a new
// compressor's, and decompress to what was given.
func TestGzippedReusesCompressors(t *testing.T) {
	body := bytes.Repeat([]byte("forced returns, 2017-09-18, 1,234 people; "), 200)
	var fresh bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&fresh, gzip.BestSpeed)
	_, _ = zw.Write(body)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		got := gzipped(body)
		if !bytes.Equal(got, fresh.Bytes()) {
			t.Fatalf("call %d: gzipped differs from a new compressor's output", i)
		}
		zr, err := gzip.NewReader(bytes.NewReader(got))
		if err != nil {
			t.Fatal(err)
		}
		if plain, err := io.ReadAll(zr); err != nil || !bytes.Equal(plain, body) {
			t.Fatalf("call %d: decompressed %d bytes (%v), want the body's %d", i, len(plain), err, len(body))
		}
	}
	if raceEnabled {
		return
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const n = 50
	for range n {
		gzipped(body)
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / n; per > 64<<10 {
		t.Errorf("gzipped allocated %d bytes a call, want under 64 KiB (its output is %d bytes): a new compressor each time?", per, len(fresh.Bytes()))
	}
}

// TestUntranslatedInvalidSaysItsMessage: a refused request whose message
// has no translation and no field to list it under says that message in
// Korean too (marked as the English original), rather than a lead that
// promises problems listed by field; one with fields keeps that lead.
func TestUntranslatedInvalidSaysItsMessage(t *testing.T) {
	const msg = "an unlikely problem nobody translated"
	got := errorMessage(models.Korean, ErrorBody{Code: models.EInvalid, Message: msg})
	if !strings.Contains(got, msg) || !strings.Contains(got, "영어 원문") || strings.Contains(got, "문제마다") {
		t.Errorf("Korean, no fields: %q, want the message marked as the English original", got)
	}
	withFields := errorMessage(models.Korean, ErrorBody{Code: models.EInvalid, Message: "invalid filter", Fields: []models.FieldError{{Field: "from", Message: "expected a date"}}})
	if withFields != i18n.T(models.Korean, "error.invalid") {
		t.Errorf("Korean, with fields: %q, want the lead of a list by field", withFields)
	}
}
