package dashboard

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
)

// load sends requests to url from conc clients for d and returns the
// requests per second and the number of failed requests. It is a bounded
// loop on loopback only.
func load(url string, conc int, d time.Duration, accept string) (float64, int64) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conc, DisableCompression: true}, Timeout: 10 * time.Second}
	defer client.CloseIdleConnections()
	var ok, failed atomic.Int64
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < conc; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				req, _ := http.NewRequest(http.MethodGet, url, nil)
				req.Header.Set("Accept-Encoding", accept)
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						failed.Add(1)
					}
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					failed.Add(1)
					continue
				}
				ok.Add(1)
			}
		}()
	}
	wg.Wait()
	return float64(ok.Load()) / time.Since(start).Seconds(), failed.Load()
}

// BenchmarkServeOverviewVsTrivial measures the overview page under load on
// 127.0.0.1, side by side with a trivial Gin handler in the same run, and
// reports the ratio (target ≥ 0.25) and the errors (target 0).
func BenchmarkServeOverviewVsTrivial(b *testing.B) { benchVsTrivial(b, "/", "overview", 0.25) }

// benchVsTrivial loads path of the seeded server on 127.0.0.1 with 16
// clients, side by side with a trivial Gin handler in the same run, and
// reports the rates, their ratio against target and the errors.
func benchVsTrivial(b *testing.B, path, name string, target float64) {
	s, _ := newTestServer(b)
	site := httptest.NewServer(s)
	defer site.Close()
	gin.SetMode(gin.ReleaseMode)
	trivial := gin.New()
	trivial.GET("/", func(c *gin.Context) { c.String(http.StatusOK, "ok") })
	ref := httptest.NewServer(trivial)
	defer ref.Close()
	d := 3 * time.Second
	for i := 0; i < b.N; i++ {
		refRate, refErr := load(ref.URL+"/", 16, d, "gzip")
		rate, errs := load(site.URL+path, 16, d, "gzip, br")
		b.ReportMetric(refRate, "trivial-req/s")
		b.ReportMetric(rate, name+"-req/s")
		b.ReportMetric(rate/refRate, "ratio")
		b.ReportMetric(float64(errs+refErr), "errors")
		fmt.Printf("%s %.0f req/s, trivial Gin %.0f req/s, ratio %.2f (target >= %.2f), errors %d\n", path, rate, refRate, rate/refRate, target, errs+refErr)
	}
}

// BenchmarkServePageWeight reports what a first and a repeat visit to /
// transfer, compressed, with the breakdown by resource.
func BenchmarkServePageWeight(b *testing.B) {
	s, _ := newTestServer(b)
	site := httptest.NewServer(s)
	defer site.Close()
	fetch := func(path string, header ...string) (int, int, http.Header) {
		req, _ := http.NewRequest(http.MethodGet, site.URL+path, nil)
		req.Header.Set("Accept-Encoding", "gzip, br")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
		if err != nil {
			b.Fatal(err)
		}
		defer resp.Body.Close()
		n, _ := io.Copy(io.Discard, resp.Body)
		headerBytes := 0
		for k, vs := range resp.Header {
			for _, v := range vs {
				headerBytes += len(k) + len(v) + 4
			}
		}
		return int(n), resp.StatusCode, resp.Header
	}
	for i := 0; i < b.N; i++ {
		html, _, h := fetch("/")
		js, _, jsh := fetch(s.assets.URL("app.js"))
		css, _, cssh := fetch(s.assets.URL("app.css"))
		// The chart bundle comes when a chart nears the viewport.
		charts, _, chh := fetch(s.assets.URL("charts.js"))
		first := html + js + css
		// A repeat visit revalidates the page; the hashed assets are
		// immutable, so a browser does not ask for them again.
		again, status, _ := fetch("/", "If-None-Match", h.Get("ETag"))
		fmt.Printf("first visit: %.1f KB (html %.1f KB %s, js %.1f KB %s, css %.1f KB %s), %.1f KB with the charts' code (%s); repeat visit: %d bytes (status %d)\n",
			float64(first)/1024, float64(html)/1024, h.Get("Content-Encoding"), float64(js)/1024, jsh.Get("Content-Encoding"),
			float64(css)/1024, cssh.Get("Content-Encoding"), float64(first+charts)/1024, chh.Get("Content-Encoding"), again, status)
		b.ReportMetric(float64(first)/1024, "first-KB")
		b.ReportMetric(float64(first+charts)/1024, "charts-KB")
		b.ReportMetric(float64(again), "repeat-B")
	}
}

// BenchmarkServeDownloadVsTrivial measures /figures.csv on the seed under
// load, side by side with a trivial Gin handler in the same run (target
// ratio ≥ 0.15, errors 0). The requests carry no If-None-Match: after the
// first, each is answered from the copy kept under the ETag.
func BenchmarkServeDownloadVsTrivial(b *testing.B) {
	benchVsTrivial(b, "/figures.csv", "download", 0.15)
}
