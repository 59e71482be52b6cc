package dashboard

// Real-browser tests of the charts over time and of the chart defects of
// issue 11 §2: what ECharts draws, measured through its own instance
// (canvas.frChart, set by app.js) and its zrender display list.

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// drawnText is one text drawn on a chart's canvas, its box in CSS pixels
// of the canvas.
type drawnText struct {
	Text       string  `json:"text"`
	X, Y, W, H float64 // box
	Group      int     // lines of one text share it
}

type drawnTexts struct {
	Width, Height float64
	Texts         []drawnText
}

// drawnTextsJS lists the texts zrender draws for a chart (titles, legend,
// axis names and labels, mark labels), skipping hidden ones, with their
// boxes after every transform.
const drawnTextsJS = `function (name) {
  const fig = document.querySelector('figure[data-chart="' + name + '"]');
  const canvas = fig && fig.querySelector('.chart-canvas');
  const c = canvas && canvas.frChart;
  if (!c) return null;
  const out = [];
  const parents = new Map();
  for (const span of c.getZr().storage.getDisplayList(true)) {
    if (span.type !== 'tspan') continue;
    let hidden = !!(span.invisible || span.ignore);
    for (let p = span.parent; p; p = p.parent) if (p.ignore || p.invisible) hidden = true;
    const st = span.style || {};
    const text = String(st.text == null ? '' : st.text);
    if (hidden || text.trim() === '' || st.opacity === 0) continue;
    // One box per drawn line: its width as zrender measured it, its height
    // the font size (zrender's own line box is not reliable headless),
    // centred where zrender placed the line.
    const r = span.getBoundingRect().clone();
    const m = span.getComputedTransform();
    if (m) r.applyTransform(m);
    const size = parseFloat((/([0-9.]+)px/.exec(st.font || '') || [0, 12])[1]);
    const cy = r.y + r.height / 2;
    if (!parents.has(span.parent)) parents.set(span.parent, parents.size);
    out.push({ text, X: r.x, Y: cy - size * 0.55, W: r.width, H: size * 1.1, Group: parents.get(span.parent) });
  }
  return { Width: c.getWidth(), Height: c.getHeight(), Texts: out };
}`

func (b *browserTab) drawnTexts(chart string) drawnTexts {
	b.t.Helper()
	d := call[*drawnTexts](b, drawnTextsJS, chart)
	if d == nil {
		b.t.Fatalf("chart %s: no ECharts instance", chart)
	}
	return *d
}

// overlapsOrClips lists texts that overlap another by more than a pixel,
// or reach outside the canvas.
func overlapsOrClips(d drawnTexts) []string {
	var bad []string
	for i, a := range d.Texts {
		if a.X < -0.5 || a.Y < -0.5 || a.X+a.W > d.Width+0.5 || a.Y+a.H > d.Height+0.5 {
			bad = append(bad, fmt.Sprintf("%q clipped at (%.0f,%.0f %.0f×%.0f) in %.0f×%.0f", a.Text, a.X, a.Y, a.W, a.H, d.Width, d.Height))
		}
		for _, b := range d.Texts[i+1:] {
			if a.Group == b.Group {
				continue
			}
			w := min(a.X+a.W, b.X+b.W) - max(a.X, b.X)
			h := min(a.Y+a.H, b.Y+b.H) - max(a.Y, b.Y)
			if w > 1 && h > 1 {
				bad = append(bad, fmt.Sprintf("%q overlaps %q", a.Text, b.Text))
			}
		}
	}
	return bad
}

// TestBrowserChartsTextNeverOverlaps: on the overview and a source page, at
// 375 and 1280 px, no text a chart draws (legend, axis names, labels)
// overlaps another or is clipped.
func TestBrowserChartsTextNeverOverlaps(t *testing.T) {
	base := startSite(t)
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel() // a tab each: one waits on its charts while the other draws
			tab := openTab(t, vp.tabOptions)
			for _, page := range []string{"/", "/?step=year", "/sources/" + seedSourceKey} {
				tab.navigate(base + page)
				states := tab.waitChartsRendered()
				checkCharts(t, states)
				for _, s := range states {
					d := tab.drawnTexts(s.Name)
					if len(d.Texts) == 0 {
						t.Errorf("%s %s: no text drawn", page, s.Name)
					}
					for _, p := range overlapsOrClips(d) {
						t.Errorf("%s %s: %s", page, s.Name, p)
					}
				}
			}
		})
	}
}

const seedSourceKey = "refugees-deeply-2017-09-18-china-dragnet"

// TestBrowserTitleAndSourceOnceSavedImageKeepsThem: the page shows each
// chart's title and source line once (in HTML, not again on the canvas),
// and the images a reader saves through the download buttons, pressed
// from the keyboard, draw both (savedImages), on a phone, on the overview,
// a source page and an embed; a filtered embed's saved images say what it
// keeps to, as its page does.
func TestBrowserTitleAndSourceOnceSavedImageKeepsThem(t *testing.T) {
	base := startSite(t)
	tab := openTab(t, tabOptions{width: 375, height: 800, mobile: true, scale: 2})
	for _, page := range []string{"/", "/sources/" + seedSourceKey, "/embed/charts/outcomes", "/embed/charts/apprehensions?from=2017-07-01"} {
		tab.navigate(base + page)
		states := tab.waitChartsRendered()
		filter := eval[string](tab, `(document.querySelector('.filter-notice') || {textContent: ''}).textContent.trim()`)
		if strings.Contains(page, "from=") != (filter != "") {
			t.Errorf("%s: filter notice %q", page, filter)
		}
		for _, s := range states {
			title := eval[string](tab, `document.querySelector('figure[data-chart="`+s.Name+`"] .chart-title').textContent.trim()`)
			source := eval[string](tab, `document.querySelector('figure[data-chart="`+s.Name+`"] .chart-source').textContent.trim()`)
			if n := eval[int](tab, `document.querySelectorAll('figure[data-chart="`+s.Name+`"] .chart-title, figure[data-chart="`+s.Name+`"] .chart-source').length`); n != 2 {
				t.Errorf("%s %s: %d title and source elements, want 2", page, s.Name, n)
			}
			for _, x := range tab.drawnTexts(s.Name).Texts {
				if x.Text == title || strings.HasPrefix(source, x.Text) && len(x.Text) > 20 {
					t.Errorf("%s %s: the canvas draws %q again on the page", page, s.Name, x.Text)
				}
			}
			tab.checkSavedImages(page, s.Name, title, source, filter)
		}
	}
}

// savedJS makes a download link's click record what it would save instead
// of saving it (a headless browser has nowhere to put the file), with a
// saved SVG's markup.
const savedJS = `function () {
  window.__saved = [];
  HTMLAnchorElement.prototype.click = function () {
    const s = { download: this.download, href: this.href, text: '' };
    if (s.href.startsWith('data:image/svg+xml')) s.text = decodeURIComponent(s.href.slice(s.href.indexOf(',') + 1));
    s.href = s.href.slice(0, 40) + '…' + s.href.length;
    window.__saved.push(s);
  };
}`

// svgTags are the tags of an SVG document, around its text.
var svgTags = regexp.MustCompile(`<style[^>]*>[^<]*</style>|<[^>]*>`)

type savedFile struct {
	Download, Href, Text string
}

// checkSavedImages presses a chart's PNG and SVG buttons from the keyboard
// (focus, Enter) and checks what they save: a PNG of some size, and an SVG
// whose text has the title, the source line, the filters (when not "")
// and the day it was saved.
func (b *browserTab) checkSavedImages(page, chart, title, source, filter string) {
	b.t.Helper()
	call[chromedp.Void](b, savedJS)
	for _, typ := range []string{"png", "svg"} {
		sel := `figure[data-chart="` + chart + `"] button[data-chart-save="` + typ + `"]`
		if err := chromedp.Do(b.ctx, chromedp.Focus(chromedp.CSS(sel)), chromedp.KeyEvent("\r")); err != nil {
			b.t.Fatalf("%s %s: pressing the %s button: %v", page, chart, typ, err)
		}
	}
	saved := eval[[]savedFile](b, `window.__saved`)
	if len(saved) != 2 {
		b.t.Fatalf("%s %s: %d files saved by the two buttons: %+v", page, chart, len(saved), saved)
	}
	png, svg := saved[0], saved[1]
	var size int
	fmt.Sscanf(png.Href[strings.LastIndex(png.Href, "…")+len("…"):], "%d", &size)
	if png.Download != "forced-returns-"+chart+".png" || !strings.HasPrefix(png.Href, "data:image/png;base64,") || size < 20000 {
		b.t.Errorf("%s %s: the PNG button saved %s (%s, %d bytes)", page, chart, png.Download, png.Href, size)
	}
	if !strings.HasPrefix(svg.Text, "<svg") {
		b.t.Errorf("%s %s: the saved SVG is not an SVG document: %.100s", page, chart, svg.Text)
	}
	squash := func(s string) string { return strings.Join(strings.Fields(s), "") }
	text := squash(html.UnescapeString(svgTags.ReplaceAllString(svg.Text, " ")))
	for _, want := range []string{title, source, filter, "Saved " + time.Now().UTC().Format("2006-01-02")} {
		if !strings.Contains(text, squash(want)) {
			b.t.Errorf("%s %s: the saved SVG %s does not say %q; its text: %.400s", page, chart, svg.Download, want, svg.Text)
		}
	}
	if svg.Download != "forced-returns-"+chart+".svg" || !strings.HasPrefix(svg.Href, "data:image/svg+xml") {
		b.t.Errorf("%s %s: the SVG button saved %s (%s)", page, chart, svg.Download, svg.Href)
	}
}

// TestBrowserReducedMotion: with prefers-reduced-motion the charts do not
// animate; without it they do.
func TestBrowserReducedMotion(t *testing.T) {
	base := startSite(t)
	for _, reduce := range []bool{true, false} {
		tab := openTab(t, tabOptions{})
		if reduce {
			err := chromedp.Do(tab.ctx, chromedp.Func(func(ctx context.Context, tt *chromedp.Target) error {
				_, err := cdp.Call(ctx, tt, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}})
				return err
			}))
			if err != nil {
				t.Fatal(err)
			}
		}
		tab.navigate(base + "/")
		for _, s := range tab.waitChartsRendered() {
			anim := eval[bool](tab, `document.querySelector('figure[data-chart="`+s.Name+`"] .chart-canvas').frChart.getOption().animation !== false`)
			if anim == reduce {
				t.Errorf("%s: reduced motion %v, animation %v", s.Name, reduce, anim)
			}
		}
	}
}

// TestBrowserSourceChartDrawsEveryFigure: the seed source's chart draws a
// bar for every figure with a number of people.
func TestBrowserSourceChartDrawsEveryFigure(t *testing.T) {
	base := startSite(t)
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			tab := openTab(t, vp.tabOptions)
			tab.navigate(base + "/sources/" + seedSourceKey)
			tab.waitChartsRendered()
			o := tab.chartOptions("source")
			want := 0
			for _, s := range o.Series {
				for _, d := range s.Data {
					if d != nil && d.URL != "" {
						want++
					}
				}
			}
			// Each bar's rectangle as ECharts laid it out: present, inside the
			// grid, and at least a pixel long.
			drawn := call[[]string](tab, `function () {
			  const c = document.querySelector('figure[data-chart="source"] .chart-canvas').frChart;
			  const out = [];
			  c.getModel().eachSeriesByType('bar', (s) => {
			    const data = s.getData();
			    data.each((i) => {
			      const raw = data.getRawDataItem(i);
			      const el = data.getItemGraphicEl(i);
			      if (!raw || !raw.url || !el) return;
			      const r = el.getBoundingRect();
			      if (r.width >= 1 && r.height >= 1 && !el.invisible) out.push(raw.url);
			    });
			  });
			  return out;
			}`)
			if want < 8 || len(drawn) != want {
				t.Errorf("source chart draws %d of %d figures with a number: %v", len(drawn), want, drawn)
			}
		})
	}
}

// spanStyle is what the periodSpan series drew for one mark.
type spanStyle struct {
	Label string `json:"label"`
	Dash  bool   `json:"dash"` // some outline of the mark is dashed or dotted
	Flags int    `json:"flags"`
	Shown bool   `json:"shown"` // drawn with a size
}

const spanStylesJS = `function (name) {
  const c = document.querySelector('figure[data-chart="' + name + '"] .chart-canvas').frChart;
  const out = [];
  const labels = [];
  c.getModel().eachSeriesByType('scatter', (s) => {
    const d = s.getData();
    d.each((i) => { const raw = d.getRawDataItem(i); labels.push(raw && raw.label ? raw.label.formatter : ''); });
  });
  c.getModel().eachSeriesByType('custom', (s) => {
    const d = s.getData();
    d.each((i) => {
      const el = d.getItemGraphicEl(i);
      let dash = false, shown = false;
      if (el) el.traverse((ch) => {
        if (ch.style && ch.style.lineDash && ch.style.lineDash.length) dash = true;
        const r = ch.getBoundingRect && ch.getBoundingRect();
        if (r && (r.width >= 1 || r.height >= 1)) shown = true;
      });
      out.push({ label: labels[i] || '', dash, flags: d.get(d.getDimension(5), i), shown });
    });
  });
  return out;
}`

// TestBrowserStoryMultiReport: over the invented multi-report set, each
// reported quantity is one mark (one day's event of three reports is one
// mark "· 3 sources"), marks that may be higher or are approximate keep
// their dashed or dotted outline, merged or not, and no text overlaps or
// clips at 375 and 1280 px.
func TestBrowserStoryMultiReport(t *testing.T) {
	base := startSite(t, loadMultiReport)
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			tab := openTab(t, vp.tabOptions)
			tab.navigate(base + "/")
			states := tab.waitChartsRendered()
			checkCharts(t, states)
			for _, s := range states {
				for _, p := range overlapsOrClips(tab.drawnTexts(s.Name)) {
					t.Errorf("%s: %s", s.Name, p)
				}
			}
			marks := call[[]spanStyle](tab, spanStylesJS, "timeline-forcibly-returned")
			var three, about, open int
			for _, m := range marks {
				if !m.Shown {
					t.Errorf("mark %q is not drawn", m.Label)
				}
				if strings.Contains(m.Label, "16 · 3 sources") {
					three++
				}
				if m.Flags&2 != 0 {
					about++
					if !m.Dash || !strings.HasPrefix(m.Label, "~") {
						t.Errorf("about-mark %q: dashed %v, want a dotted outline and “~”", m.Label, m.Dash)
					}
				}
				if m.Flags&1 != 0 {
					open++
					if !m.Dash {
						t.Errorf("mark %q may be higher but is drawn solid", m.Label)
					}
				}
			}
			if three != 1 || about != 1 {
				t.Errorf("forcibly returned marks %+v: want one “16 · 3 sources” and one about-mark", marks)
			}
			app := call[[]spanStyle](tab, spanStylesJS, "timeline-apprehended")
			for _, m := range app {
				if m.Flags&1 != 0 {
					open++
					if !m.Dash {
						t.Errorf("apprehended mark %q may be higher but is drawn solid", m.Label)
					}
				}
			}
			if open == 0 {
				t.Error("no mark that may be higher: the test proves nothing")
			}
		})
	}
}

// TestBrowserWording: derived parts are named for what they are, and one
// person is "1 person", on the overview and the figure of the newborn.
func TestBrowserWording(t *testing.T) {
	base := startSite(t)
	tab := openTab(t, tabOptions{})
	tab.navigate(base + "/")
	tab.waitChartsRendered()
	cats := eval[[]string](tab, `document.querySelector('figure[data-chart="groups"] .chart-canvas').frChart.getOption().yAxis[0].data`)
	if !slices.Contains(cats, "Not named in the report (derived)") || slices.ContainsFunc(cats, func(c string) bool { return strings.Contains(strings.ToLower(c), "the rest") }) {
		t.Errorf("groups categories %q, want “Not named in the report (derived)” and no “the rest”", cats)
	}
	for _, page := range []string{"/", "/figures/hrw-2017-apprehended-newborn", "/sources/" + seedSourceKey} {
		tab.navigate(base + page)
		text := eval[string](tab, `document.body.innerText + ' ' + Array.from(document.querySelectorAll('script.chart-options')).map((s) => s.textContent).join(' ')`)
		if m := regexp.MustCompile(`\b1 (documented )?people\b`).FindString(text); m != "" {
			t.Errorf("%s says %q", page, m)
		}
	}
}

// addCorroboration stores a second report of the seed's 41 apprehended in
// July–August 2017, "at least 41" from another source: with the seed's
// "41 documented" it is one quantity that may be higher.
func addCorroboration(t *testing.T, st *store.Store) {
	src := storetest.Source("other-monitor-2017-10-01")
	src.Publisher, src.Authors, src.AuthorAffiliation = "Other Monitor", "", ""
	src.PublishedOn = models.NewDate(2017, 10, 1)
	f := storetest.Figure("om-2017-apprehended-jul-aug", models.MetricApprehended, src.Key)
	f.Qualifier, f.Value, f.ValueText, f.ReportedBy = models.QualAtLeast, 41, "at least 41", "Other Monitor"
	storetest.Apply(t, st, models.Batch{Sources: []models.Source{src}, Figures: []models.Figure{f}})
}

// TestBrowserMergedGroupKeepsDashes: a merged group of reports that may be
// higher is drawn dashed, as its qualifier says, in the bar chart of
// apprehensions and in the chart over time.
func TestBrowserMergedGroupKeepsDashes(t *testing.T) {
	base := startSite(t, addCorroboration)
	tab := openTab(t, tabOptions{})
	tab.navigate(base + "/")
	tab.waitChartsRendered()
	bars := call[[]spanStyle](tab, `function () {
	  const c = document.querySelector('figure[data-chart="apprehensions"] .chart-canvas').frChart;
	  const out = [];
	  c.getModel().eachSeriesByType('bar', (s) => {
	    const d = s.getData();
	    d.each((i) => {
	      const raw = d.getRawDataItem(i);
	      const el = d.getItemGraphicEl(i);
	      if (!raw || !raw.url || !el) return;
	      const dash = el.style && el.style.lineDash;
	      out.push({ label: raw.label ? raw.label.formatter : '', dash: !!(dash && dash.length && dash !== 'solid'), flags: 0, shown: true });
	    });
	  });
	  return out;
	}`)
	var merged int
	for _, b := range bars {
		if strings.Contains(b.Label, "2 sources") {
			merged++
			if !b.Dash {
				t.Errorf("apprehensions: the merged bar %q of two reports that may be higher is solid", b.Label)
			}
		}
	}
	marks := call[[]spanStyle](tab, spanStylesJS, "timeline-apprehended")
	for _, m := range marks {
		if strings.Contains(m.Label, "2 sources") {
			merged++
			if !m.Dash {
				t.Errorf("over time: the merged mark %q of two reports that may be higher is solid", m.Label)
			}
		}
	}
	if merged != 2 {
		t.Errorf("%d merged marks, want one bar and one mark over time: %+v %+v", merged, bars, marks)
	}
}

// TestBrowserLabelsRefitOnResize: when the window narrows, a horizontal
// bar chart's category labels are wrapped to a third of the new width, not
// of the width the chart was first drawn at.
func TestBrowserLabelsRefitOnResize(t *testing.T) {
	base := startSite(t)
	tab := openTab(t, tabOptions{})
	tab.navigate(base + "/")
	tab.waitChartsRendered()
	const outcomes = `document.querySelector('figure[data-chart="outcomes"] .chart-canvas')`
	const width = outcomes + `.frChart.getOption().yAxis[0].axisLabel.width`
	wide := eval[float64](tab, width)
	if err := chromedp.Do(tab.ctx, chromedp.EmulateViewport(375, 800)); err != nil {
		t.Fatal(err)
	}
	if !tab.poll(outcomes+`.frChart.getWidth() < 400 && `+width+` < `+fmt.Sprint(wide), 5*time.Second) {
		t.Fatalf("the labels of outcomes are %v px wide after narrowing the window to 375 px, as at 1280 px (%v)", eval[float64](tab, width), wide)
	}
	if narrow, canvas := eval[float64](tab, width), eval[float64](tab, outcomes+`.clientWidth`); narrow > max(72, canvas/3)+1 {
		t.Errorf("the labels of outcomes are %v px wide in a chart of %v px: more than a third", narrow, canvas)
	}
	checkCharts(t, tab.chartStates())
}
