package dashboard

// Real-browser tests of publishing and reuse from other sites: an embed in
// another site's iframe, and the read API fetched from another origin.

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
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
