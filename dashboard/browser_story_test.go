package dashboard

// Real-browser tests of the charts over time and of the chart defects of
// issue 11 §2: what ECharts draws, measured through its own instance
// (canvas.frChart, set by app.js) and its zrender display list.

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

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
// and the image a reader saves draws both.
func TestBrowserTitleAndSourceOnceSavedImageKeepsThem(t *testing.T) {
	base := startSite(t)
	tab := openTab(t, tabOptions{width: 375, height: 800, mobile: true, scale: 2})
	tab.navigate(base + "/")
	states := tab.waitChartsRendered()
	for _, s := range states {
		title := eval[string](tab, `document.querySelector('figure[data-chart="`+s.Name+`"] .chart-title').textContent.trim()`)
		source := eval[string](tab, `document.querySelector('figure[data-chart="`+s.Name+`"] .chart-source').textContent.trim()`)
		if n := eval[int](tab, `document.querySelectorAll('figure[data-chart="`+s.Name+`"] .chart-title, figure[data-chart="`+s.Name+`"] .chart-source').length`); n != 2 {
			t.Errorf("%s: %d title and source elements, want 2", s.Name, n)
		}
		for _, x := range tab.drawnTexts(s.Name).Texts {
			if x.Text == title || strings.HasPrefix(source, x.Text) && len(x.Text) > 20 {
				t.Errorf("%s: the canvas draws %q again on the page", s.Name, x.Text)
			}
		}
		// The saved image: getDataURL is wrapped to read what is drawn then.
		got := call[[]string](tab, `function (name) {
		  const c = document.querySelector('figure[data-chart="' + name + '"] .chart-canvas');
		  const chart = c.frChart;
		  const orig = chart.getDataURL;
		  let seen = [];
		  chart.getDataURL = function (o) {
		    seen = chart.getOption().title.filter((t) => t.show !== false).map((t) => t.text);
		    return orig.call(chart, o);
		  };
		  const url = c.frImage('png');
		  chart.getDataURL = orig;
		  if (!url.startsWith('data:image/png')) return ['not a PNG'];
		  return seen;
		}`, s.Name)
		if len(got) != 2 || got[0] != title || got[1] != source {
			t.Errorf("%s: the saved image draws %q, want the title %q and the source line %q", s.Name, got, title, source)
		}
	}
	// The page view is back after the export.
	for _, s := range states {
		if n := eval[int](tab, `document.querySelector('figure[data-chart="`+s.Name+`"] .chart-canvas').frChart.getOption().title.filter((t) => t.show !== false).length`); n != 0 {
			t.Errorf("%s: %d titles drawn on the page after saving an image", s.Name, n)
		}
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
