package dashboard

// Real-browser tests of publishing and reuse from other sites: an embed in
// another site's iframe, and the read API fetched from another origin.

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// otherOrigin serves html at / on a second server (another port, so
// another origin) and returns its URL.
func otherOrigin(t *testing.T, html string) string {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, html)
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// TestBrowserEmbedMarkOpensTopWindow frames the apprehensions embed on a
// page of another origin and clicks its first bar: the top window goes to
// the bar's figure on the tracker, instead of the frame trying (and
// failing: the tracker's pages refuse to be framed) to show it.
func TestBrowserEmbedMarkOpensTopWindow(t *testing.T) {
	base := startSite(t)
	const w, h = 640, 520
	// Where the bars are: the embed alone at the frame's size.
	probe := openTab(t, tabOptions{width: w, height: h})
	probe.navigate(base + "/embed/charts/apprehensions")
	probe.waitChartsRendered()
	cats, urls := barURLs(t, probe.chartOptions("apprehensions"))
	bars := probe.findBars("apprehensions")
	if len(bars) == 0 || len(bars) != len(cats) {
		t.Fatalf("found %d bars, the options have %d categories", len(bars), len(cats))
	}
	if n := eval[int](probe, `document.querySelectorAll('main h1').length`); n != 1 {
		t.Errorf("the embed has %d first-level headings in a main landmark, want 1", n)
	}
	if tg := eval[string](probe, `document.querySelector('base') ? document.querySelector('base').target : ''`); tg != "_top" {
		t.Errorf("the embed's base target is %q, want _top", tg)
	}

	host := otherOrigin(t, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>
<style>html,body{margin:0;padding:0}iframe{border:0;display:block}</style></head><body>
<iframe id="f" width="`+fmt.Sprint(w)+`" height="`+fmt.Sprint(h)+`" title="chart" src="`+base+`/embed/charts/apprehensions"></iframe>
<script>document.getElementById('f').addEventListener('load', function () { window.__framed = true; });</script>
</body></html>`)
	tab := openTab(t, tabOptions{width: w, height: h})
	tab.navigate(host + "/")
	if !tab.poll("window.__framed === true", renderTimeout) {
		t.Fatal("the embed never loaded in the frame")
	}
	// The frame's chart may still be animating: click the bar's middle
	// until a page loads in the top window.
	loaded := false
	for i := 0; i < 40 && !loaded; i++ {
		ctx, cancel := context.WithTimeout(tab.ctx, 500*time.Millisecond)
		_, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.MouseClickXY(bars[0].X, bars[0].Y)))
		cancel()
		loaded = err == nil
	}
	if !loaded {
		t.Fatalf("clicking the first bar in the frame loaded no page in the top window (now at %s)", eval[string](tab, "location.href"))
	}
	if got := eval[string](tab, "location.href"); got != base+urls[0] {
		t.Errorf("after the click the top window is at %s, want %s (the first bar, %q)", got, base+urls[0], cats[0])
	}
	if title := eval[string](tab, "document.title"); !strings.Contains(title, "Forced Returns Tracker") || strings.Contains(title, "404") {
		t.Errorf("top window title %q", title)
	}
}

// TestBrowserCORSFromAnotherOrigin: a page on another origin reads the API
// (a simple GET), downloads the CSV with a conditional header (which needs
// the preflight) and reads the exposed headers, and is refused a write.
func TestBrowserCORSFromAnotherOrigin(t *testing.T) {
	base := startSite(t)
	host := otherOrigin(t, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Notebook</title></head><body>
<script>
(async () => {
  const base = `+"`"+base+"`"+`;
  const out = {};
  try {
    const r = await fetch(base + '/api/v1/figures?limit=1');
    const j = await r.json();
    out.api = r.status + ' ' + (Array.isArray(j.figures || j.items || j.data) ? 'list' : Object.keys(j).join(','));
  } catch (e) { out.api = 'error ' + e; }
  try {
    const r = await fetch(base + '/figures.csv', { headers: { 'If-None-Match': '"nothing"' } });
    const text = await r.text();
    out.csv = r.status + ' ' + (r.headers.get('Content-Disposition') || '') + ' ' + text.length;
  } catch (e) { out.csv = 'error ' + e; }
  try {
    const r = await fetch(base + '/api/v1/sources', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    out.write = 'answered ' + r.status;
  } catch (e) { out.write = 'refused'; }
  window.__cors = out;
})();
</script></body></html>`)
	tab := openTab(t, tabOptions{})
	// The refused write is reported on the console as a CORS error: that
	// is the point, so the tab's console record is not asserted clean.
	tab.navigate(host + "/")
	if !tab.poll("window.__cors", renderTimeout) {
		t.Fatal("the page on the other origin never finished its requests")
	}
	got := eval[map[string]string](tab, "window.__cors")
	if !strings.HasPrefix(got["api"], "200 ") {
		t.Errorf("GET /api/v1/figures from another origin: %s", got["api"])
	}
	if !strings.HasPrefix(got["csv"], "200 attachment;") || strings.HasSuffix(got["csv"], " 0") {
		t.Errorf("GET /figures.csv (preflighted) from another origin: %s", got["csv"])
	}
	if got["write"] != "refused" {
		t.Errorf("POST /api/v1/sources from another origin: %s, want refused by the browser", got["write"])
	}
	tab.mu.Lock()
	tab.problems = slices.DeleteFunc(tab.problems, func(p string) bool {
		return strings.Contains(p, "CORS") || strings.Contains(p, "Failed to load resource")
	})
	tab.mu.Unlock()
}
