package dashboard

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"gopkg.in/yaml.v3"

	"forcedreturns/internal/store"
	"forcedreturns/models"
)

// englishUIStrings are the English catalogue messages a Korean page must
// not show: every message of catalog/en*.yaml whose Korean differs, with
// its markup dropped, split at its {{.Fields}} into the fixed words
// around them (pieces of fewer than two words are left out, they are too
// likely to be data), and none that is also data on the test site (a
// metric's label such as "Apprehended" is data, in English until it is
// given a Korean label).
func englishUIStrings(t *testing.T, data []string) []string { return englishStrings(t, data, "", 100) }

// englishStrings is englishUIStrings for the catalogue part (catalog/<part>.<lang>.yaml,
// "" for the main catalogue), failing when it finds fewer than least.
func englishStrings(t *testing.T, data []string, part string, least int) []string {
	t.Helper()
	flat := func(lang string) map[string]string {
		out := map[string]string{}
		name := lang + "*.yaml"
		if part != "" {
			name = part + "." + lang + ".yaml"
		}
		files, _ := filepath.Glob(filepath.Join("..", "internal", "i18n", "catalog", name))
		if len(files) == 0 {
			t.Fatalf("no %s catalogue", lang)
		}
		var walk func(prefix string, n map[string]any)
		walk = func(prefix string, n map[string]any) {
			for k, v := range n {
				switch v := v.(type) {
				case string:
					out[prefix+k] = v
				case map[string]any:
					walk(prefix+k+".", v)
				}
			}
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var m map[string]any
			if err := yaml.Unmarshal(b, &m); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			walk("", m)
		}
		return out
	}
	en, ko := flat("en"), flat("ko")
	tags, fields := regexp.MustCompile(`<[^>]+>`), regexp.MustCompile(`\{\{[^}]*\}\}`)
	isData := map[string]bool{}
	for _, d := range data {
		isData[d] = true
	}
	seen := map[string]bool{}
	for key, msg := range en {
		if k, ok := ko[key]; ok && k == msg {
			continue // the same in both (a code, a format)
		}
		if _, ok := ko[key]; !ok && strings.HasSuffix(key, ".one") {
			continue
		}
		for _, piece := range fields.Split(tags.ReplaceAllString(msg, ""), -1) {
			piece = strings.Trim(piece, " ,.:;()—·“”")
			if len(strings.Fields(piece)) < 2 || isData[piece] {
				continue
			}
			seen[piece] = true
		}
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	if len(out) < least {
		t.Fatalf("only %d English messages to look for: is the catalogue read?", len(out))
	}
	return out
}

// visibleEnglishJS lists the English UI strings the page shows: in the
// visible text of <main> (and the page's aria-labels, titles and
// placeholders), leaving out what is marked as being in another language
// (a source's title or quote, lang="en") and code.
const visibleEnglishJS = `function (strings) {
  const root = document.querySelector('main') || document.body;
  const texts = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('script, style, code, template')) continue;
    const lang = el.closest('[lang]');
    if (lang && !lang.getAttribute('lang').startsWith('ko')) continue;
    const box = el.getBoundingClientRect();
    if (el.closest('details:not([open])') === null && box.width === 0 && box.height === 0) continue;
    texts.push(n.nodeValue.replace(/\s+/g, ' ').trim());
  }
  for (const el of root.querySelectorAll('[aria-label], [title], [placeholder]')) {
    const lang = el.closest('[lang]');
    if (lang && !lang.getAttribute('lang').startsWith('ko')) continue;
    for (const a of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(a)) texts.push(el.getAttribute(a));
  }
  const found = [];
  for (const s of strings) {
    const t = texts.find((x) => x.includes(s));
    if (t !== undefined) found.push(s + '  ⟵  ' + t.slice(0, 160));
  }
  return found;
}`

// hangulRendersJS checks that the charts' font stack draws Hangul, not
// the same empty box for every syllable (what a system without a Korean
// font draws): it waits for the chart's glyphs (frImageReady), asks
// document.fonts whether the bundled font has them, and draws two
// syllables in the font stack of the chart's saved image: their pixels
// must differ. It also draws the saved PNG and counts the ink in its
// title row, which is Korean, and counts the font slices a saved SVG
// carries.
const hangulRendersJS = `async function (chart) {
  const canvas = document.querySelector('figure.chart[data-chart="' + chart + '"] .chart-canvas');
  await canvas.frImageReady();
  const family = getComputedStyle(document.body).fontFamily;
  const glyph = (ch) => {
    const c = document.createElement('canvas');
    c.width = 48; c.height = 48;
    const x = c.getContext('2d');
    x.fillStyle = '#fff'; x.fillRect(0, 0, 48, 48);
    x.fillStyle = '#000'; x.font = '40px ' + family; x.textBaseline = 'top';
    x.fillText(ch, 2, 2);
    const d = x.getImageData(0, 0, 48, 48).data;
    let ink = 0, sig = '';
    for (let i = 0; i < d.length; i += 4) { const on = d[i] < 128; ink += on; sig += on ? '1' : '0'; }
    return { ink, sig };
  };
  const a = glyph('강'), b = glyph('환');
  const png = canvas.frImage('png');
  const svg = canvas.frImage('svg');
  const svgFaces = (svg.match(/@font-face\{font-family:"Noto Sans KR";src:url\(data:/g) || []).length;
  const img = new Image();
  await new Promise((ok, fail) => { img.onload = ok; img.onerror = fail; img.src = png; });
  const c = document.createElement('canvas');
  c.width = img.width; c.height = img.height;
  const x = c.getContext('2d');
  x.drawImage(img, 0, 0);
  const top = x.getImageData(0, 0, img.width, Math.min(img.height, 60)).data;
  let titleInk = 0;
  for (let i = 0; i < top.length; i += 4) if (top[i] < 160) titleInk++;
  return { loaded: document.fonts.check('12px "Noto Sans KR"', '강제송환'), fontLinked: !!document.querySelector('link[data-font="Noto Sans KR"]'),
    inkA: a.ink, inkB: b.ink, differ: a.sig !== b.sig, png: png.slice(0, 22), width: img.width, titleInk, svgFaces };
}`

// TestBrowserKoreanPages opens every public page in Korean on a phone and
// a laptop, with one server and one browser: each loads with its charts
// drawn, shows no English message of the interface in its main text (nor,
// on the checks and a figure's page, of the checks' wording), and
// stays within the screen; on the laptop a click on a bar opens the
// figure's Korean page, and a saved PNG has Hangul drawn with the bundled
// font (this machine has no Korean font: see fc-list :lang=ko).
func TestBrowserKoreanPages(t *testing.T) {
	var data []string
	base := startSite(t, loadKorean, func(t *testing.T, st *store.Store) {
		ms, err := st.ListMetrics(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			data = append(data, m.Label, m.Definition)
		}
	})
	english := englishUIStrings(t, data)
	// The pages that show checks show their wording in Korean too.
	withChecks := append(englishStrings(t, data, "checks", 50), english...)
	pages := []string{
		"/ko", "/ko/sources/" + seedSource, "/ko/sources/gasang-2020-05-12", "/ko/sources", "/ko/checks", "/ko/metrics",
		"/ko/changes", "/ko/figures", "/ko/figures/hrw-2017-apprehended-2017-07-to-08", "/ko/embed/charts/apprehensions", "/ko/embed/charts/timeline",
	}
	for _, vp := range viewports {
		t.Run(vp.name, func(t *testing.T) {
			t.Parallel() // a tab each: one waits on its page while the other draws
			tab := openTab(t, vp.tabOptions)
			for _, p := range pages {
				tab.navigate(base + p)
				if lang := eval[string](tab, "document.documentElement.lang"); lang != "ko" {
					t.Errorf("%s: lang %q", p, lang)
				}
				if eval[int](tab, `document.querySelectorAll('figure.chart').length`) > 0 {
					checkCharts(t, tab.waitChartsRendered())
				}
				look := english
				if p == "/ko/checks" || strings.HasPrefix(p, "/ko/figures/") {
					look = withChecks
				}
				if found := call[[]string](tab, visibleEnglishJS, look); len(found) > 0 {
					t.Errorf("%s shows English interface text:\n\t%s", p, strings.Join(found, "\n\t"))
				}
				if w := eval[float64](tab, "document.documentElement.scrollWidth - window.innerWidth"); w > 0 && !strings.Contains(p, "/embed/") {
					t.Errorf("%s scrolls sideways by %v px", p, w)
				}
				tab.assertClean()
			}
			if vp.width != 1280 {
				return
			}
			// A saved PNG from the Korean overview has Hangul in it.
			tab.navigate(base + "/ko")
			tab.waitChartsRendered()
			type hangul struct {
				Loaded, FontLinked, Differ  bool
				InkA, InkB, Width, TitleInk int
				SVGFaces                    int
				PNG                         string
			}
			h, err := chromedp.Run(tab.ctx, chromedp.Evaluate[hangul]("("+hangulRendersJS+")('apprehensions')", chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatalf("saving a PNG: %v", err)
			}
			if !h.FontLinked || !h.Loaded {
				t.Errorf("the bundled Korean font is not linked (%v) or not loaded (%v)", h.FontLinked, h.Loaded)
			}
			if h.InkA < 40 || h.InkB < 40 || !h.Differ {
				t.Errorf("Hangul is drawn as boxes in the charts' font: 강 %d px of ink, 환 %d, differ %v", h.InkA, h.InkB, h.Differ)
			}
			if h.PNG != "data:image/png;base64," || h.Width < 600 || h.TitleInk < 200 {
				t.Errorf("saved PNG: %q, %d px wide, %d px of ink in its title row", h.PNG, h.Width, h.TitleInk)
			}
			// A saved SVG carries the font slices of its Hangul.
			if h.SVGFaces < 2 {
				t.Errorf("the saved SVG carries %d of the font's slices", h.SVGFaces)
			}
			// A bar opens the figure's page in Korean.
			bars := tab.findBars("apprehensions")
			if len(bars) == 0 {
				t.Fatal("no bar on the apprehensions chart")
			}
			wctx, cancel := context.WithTimeout(tab.ctx, 10*time.Second)
			defer cancel()
			if _, err := chromedp.Run(wctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.MouseClickXY(bars[0].X, bars[0].Y))); err != nil {
				t.Fatalf("clicking the first bar loaded no page: %v", err)
			}
			if got := eval[string](tab, "location.pathname"); !strings.HasPrefix(got, "/ko/figures/") {
				t.Errorf("the bar opened %s, want a Korean figure page", got)
			}
			if got := eval[string](tab, "document.documentElement.lang"); got != string(models.Korean) {
				t.Errorf("the figure page opened from a bar is in %q", got)
			}
			tab.assertClean()
		})
	}
}
