package dashboard

// Real-browser tests: the dashboard on a real HTTP server, driven by
// headless Chromium through chromedp (see browser_helpers_test.go for the
// browser, the tabs and the console record). Run them with
//
//	go test ./dashboard/ -run Browser -v
//
// They skip when no Chromium is installed, except under CI=true.

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// viewports the tests look at the site in: a phone (mobile emulation, 2×
// pixels) and a laptop.
var viewports = []struct {
	name string
	tabOptions
}{
	{"phone-375", tabOptions{width: 375, height: 800, mobile: true, scale: 2}},
	{"laptop-1280", tabOptions{width: 1280, height: 800}},
}

// overviewCharts are the charts the overview shows over the seed data, in
// order.
var overviewCharts = []string{"timeline-apprehended", "timeline-forcibly-returned", "timeline-in-custody", "apprehensions", "outcomes", "groups"}

// servedCharts lists the data-chart names in the HTML the server sends.
func servedCharts(t *testing.T, addr string) []string {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Get(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range regexp.MustCompile(`<figure class="chart" data-chart="([^"]*)"`).FindAllStringSubmatch(string(b), -1) {
		names = append(names, m[1])
	}
	return names
}

func chartNamesOf(states []chartState) []string {
	var names []string
	for _, s := range states {
		names = append(names, s.Name)
	}
	return names
}

// TestBrowserOverviewChartsRender loads the overview at 1280×800 and checks
// every chart the server sent is drawn on a canvas with something on it.
func TestBrowserOverviewChartsRender(t *testing.T) {
	base := startSite(t)
	tab := openTab(t, tabOptions{width: 1280, height: 800})
	tab.navigate(base + "/")
	states := tab.waitChartsRendered()
	checkCharts(t, states)
	got, served := chartNamesOf(states), servedCharts(t, base+"/")
	if !slices.Equal(got, served) {
		t.Errorf("charts in the page %v, the server sent %v", got, served)
	}
	if !slices.Equal(got, overviewCharts) {
		t.Errorf("charts %v, want %v", got, overviewCharts)
	}
	for _, s := range states {
		if s.View != "count" {
			t.Errorf("chart %s: data-view=%q, want count", s.Name, s.View)
		}
	}
}

// barURLs maps each category of a bar chart to the figure page its bar
// links to (the range base series has no URL and is skipped).
func barURLs(t *testing.T, o chartOption) (cats, urls []string) {
	t.Helper()
	if len(o.XAxis) == 0 || o.XAxis[0].Type != "category" {
		t.Fatalf("not a vertical category bar chart: %+v", o.XAxis)
	}
	cats = o.XAxis[0].Data
	urls = make([]string, len(cats))
	for _, s := range o.Series {
		for i, d := range s.Data {
			if d != nil && d.URL != "" && i < len(urls) {
				urls[i] = d.URL
			}
		}
	}
	return cats, urls
}

// TestBrowserBarClickOpensFigure clicks the first bar of the apprehensions
// chart, found by its colour on the canvas, and expects that bar's figure
// page; on a laptop and on a phone with 2× pixels.
func TestBrowserBarClickOpensFigure(t *testing.T) {
	base := startSite(t)
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			tab := openTab(t, vp.tabOptions)
			tab.navigate(base + "/")
			tab.waitChartsRendered()
			cats, urls := barURLs(t, tab.chartOptions("apprehensions"))
			bars := tab.findBars("apprehensions")
			if len(bars) != len(cats) {
				t.Fatalf("found %d bars on the canvas (%+v), the options have %d categories %q", len(bars), bars, len(cats), cats)
			}
			want := urls[0]
			if !strings.HasPrefix(want, "/figures/") {
				t.Fatalf("first bar links to %q, want a figure page", want)
			}
			wctx, cancel := context.WithTimeout(tab.ctx, 10*time.Second)
			defer cancel()
			if _, err := chromedp.Run(wctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.MouseClickXY(bars[0].X, bars[0].Y))); err != nil {
				t.Fatalf("clicking the first bar at (%.0f, %.0f) loaded no page: %v (now at %s)", bars[0].X, bars[0].Y, err, eval[string](tab, "location.href"))
			}
			got := eval[string](tab, "location.pathname")
			if got != want {
				t.Errorf("after the click the page is %s, want %s (the first bar, %q)", got, want, cats[0])
			}
			if !slices.Contains(urls, got) {
				t.Errorf("%s is none of the chart's figures %v", got, urls)
			}
			if title := eval[string](tab, "document.title"); strings.Contains(title, "404") || !strings.Contains(title, "Forced Returns Tracker") {
				t.Errorf("figure page title %q", title)
			}
		})
	}
}

// fragmentEncode percent-encodes text for a text fragment directive:
// everything but unreserved characters, and "-" too (it is syntax there).
func fragmentEncode(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(url.QueryEscape(s), "+", "%20"), "-", "%2D")
}

// TestBrowserOpenAtSentenceLink checks the link to the quoted sentence as
// the browser sees it.
func TestBrowserOpenAtSentenceLink(t *testing.T) {
	const key = "hrw-2017-in-custody-2017-09-18"
	var st *store.Store
	base := startSite(t, func(_ *testing.T, s *store.Store) { st = s })
	v, err := st.GetFigure(context.Background(), key, models.AudienceEditors)
	if err != nil {
		t.Fatal(err)
	}
	tab := openTab(t, tabOptions{})
	tab.navigate(base + "/figures/" + key)
	type link struct {
		Href    string   `json:"href"`
		RelList []string `json:"relList"`
		Visible bool     `json:"visible"`
		Quote   string   `json:"quote"`
	}
	l := call[*link](tab, `function () {
	  const a = document.getElementById('open-at-sentence');
	  if (!a) return null;
	  const r = a.getBoundingClientRect();
	  const q = document.querySelector('blockquote.quote p');
	  return { href: a.getAttribute('href'), relList: Array.from(a.relList), visible: r.width > 0 && r.height > 0,
	    quote: q ? q.textContent : '' };
	}`)
	if l == nil {
		t.Fatal("no #open-at-sentence link")
	}
	if !l.Visible {
		t.Error("#open-at-sentence is not visible")
	}
	prefix := v.Source.URL + "#:~:text="
	if !strings.HasPrefix(l.Href, prefix) {
		t.Fatalf("href %q does not start with %q", l.Href, prefix)
	}
	directive := strings.TrimPrefix(l.Href, prefix)
	words := strings.Fields(v.Figure.Quote)
	start := fragmentEncode(strings.Join(words[:min(6, len(words))], " "))
	if len(directive) < len(start) || !strings.EqualFold(directive[:len(start)], start) {
		t.Errorf("text directive %q does not start with the percent-encoded quote start %q", directive, start)
	}
	// The directive is [prefix-,]textStart[,textEnd][,-suffix]; its
	// textStart, decoded, must be where the quote starts.
	parts := strings.Split(directive, ",")
	if len(parts) > 1 && strings.HasSuffix(parts[0], "-") {
		parts = parts[1:]
	}
	textStart, err := url.PathUnescape(parts[0])
	if err != nil {
		t.Errorf("textStart %q: %v", parts[0], err)
	}
	if textStart == "" || !strings.HasPrefix(strings.Join(words, " "), strings.Join(strings.Fields(textStart), " ")) {
		t.Errorf("textStart decodes to %q, not the start of the quote %q", textStart, v.Figure.Quote)
	}
	if strings.Join(strings.Fields(l.Quote), " ") != strings.Join(words, " ") {
		t.Errorf("page quote %q, stored quote %q", l.Quote, v.Figure.Quote)
	}
	for _, rel := range []string{"noopener", "noreferrer"} {
		if !slices.Contains(l.RelList, rel) {
			t.Errorf("rel %v lacks %s", l.RelList, rel)
		}
	}
}

// layoutReport is what layoutJS measures.
type layoutReport struct {
	ScrollWidth float64  `json:"scrollWidth"`
	ClientWidth float64  `json:"clientWidth"`
	InnerWidth  float64  `json:"innerWidth"`
	Offenders   []string `json:"offenders"` // elements sticking out of the viewport
	NavLinks    int      `json:"navLinks"`
	NavHidden   []string `json:"navHidden"` // nav links not visible or covered
	Tables      int      `json:"tables"`
	Unwrapped   []string `json:"unwrapped"` // tables wider than their box outside a scrolling .table-wrap
	Scrolling   int      `json:"scrolling"` // .table-wrap boxes whose table is wider than they are
}

// layoutJS opens every <details> (so the chart tables are laid out too),
// scrolls to the top and measures.
const layoutJS = `function () {
  document.querySelectorAll('details').forEach((d) => { d.open = true; });
  window.scrollTo(0, 0);
  const de = document.documentElement, vw = de.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  const clipsX = (el) => {
    for (let p = el.parentElement; p && p !== document.body && p !== de; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) return p;
    }
    return null;
  };
  const out = { scrollWidth: de.scrollWidth, clientWidth: vw, innerWidth: window.innerWidth,
    offenders: [], navLinks: 0, navHidden: [], tables: 0, unwrapped: [],
    scrolling: Array.from(document.querySelectorAll('.table-wrap')).filter((w) => w.scrollWidth > w.clientWidth).length };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if ((r.right > vw + 0.5 || r.left < -0.5) && !clipsX(el) && out.offenders.length < 10) {
      out.offenders.push(name(el) + ' [' + Math.round(r.left) + ', ' + Math.round(r.right) + ']');
    }
  }
  const nav = document.querySelector('nav[aria-label="Main"]');
  for (const a of nav ? nav.querySelectorAll('a') : []) {
    out.navLinks++;
    const r = a.getBoundingClientRect(), cs = getComputedStyle(a);
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const ok = r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= vw && r.top >= 0 && r.bottom <= window.innerHeight &&
      cs.visibility === 'visible' && cs.display !== 'none' && parseFloat(cs.opacity) > 0 && hit !== null && (hit === a || a.contains(hit));
    if (!ok) out.navHidden.push(a.textContent.trim() + ' at ' + JSON.stringify(r));
  }
  for (const tbl of document.querySelectorAll('main table')) {
    out.tables++;
    const parent = tbl.parentElement;
    if (tbl.getBoundingClientRect().width <= parent.clientWidth + 0.5) continue;
    const wrap = tbl.closest('.table-wrap');
    if (!wrap || !['auto', 'scroll'].includes(getComputedStyle(wrap).overflowX)) {
      out.unwrapped.push(name(tbl) + ' in ' + name(parent) + ': ' + Math.round(tbl.getBoundingClientRect().width) + 'px in ' + parent.clientWidth + 'px');
    }
  }
  return out;
}`

// TestBrowserLayout checks pages on a phone (375 px, mobile emulation, 2×
// pixels) and a laptop (1280 px): no horizontal page scroll, wide tables
// scroll inside their .table-wrap, the nav is visible, charts render.
func TestBrowserLayout(t *testing.T) {
	base := startSite(t)
	pages := []string{"/", "/figures", "/figures/hrw-2017-apprehended-since-2016-06", "/sources/" + seedSource, "/checks"}
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			tab := openTab(t, vp.tabOptions)
			for _, p := range pages {
				tab.navigate(base + p)
				if eval[int](tab, "document.querySelectorAll('figure.chart').length") > 0 {
					checkCharts(t, tab.waitChartsRendered())
				}
				r := call[layoutReport](tab, layoutJS)
				if r.InnerWidth != float64(vp.width) {
					t.Errorf("%s: innerWidth %v, want %d (did the page zoom out?)", p, r.InnerWidth, vp.width)
				}
				if r.ScrollWidth > r.ClientWidth || r.ScrollWidth > r.InnerWidth {
					t.Errorf("%s scrolls sideways: scrollWidth %v > width %v; sticking out: %v", p, r.ScrollWidth, r.ClientWidth, r.Offenders)
				} else if len(r.Offenders) > 0 {
					t.Errorf("%s: elements stick out of the viewport: %v", p, r.Offenders)
				}
				if r.NavLinks != 6 || len(r.NavHidden) > 0 {
					t.Errorf("%s: nav has %d links, not visible: %v", p, r.NavLinks, r.NavHidden)
				}
				if len(r.Unwrapped) > 0 {
					t.Errorf("%s: wide tables outside a scrolling .table-wrap: %v", p, r.Unwrapped)
				}
				if p == "/figures" && vp.width < 600 && r.Scrolling == 0 {
					// The figure table cannot fit a phone: it must be the one scrolling.
					t.Errorf("%s: no .table-wrap scrolls at %d px (%d tables)", p, vp.width, r.Tables)
				}
				tab.assertClean()
			}
		})
	}
}

// TestBrowserWithoutJavaScript loads the overview with script execution
// disabled: the numbers must be in the chart tables.
func TestBrowserWithoutJavaScript(t *testing.T) {
	base := startSite(t)
	tab := openTab(t, tabOptions{noJS: true})
	tab.navigate(base + "/")
	type figureInfo struct {
		Name      string `json:"name"`
		Rendered  bool   `json:"rendered"`
		Canvases  int    `json:"canvases"`
		Rows      int    `json:"rows"`
		Table     string `json:"table"`
		ViewsShow bool   `json:"viewsShown"`
		Links     int    `json:"links"`
	}
	type report struct {
		JS      bool         `json:"js"`
		Figures []figureInfo `json:"figures"`
	}
	r := call[report](tab, `function () {
	  return { js: document.documentElement.classList.contains('js'),
	    figures: Array.from(document.querySelectorAll('figure.chart')).map((f) => {
	      const views = f.querySelector('.chart-views');
	      return { name: f.getAttribute('data-chart'), rendered: f.hasAttribute('data-rendered'),
	        canvases: f.querySelectorAll('canvas').length,
	        rows: f.querySelectorAll('table.chart-table tbody tr').length,
	        table: (f.querySelector('table.chart-table') || {}).textContent || '',
	        viewsShown: !!views && getComputedStyle(views).display !== 'none',
	        links: f.querySelectorAll('table.chart-table a[href^="/figures/"]').length };
	    }) };
	}`)
	if r.JS {
		t.Fatal("app.js ran: script execution was not disabled")
	}
	var names []string
	for _, f := range r.Figures {
		names = append(names, f.Name)
		if f.Rendered || f.Canvases > 0 {
			t.Errorf("chart %s rendered without JavaScript", f.Name)
		}
		if f.Rows == 0 || f.Links == 0 {
			t.Errorf("chart %s: table has %d rows, %d figure links", f.Name, f.Rows, f.Links)
		}
		if f.ViewsShow {
			t.Errorf("chart %s shows its view toggle, which needs JavaScript", f.Name)
		}
	}
	if !slices.Equal(names, overviewCharts) {
		t.Errorf("charts %v, want %v", names, overviewCharts)
	}
	for _, f := range r.Figures {
		if f.Name != "apprehensions" {
			continue
		}
		for _, want := range []string{"41 documented", "51 documented", "Jul 2017 – Aug 2017", "Jul 2016 – Jun 2017"} {
			if !strings.Contains(f.Table, want) {
				t.Errorf("apprehensions table lacks %q: %q", want, f.Table)
			}
		}
	}
	// The table is in a <details>: a reader without JavaScript opens it.
	if err := chromedp.Do(tab.ctx, chromedp.Click(chromedp.CSS(`figure[data-chart="apprehensions"] details.chart-data > summary`))); err != nil {
		t.Fatal(err)
	}
	if text := eval[string](tab, `document.querySelector('figure[data-chart="apprehensions"] table.chart-table').innerText`); !strings.Contains(text, "41 documented") {
		t.Errorf("opened table shows %q, want 41 documented", text)
	}
}

// hostileText is the text of hostileBatch that must come out as text.
const hostileText = `</script><script>alert(1)</script><img src=x onerror=alert(2)> __f__function(){alert(3)}__f__ <b>bold`

func applyHostile(t *testing.T, st *store.Store) {
	t.Helper()
	if _, err := st.ApplyBatch(context.Background(), hostileBatch(), models.Change{Editor: "test", Reason: "hostile"}, false); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserHostileTextStaysText stores text built to break out of every
// context, loads the pages that show it with alert() trapped, and checks
// nothing ran, no element was injected, and the text shows as text, in
// the page and in a chart's tooltip.
func TestBrowserHostileTextStaysText(t *testing.T) {
	base := startSite(t, applyHostile)
	tab := openTab(t, tabOptions{})
	type pageReport struct {
		Trapped  bool     `json:"trapped"`
		Alerted  bool     `json:"alerted"`
		Dialogs  []string `json:"dialogs"`
		Injected []string `json:"injected"`
		Text     string   `json:"text"`
	}
	const inspect = `function () {
	  return { trapped: Array.isArray(window.__dialogs) && window.alert.toString().includes('__alerted'),
	    alerted: window.__alerted === true, dialogs: window.__dialogs || [],
	    injected: Array.from(document.querySelectorAll('img, b, iframe, object, embed, body script:not([type="application/json"])'))
	      .map((e) => e.outerHTML.slice(0, 120)),
	    text: document.body.innerText };
	}`
	for _, p := range []string{"/", "/figures/evil-figure", "/sources/evil-source", "/figures", "/embed/charts/apprehensions"} {
		tab.navigate(base + p)
		if eval[int](tab, "document.querySelectorAll('figure.chart').length") > 0 {
			checkCharts(t, tab.waitChartsRendered())
			// A saved SVG holds the stored text as text, never as markup.
			for _, svg := range eval[[]string](tab, `Array.from(document.querySelectorAll('.chart-canvas')).map((c) => c.frImage('svg'))`) {
				low := strings.ToLower(svg)
				for _, markup := range []string{"<script", "<img", "<b>"} {
					if i := strings.Index(low, markup); i >= 0 {
						t.Errorf("%s: a saved SVG carries markup from the stored text: …%s…", p, svg[max(0, i-200):min(len(svg), i+100)])
					}
				}
				if !strings.Contains(svg, "&lt;") && strings.Contains(svg, "alert(") {
					t.Errorf("%s: a saved SVG has the stored text unescaped", p)
				}
			}
		}
		r := call[pageReport](tab, inspect)
		if !r.Trapped {
			t.Fatalf("%s: the alert trap is not installed, so the page could not be checked", p)
		}
		if r.Alerted || len(r.Dialogs) > 0 {
			t.Errorf("%s: a dialog ran: %v", p, r.Dialogs)
		}
		if len(r.Injected) > 0 {
			t.Errorf("%s: injected elements: %v", p, r.Injected)
		}
		if !strings.Contains(r.Text, "</script><script>alert(1)</script>") || !strings.Contains(r.Text, "<img src=x onerror=alert(2)>") {
			t.Errorf("%s: the hostile text is not shown as text; visible text:\n%.1500s", p, r.Text)
		}
		tab.assertClean()
	}
	// Tooltip: hover the bar of the hostile flow in the apprehensions chart.
	tab.navigate(base + "/")
	tab.waitChartsRendered()
	cats, urls := barURLs(t, tab.chartOptions("apprehensions"))
	i := slices.Index(urls, "/figures/evil-flow")
	if i < 0 {
		t.Fatalf("no bar links to the hostile flow: %v", urls)
	}
	bars := tab.findBars("apprehensions")
	if len(bars) != len(cats) {
		t.Fatalf("found %d bars on the canvas, the options have %d categories %q", len(bars), len(cats), cats)
	}
	b := bars[i]
	if err := chromedp.Do(tab.ctx,
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, b.X-3, b.Y-3),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, b.X, b.Y),
	); err != nil {
		t.Fatal(err)
	}
	const tip = `document.querySelector('figure.chart[data-chart="apprehensions"] .chart-tooltip')`
	if !tab.poll(tip+` && `+tip+`.textContent.includes('Quote </script>')`, 5*time.Second) {
		t.Fatalf("no tooltip with the hostile quote after hovering bar %d at (%.0f, %.0f); tooltip: %q", i, b.X, b.Y,
			eval[string](tab, `(`+tip+` || {}).textContent || ''`))
	}
	type tipReport struct {
		Text     string   `json:"text"`
		Elements []string `json:"elements"`
		Images   int      `json:"images"`
		Visible  bool     `json:"visible"`
	}
	r := call[tipReport](tab, `function () {
	  const t = `+tip+`;
	  const box = t.closest('.chart-canvas > div:not(:first-child)') || t.parentElement;
	  const r = box.getBoundingClientRect();
	  return { text: t.textContent,
	    elements: Array.from(new Set(Array.from(t.querySelectorAll('*')).map((e) => e.tagName.toLowerCase() + '.' + e.className))),
	    images: document.querySelectorAll('.chart-canvas img').length,
	    visible: r.width > 0 && r.height > 0 && getComputedStyle(box).display !== 'none' };
	}`)
	if !strings.Contains(r.Text, "Quote "+hostileText) {
		t.Errorf("tooltip text %q lacks the quote %q", r.Text, "Quote "+hostileText)
	}
	for _, e := range r.Elements {
		if !strings.HasPrefix(e, "div.chart-tooltip") && !strings.HasPrefix(e, "span.chart-tooltip") {
			t.Errorf("tooltip contains a %s element: %v", e, r.Elements)
		}
	}
	if r.Images > 0 {
		t.Errorf("%d <img> in a .chart-canvas", r.Images)
	}
	if !r.Visible {
		t.Error("the tooltip is not visible")
	}
	if alerted := eval[bool](tab, "window.__alerted === true"); alerted {
		t.Error("a dialog ran after hovering")
	}
	if got := tab.requested(func(u string) bool { return strings.HasSuffix(u, "/x") }); len(got) > 0 {
		t.Errorf("the browser fetched an injected image: %v", got)
	}
}

// TestBrowserEmbed loads an embed at the size of the iframe its snippet
// suggests (640×520): the chart renders and the source line shows.
func TestBrowserEmbed(t *testing.T) {
	base := startSite(t)
	tab := openTab(t, tabOptions{width: 640, height: 520})
	tab.navigate(base + "/embed/charts/outcomes")
	states := tab.waitChartsRendered()
	checkCharts(t, states)
	if names := chartNamesOf(states); !slices.Equal(names, []string{"outcomes"}) {
		t.Errorf("charts %v, want [outcomes]", names)
	}
	type report struct {
		Nav     int    `json:"nav"`
		Text    string `json:"text"`
		Visible bool   `json:"visible"`
	}
	r := call[report](tab, `function () {
	  const s = document.querySelector('figure.chart .chart-source');
	  if (!s) return { nav: 0, text: '', visible: false };
	  const r = s.getBoundingClientRect(), cs = getComputedStyle(s);
	  return { nav: document.querySelectorAll('nav').length, text: s.innerText,
	    visible: r.width > 0 && r.height > 0 && cs.display !== 'none' && cs.visibility === 'visible' };
	}`)
	if r.Nav != 0 {
		t.Errorf("the embed has %d <nav>", r.Nav)
	}
	if !r.Visible || !strings.HasPrefix(r.Text, "Source") || !strings.Contains(r.Text, "Human Rights Watch") {
		t.Errorf("source line visible=%v text=%q", r.Visible, r.Text)
	}
}

// TestBrowserPerMonthToggle switches the apprehensions chart to its
// per-month view: the button is pressed and the chart redraws with the
// rates, where the shorter, later period is the taller bar.
func TestBrowserPerMonthToggle(t *testing.T) {
	base := startSite(t)
	tab := openTab(t, tabOptions{})
	tab.navigate(base + "/")
	tab.waitChartsRendered()
	const fig = `document.querySelector('figure.chart[data-chart="apprehensions"]')`
	const pressed = `function (view) { const b = ` + fig + `.querySelector('[data-chart-view="' + view + '"]'); return b ? b.getAttribute('aria-pressed') : null; }`
	if got := call[*string](tab, pressed, "count"); got == nil || *got != "true" {
		t.Fatalf("counts button aria-pressed = %v before the toggle", got)
	}
	if !eval[bool](tab, `getComputedStyle(`+fig+`.querySelector('.chart-views')).display !== 'none'`) {
		t.Fatal("the view toggle is hidden with JavaScript on")
	}
	before := tab.stableBars("apprehensions")
	if len(before) != 2 || before[0].Top > before[1].Top {
		t.Fatalf("counts view: want 2 bars, the first (51) taller than the second (41): %+v", before)
	}
	eval[chromedp.Void](tab, `window.__before = `+fig+`.querySelector('canvas').toDataURL(), undefined`)
	if err := chromedp.Do(tab.ctx, chromedp.Click(chromedp.CSS(`figure.chart[data-chart="apprehensions"] [data-chart-view="rate"]`))); err != nil {
		t.Fatal(err)
	}
	if !tab.poll(fig+`.getAttribute('data-view') === 'rate'`, 5*time.Second) {
		t.Fatalf("data-view is %q after clicking Per month", eval[string](tab, fig+`.getAttribute('data-view')`))
	}
	for view, want := range map[string]string{"rate": "true", "count": "false"} {
		if got := call[*string](tab, pressed, view); got == nil || *got != want {
			t.Errorf("%s button aria-pressed = %v, want %s", view, got, want)
		}
	}
	if !tab.poll(fig+`.querySelector('canvas').toDataURL() !== window.__before`, 5*time.Second) {
		t.Fatal("the canvas did not change after switching to per month")
	}
	after := tab.stableBars("apprehensions")
	// 51 over 12 months is 4.25 a month, 41 over 2 months 20.5.
	if len(after) != 2 || after[1].Top >= after[0].Top {
		t.Errorf("per-month view: want 2 bars, the second (20.5/month) taller than the first (4.25/month): %+v", after)
	}
	checkCharts(t, tab.chartStates())

	// The view is in the address and in the share link, which "Copy link"
	// (pressed from the keyboard) copies whole; opened, it shows the chart
	// per month again.
	if got := eval[string](tab, `location.search`); !strings.Contains(got, "view=rate") {
		t.Errorf("the address keeps no view after the toggle: %q", got)
	}
	eval[chromedp.Void](tab, `navigator.clipboard.writeText = (s) => { window.__copied = s; return Promise.resolve(); }, undefined`)
	if err := chromedp.Do(tab.ctx, chromedp.Focus(chromedp.CSS(`#link-apprehensions + button[data-copy]`)), chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	if !tab.poll(`typeof window.__copied === 'string'`, 5*time.Second) {
		t.Fatal("Copy link copied nothing")
	}
	link := eval[string](tab, `window.__copied`)
	u, err := url.Parse(link)
	if err != nil || u.Host == "" || u.Query().Get("view") != "rate" || u.Fragment != "chart-apprehensions" {
		t.Fatalf("Copy link copied %q, want an absolute link with view=rate to #chart-apprehensions", link)
	}
	for _, a := range eval[[]string](tab, `Array.from(document.querySelectorAll('.chart-steps a')).map((a) => a.href)`) {
		if !strings.Contains(a, "view=rate") {
			t.Errorf("the step link %s drops the view", a)
		}
	}
	tab.navigate(link)
	tab.waitChartsRendered()
	if got := eval[string](tab, fig+`.getAttribute('data-view')`); got != "rate" {
		t.Errorf("the shared link opens the chart in view %q, want rate", got)
	}
	if got := call[*string](tab, pressed, "rate"); got == nil || *got != "true" {
		t.Errorf("after opening the shared link, Per month aria-pressed = %v", got)
	}

	// The page as served, which is what a step link clicked before its
	// chart is drawn (or without JavaScript) follows, keeps the view in its
	// step links and embed snippets already.
	type links struct {
		Steps  []string `json:"steps"`
		Embeds []string `json:"embeds"`
	}
	served, err := chromedp.Run(tab.ctx, chromedp.Evaluate[links](`fetch(location.href).then((r) => r.text()).then((text) => {
	  const doc = new DOMParser().parseFromString(text, 'text/html');
	  return { steps: Array.from(doc.querySelectorAll('.chart-steps a')).map((a) => a.getAttribute('href')),
	    embeds: Array.from(doc.querySelectorAll('input.embed-snippet')).map((i) => i.value) };
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if len(served.Steps) == 0 || len(served.Embeds) == 0 {
		t.Fatalf("the served page has %d step links and %d embed snippets", len(served.Steps), len(served.Embeds))
	}
	for _, a := range served.Steps {
		if u, err := url.Parse(a); err != nil || u.Query().Get("view") != "rate" {
			t.Errorf("the served step link %s drops the view", a)
		}
	}
	// The embed snippet, there and after the reader switches views in the
	// page, frames the chart per month.
	embedSrc := func(snippet string) *url.URL {
		t.Helper()
		m := regexp.MustCompile(`<iframe src="([^"]*)"`).FindStringSubmatch(snippet)
		if m == nil {
			t.Fatalf("embed snippet %q has no iframe src", snippet)
		}
		u, err := url.Parse(html.UnescapeString(m[1]))
		if err != nil || u.Host == "" {
			t.Fatalf("embed snippet %q: src is not an absolute URL", snippet)
		}
		return u
	}
	for _, e := range served.Embeds {
		if embedSrc(e).Query().Get("view") != "rate" {
			t.Errorf("the served embed snippet %s drops the view", e)
		}
	}
	const snippet = `document.getElementById('embed-apprehensions').value`
	if err := chromedp.Do(tab.ctx, chromedp.Click(chromedp.CSS(`figure.chart[data-chart="apprehensions"] [data-chart-view="count"]`))); err != nil {
		t.Fatal(err)
	}
	if !tab.poll(`!`+snippet+`.includes('view=')`, 5*time.Second) {
		t.Errorf("back to counts, the embed snippet still names a view: %s", eval[string](tab, snippet))
	}
	if err := chromedp.Do(tab.ctx, chromedp.Click(chromedp.CSS(`figure.chart[data-chart="apprehensions"] [data-chart-view="rate"]`))); err != nil {
		t.Fatal(err)
	}
	if !tab.poll(snippet+`.includes('view=rate')`, 5*time.Second) {
		t.Fatalf("per month again, the embed snippet drops the view: %s", eval[string](tab, snippet))
	}
	src := embedSrc(eval[string](tab, snippet))
	if src.Path != "/embed/charts/apprehensions" {
		t.Errorf("embed snippet frames %s", src)
	}
	tab.navigate(src.String())
	tab.waitChartsRendered()
	if got := eval[string](tab, fig+`.getAttribute('data-view')`); got != "rate" {
		t.Errorf("the embed snippet's frame shows the chart in view %q, want rate", got)
	}
}

// stableBars finds a chart's bars once two looks 150 ms apart agree, so a
// redraw's animation has ended.
func (b *browserTab) stableBars(chart string) []bar {
	b.t.Helper()
	prev := b.findBars(chart)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(150 * time.Millisecond)
		cur := b.findBars(chart)
		if slices.Equal(cur, prev) {
			return cur
		}
		prev = cur
	}
	b.t.Fatalf("chart %s kept changing for 5s", chart)
	return nil
}

// TestBrowserNoFaviconError checks the browser's own request for
// /favicon.ico, made on every first visit, ends without an error on the
// console (where it would hide real errors among noise).
func TestBrowserNoFaviconError(t *testing.T) {
	base := startSite(t)
	tab := openTab(t, tabOptions{})
	tab.navigate(base + "/")
	tab.waitChartsRendered()
	deadline := time.Now().Add(2 * time.Second)
	for len(tab.requested(func(u string) bool { return strings.HasSuffix(u, "/favicon.ico") })) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // let the response's log entry arrive
	tab.mu.Lock()
	errs := tab.favicon
	tab.mu.Unlock()
	for _, e := range errs {
		t.Errorf("favicon: %s", e)
	}
}

// TestBrowserCheckStatusesStyled shows a check of every status on /checks
// and expects each styled as the stylesheet says (a 4 px coloured left
// border on a tinted background), so colour and words agree. A second
// source giving the seed's July–August 2017 flow by day, not by month,
// makes a "cannot tell" check.
func TestBrowserCheckStatusesStyled(t *testing.T) {
	base := startSite(t, func(t *testing.T, st *store.Store) {
		src := storetest.Source("second-source")
		f := storetest.Figure("by-day-2017-07-to-08", "apprehended", "second-source")
		f.Period.Precision = models.PrecisionDay
		b := models.Batch{Sources: []models.Source{src}, Figures: []models.Figure{f}}
		if _, err := st.ApplyBatch(context.Background(), b, models.Change{Editor: "test", Reason: "precision"}, false); err != nil {
			t.Fatal(err)
		}
	})
	tab := openTab(t, tabOptions{})
	tab.navigate(base + "/checks")
	type item struct {
		Class      string `json:"class"`
		Border     string `json:"border"`
		Background string `json:"background"`
	}
	items := call[[]item](tab, `function () {
	  return Array.from(document.querySelectorAll('li.check')).map((li) => {
	    const cs = getComputedStyle(li);
	    return { class: li.className, border: cs.borderLeftWidth + ' ' + cs.borderLeftStyle, background: cs.backgroundColor };
	  });
	}`)
	seen := map[string]bool{}
	for _, it := range items {
		seen[it.Class] = true
		if it.Border != "4px solid" || it.Background == "rgba(0, 0, 0, 0)" {
			t.Errorf("%q is unstyled: border-left %s, background %s", it.Class, it.Border, it.Background)
		}
	}
	if !seen["check check-cannot_tell"] || !seen["check check-ok"] {
		t.Errorf("want ok and cannot_tell checks, got %v", items)
	}
}
