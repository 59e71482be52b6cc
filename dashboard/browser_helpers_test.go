package dashboard

// Infrastructure of the real-browser tests in browser_test.go: one headless
// Chromium per test binary, a fresh tab (in its own browser context) per
// test, the dashboard on a real HTTP server, and a record of everything the
// page writes to its console.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"forcedreturns/internal/auth/authtest"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
)

const (
	// browserStartTimeout bounds the start of Chromium.
	browserStartTimeout = 30 * time.Second
	// tabTimeout bounds everything one test does in its tab.
	tabTimeout = 45 * time.Second
	// renderTimeout bounds the wait for charts to draw: a chart scrolled
	// to once took more than 15 s to begin drawing in a full test run at
	// load 6 (the race tests beside the browser's), drawn at once alone.
	renderTimeout = 30 * time.Second
)

// TestMain makes password hashing cheap for every test (sign-ins test
// behaviour; auth's own tests test the production cost) and stops the
// shared browser (and removes its profile) once every test has run. The
// browser itself starts lazily, on the first browser test, so
// `go test -run TestRoutes` never starts Chromium.
func TestMain(m *testing.M) {
	authtest.CheapHashing()
	code := storetest.Main(m)
	stopBrowser()
	os.Exit(code)
}

// errNoChromium means no browser binary could be found.
var errNoChromium = errors.New("no Chromium found")

// shared is the one browser of the test binary.
var shared struct {
	once        sync.Once
	ctx         context.Context // the browser's first tab; new tabs derive from it
	cancel      context.CancelFunc
	allocCancel context.CancelFunc
	path        string
	err         error
}

// findChromium returns the browser to drive: $CHROMIUM_PATH, else the first
// of chromium, chromium-browser and google-chrome on PATH.
func findChromium() (string, error) {
	if p := os.Getenv("CHROMIUM_PATH"); p != "" {
		path, err := exec.LookPath(p)
		if err != nil {
			// Someone asked for this browser: a wrong path is an error, never a skip.
			return "", fmt.Errorf("CHROMIUM_PATH=%q: %w", p, err)
		}
		return path, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path, nil
		}
	}
	return "", fmt.Errorf("%w: set CHROMIUM_PATH, or put chromium, chromium-browser or google-chrome on PATH", errNoChromium)
}

func startBrowser() {
	path, err := findChromium()
	if err != nil {
		shared.err = err
		return
	}
	shared.path = path
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests may run as root, where the sandbox cannot start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true), // /dev/shm is tiny in containers
		chromedp.Flag("no-proxy-server", true),       // only ever talks to 127.0.0.1
		// Exact colours on the canvas: the bar-finding code matches them.
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.WindowSize(1280, 800),
		// No UserDataDir option on purpose: the allocator then creates a
		// fresh temporary --user-data-dir, and when the browser stops it
		// kills any Chromium child still using it and removes it, which a
		// directory made here would not get.
	}
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	// The first Do binds the browser's life to ctx, so it cannot carry a
	// deadline itself: bound it from outside.
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(ctx) }()
	select {
	case err = <-done:
	case <-time.After(browserStartTimeout):
		err = fmt.Errorf("%s did not start within %v", path, browserStartTimeout)
	}
	if err != nil {
		cancel()
		allocCancel()
		shared.err = fmt.Errorf("starting %s: %w", path, err)
		return
	}
	shared.ctx, shared.cancel, shared.allocCancel = ctx, cancel, allocCancel
}

func stopBrowser() {
	if shared.cancel == nil {
		return
	}
	done := make(chan struct{})
	go func() {
		shared.cancel()
		shared.allocCancel() // waits for the process and removes the profile
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		fmt.Fprintln(os.Stderr, "browser tests: Chromium did not stop within 15s")
	}
}

// requireBrowser returns the shared browser, starting it on first use. With
// no browser installed it skips the test, except under CI=true, where a
// browser test must never pass by not running.
func requireBrowser(t *testing.T) context.Context {
	t.Helper()
	shared.once.Do(startBrowser)
	if shared.err != nil {
		if errors.Is(shared.err, errNoChromium) && os.Getenv("CI") != "true" {
			t.Skipf("skipping browser test: %v", shared.err)
		}
		t.Fatalf("browser: %v", shared.err)
	}
	return shared.ctx
}

// startSite serves the dashboard over the seeded SQLite store on a real
// HTTP server (127.0.0.1, port chosen by the OS). prepare, if given, runs
// on the store first.
func startSite(t *testing.T, prepare ...func(*testing.T, *store.Store)) string {
	t.Helper()
	s, st := newTestServer(t)
	for _, p := range prepare {
		p(t, st)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts.URL
}

// pageTraps runs in every document before the page's own scripts (CDP
// injects it whatever the page's CSP says). It records dialogs instead of
// showing them, so an injected alert(…) is caught and never blocks the
// tab, and reports CSP violations to the console, where the tab's
// listener sees them even after the page navigated away.
const pageTraps = `(() => {
  window.__alerted = false;
  window.__dialogs = [];
  const trap = (kind) => function (msg) { window.__alerted = true; window.__dialogs.push(kind + ': ' + String(msg)); };
  window.alert = trap('alert');
  window.confirm = trap('confirm');
  window.prompt = trap('prompt');
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    const v = e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber;
    window.__cspViolations.push(v);
    console.error('CSP violation: ' + v);
  });
})();`

// browserTab is one test's tab and what it has seen.
type browserTab struct {
	t   *testing.T
	ctx context.Context

	mu       sync.Mutex
	problems []string // console errors, exceptions, CSP reports
	requests []string // every URL the tab requested
	favicon  []string // errors of the browser's /favicon.ico request
}

// isFaviconError reports whether a log entry is the failure of the request
// the browser makes for /favicon.ico by itself.
func isFaviconError(e *log.Entry) bool {
	if e.Source != log.EntrySourceNetwork {
		return false
	}
	u, err := url.Parse(e.URL)
	return err == nil && u.Path == "/favicon.ico"
}

type tabOptions struct {
	noJS          bool    // disable script execution before the first page
	width, height int64   // viewport; 1280×800 if zero
	mobile        bool    // mobile, touch, portrait emulation
	scale         float64 // devicePixelRatio; 1 if zero
}

// openTab opens a new tab in a browser context of its own, with the page
// traps installed and its console recorded. The tab is closed at the end
// of the test, which then fails if the console reported any error.
func openTab(t *testing.T, o tabOptions) *browserTab {
	t.Helper()
	bctx := requireBrowser(t)
	tab := &browserTab{t: t}
	tctx, cancelTab := chromedp.NewContext(bctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(tab.listen))
	ctx, cancelTimeout := context.WithTimeout(tctx, tabTimeout)
	t.Cleanup(func() {
		cancelTimeout()
		cancelTab()
	})
	tab.ctx = ctx
	if o.width == 0 {
		o.width, o.height = 1280, 800
	}
	viewport := []chromedp.EmulateViewportOption{chromedp.EmulateScale(max(o.scale, 1))}
	if o.mobile {
		viewport = append(viewport, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.Func(func(ctx context.Context, tt *chromedp.Target) error {
			// chromedp enables the Log domain on attach; enable it again so
			// these tests never depend on that.
			_, err := cdp.Call(ctx, tt, log.Enable, cdp.Empty{})
			return err
		}),
		chromedp.EmulateViewport(o.width, o.height, viewport...),
		chromedp.Func(func(ctx context.Context, tt *chromedp.Target) error {
			_, err := cdp.Call(ctx, tt, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: pageTraps})
			return err
		}),
	}
	if o.noJS {
		steps = append(steps, chromedp.Func(func(ctx context.Context, tt *chromedp.Target) error {
			_, err := cdp.Call(ctx, tt, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
			return err
		}))
	}
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	// Registered after the tab's own cleanup, so it runs first, while the
	// tab is still open.
	t.Cleanup(func() {
		if !t.Skipped() {
			tab.assertClean()
		}
	})
	return tab
}

// listen runs on the tab's event loop: it must be quick and send no command.
func (b *browserTab) listen(ev any) {
	var problem string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			problem = "console." + string(ev.Type) + ": " + consoleArgs(ev.Args)
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		problem = fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber+1, text)
	case *log.EventEntryAdded:
		e := ev.Entry
		if e.Level == log.EntryLevelError || strings.Contains(e.Text, "Content Security Policy") || strings.Contains(e.Text, "Content-Security-Policy") {
			problem = fmt.Sprintf("log %s/%s: %s (%s)", e.Source, e.Level, e.Text, e.URL)
			if isFaviconError(e) {
				// The browser's own favicon request, not the page's: kept
				// apart so that TestBrowserFavicon reports it once instead
				// of every test failing on it.
				b.mu.Lock()
				b.favicon = append(b.favicon, problem)
				b.mu.Unlock()
				problem = ""
			}
		}
	case *network.EventRequestWillBeSent:
		b.mu.Lock()
		b.requests = append(b.requests, ev.Request.URL)
		b.mu.Unlock()
	}
	if problem != "" {
		b.mu.Lock()
		b.problems = append(b.problems, problem)
		b.mu.Unlock()
	}
}

func consoleArgs(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		switch {
		case a.Type == runtime.RemoteObjectTypeString:
			var s string
			if json.Unmarshal([]byte(a.Value), &s) == nil {
				parts = append(parts, s)
				continue
			}
			parts = append(parts, string(a.Value))
		case a.Description != "":
			parts = append(parts, a.Description)
		default:
			parts = append(parts, string(a.Value))
		}
	}
	return strings.Join(parts, " ")
}

// assertClean fails the test for every console error, exception and CSP
// violation seen so far, and forgets them.
func (b *browserTab) assertClean() {
	b.t.Helper()
	// Let events already sent by the page reach the listener.
	time.Sleep(50 * time.Millisecond)
	b.mu.Lock()
	problems := b.problems
	b.problems = nil
	b.mu.Unlock()
	for _, p := range problems {
		b.t.Errorf("browser console: %s", p)
	}
}

// requested reports the URLs the tab requested that match pred.
func (b *browserTab) requested(pred func(string) bool) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for _, u := range b.requests {
		if pred(u) {
			out = append(out, u)
		}
	}
	return out
}

// navigate loads url and waits for its load event.
func (b *browserTab) navigate(addr string) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, chromedp.Navigate(addr)); err != nil {
		b.t.Fatalf("navigate %s: %v", addr, err)
	}
}

// eval evaluates a JavaScript expression and decodes its value into T.
func eval[T any](b *browserTab, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluating %.200s: %v", expr, err)
	}
	return v
}

// call evaluates the JavaScript function fn with args (JSON-encoded).
func call[T any](b *browserTab, fn string, args ...any) T {
	b.t.Helper()
	enc := make([]string, len(args))
	for i, a := range args {
		j, err := json.Marshal(a)
		if err != nil {
			b.t.Fatal(err)
		}
		enc[i] = string(j)
	}
	return eval[T](b, "("+fn+")("+strings.Join(enc, ", ")+")")
}

// poll evaluates expr until it is truthy or timeout passes; it reports
// whether it became true.
func (b *browserTab) poll(expr string, timeout time.Duration) bool {
	b.t.Helper()
	_, err := chromedp.Run(b.ctx, chromedp.Poll[bool]("!!("+expr+")",
		chromedp.WithPollingTimeout(timeout), chromedp.WithPollingInterval(25*time.Millisecond)))
	if err == nil {
		return true
	}
	if !errors.Is(err, chromedp.ErrPollingTimeout) {
		b.t.Fatalf("polling %.200s: %v", expr, err)
	}
	return false
}

// chartState describes one figure.chart of the page.
type chartState struct {
	Name      string  `json:"name"`
	Rendered  string  `json:"rendered"` // data-rendered
	Ready     bool    `json:"ready"`    // class chart-ready
	Error     bool    `json:"error"`    // class chart-error
	View      string  `json:"view"`     // data-view
	Canvases  int     `json:"canvases"`
	Width     int     `json:"width"`  // of the first canvas, device pixels
	Height    int     `json:"height"` // of the first canvas, device pixels
	CSSWidth  float64 `json:"cssWidth"`
	CSSHeight float64 `json:"cssHeight"`
	Painted   int     `json:"painted"` // pixels neither transparent nor white
	Colours   int     `json:"colours"` // distinct colours among them (capped)
}

const chartStatesJS = `function () {
  return Array.from(document.querySelectorAll('figure.chart')).map((f) => {
    const canvases = f.querySelectorAll('.chart-canvas canvas');
    const s = {
      name: f.getAttribute('data-chart') || '', rendered: f.getAttribute('data-rendered') || '',
      ready: f.classList.contains('chart-ready'), error: f.classList.contains('chart-error'),
      view: f.getAttribute('data-view') || '', canvases: canvases.length,
      width: 0, height: 0, cssWidth: 0, cssHeight: 0, painted: 0, colours: 0,
    };
    const c = canvases[0];
    if (!c) return s;
    const r = c.getBoundingClientRect();
    s.width = c.width; s.height = c.height; s.cssWidth = r.width; s.cssHeight = r.height;
    if (!c.width || !c.height) return s;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] === 0 || (d[i] > 245 && d[i + 1] > 245 && d[i + 2] > 245)) continue;
      s.painted++;
      if (seen.size < 64) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    }
    s.colours = seen.size;
    return s;
  });
}`

func (b *browserTab) chartStates() []chartState {
	b.t.Helper()
	return call[[]chartState](b, chartStatesJS)
}

// waitChartsRendered scrolls to each figure.chart of the page in turn (a
// chart is drawn when it comes into view) until its drawing has begun
// (ECharts' canvas in it), then waits until every one has
// data-rendered="1" (set by charts.js on ECharts' first "finished"
// event), scrolls back to the top and returns their states: a chart not
// begun when scrolled to, or not drawn within renderTimeout after, fails
// the test. The charts' drawing overlaps (an animation goes on out of
// view), where waiting for each before scrolling to the next took as
// long as every animation one after another.
func (b *browserTab) waitChartsRendered() []chartState {
	b.t.Helper()
	n := eval[int](b, `document.querySelectorAll('figure.chart').length`)
	if n == 0 {
		b.t.Fatalf("no figure.chart on the page")
	}
	for i := range n {
		fig := fmt.Sprintf(`document.querySelectorAll('figure.chart')[%d]`, i)
		eval[chromedp.Void](b, fig+`.scrollIntoView({block: 'center'}), undefined`)
		if !b.poll(fig+`.getAttribute('data-rendered') === '1' || `+fig+`.querySelector('.chart-canvas canvas') !== null`, renderTimeout) {
			b.t.Fatalf("chart %d did not begin to draw within %v of being scrolled to: %+v", i, renderTimeout, b.chartStates())
		}
	}
	if !b.poll(`Array.from(document.querySelectorAll('figure.chart')).every((f) => f.getAttribute('data-rendered') === '1')`, renderTimeout) {
		b.t.Fatalf("charts not drawn within %v of being scrolled to: %+v", renderTimeout, b.chartStates())
	}
	eval[chromedp.Void](b, `window.scrollTo(0, 0), undefined`)
	return b.chartStates()
}

// checkCharts fails for a chart that is not drawn: no canvas, an empty
// canvas, or one with nothing painted on it.
func checkCharts(t *testing.T, states []chartState) {
	t.Helper()
	for _, s := range states {
		switch {
		case s.Rendered != "1" || !s.Ready || s.Error:
			t.Errorf("chart %s: data-rendered=%q chart-ready=%v chart-error=%v", s.Name, s.Rendered, s.Ready, s.Error)
		case s.Canvases == 0:
			t.Errorf("chart %s: no <canvas> in .chart-canvas", s.Name)
		case s.Width == 0 || s.Height == 0 || s.CSSWidth < 1 || s.CSSHeight < 1:
			t.Errorf("chart %s: canvas is %dx%d (%gx%g CSS px)", s.Name, s.Width, s.Height, s.CSSWidth, s.CSSHeight)
		case s.Painted < s.Width*s.Height/200 || s.Colours < 3:
			t.Errorf("chart %s: canvas looks blank: %d of %d pixels painted in %d colours", s.Name, s.Painted, s.Width*s.Height, s.Colours)
		}
	}
}

// bar is a bar found on a chart's canvas, with its centre in viewport CSS
// pixels (what Input.dispatchMouseEvent takes).
type bar struct {
	Left, Right, Top, Bottom int     // device pixels of the canvas
	X, Y                     float64 // centre, viewport CSS pixels
}

// findBarsJS scrolls the chart into view and finds its bars by colour:
// columns of the canvas with a long run of a bar colour, grouped into
// neighbouring columns, left to right. Labels in the same colour are too
// short to count. ECharts exposes no instance (the bundle is an IIFE), so
// the pixels are the only way to know where a bar is drawn.
const findBarsJS = `function (name, colours, tolerance) {
  const fig = document.querySelector('figure.chart[data-chart="' + name + '"]');
  if (!fig) return null;
  fig.scrollIntoView({ block: 'center', inline: 'nearest' });
  const c = fig.querySelector('.chart-canvas canvas');
  if (!c || !c.width || !c.height) return null;
  const w = c.width, h = c.height;
  const d = c.getContext('2d').getImageData(0, 0, w, h).data;
  const want = colours.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));
  const match = (x, y) => {
    const i = (y * w + x) * 4;
    if (d[i + 3] < 250) return false;
    return want.some((c) => Math.abs(d[i] - c[0]) <= tolerance && Math.abs(d[i + 1] - c[1]) <= tolerance && Math.abs(d[i + 2] - c[2]) <= tolerance);
  };
  const dpr = window.devicePixelRatio || 1;
  const minRun = Math.round(20 * dpr), minWidth = Math.round(6 * dpr);
  const longestRun = (x) => {
    let best = [0, -1], start = -1;
    for (let y = 0; y <= h; y++) {
      const on = y < h && match(x, y);
      if (on && start < 0) start = y;
      if (!on && start >= 0) { if (y - 1 - start > best[1] - best[0]) best = [start, y - 1]; start = -1; }
    }
    return best;
  };
  const cols = [];
  for (let x = 0; x < w; x++) { const r = longestRun(x); cols.push(r[1] - r[0] + 1 >= minRun ? r : null); }
  const groups = [];
  let start = -1;
  for (let x = 0; x <= w; x++) {
    const on = x < w && cols[x] !== null;
    if (on && start < 0) start = x;
    if (!on && start >= 0) { if (x - start >= minWidth) groups.push([start, x - 1]); start = -1; }
  }
  const r = c.getBoundingClientRect();
  // Canvas pixels to CSS pixels: the canvas is devicePixelRatio times its CSS size.
  const sx = r.width / w, sy = r.height / h;
  return groups.map(([a, b]) => {
    const mid = Math.floor((a + b) / 2);
    const [top, bottom] = cols[mid];
    return { Left: a, Right: b, Top: top, Bottom: bottom,
      X: r.left + (mid + 0.5) * sx, Y: r.top + ((top + bottom) / 2 + 0.5) * sy };
  });
}`

// Bar colours of charts/chart.go: reported, and the lighter fill of a
// lower bound or documented count.
var barColours = []string{"#0072B2", "#56B4E9"}

func (b *browserTab) findBars(chart string) []bar {
	b.t.Helper()
	bars := call[[]bar](b, findBarsJS, chart, barColours, 6)
	if bars == nil {
		b.t.Fatalf("chart %s: no canvas to look for bars on", chart)
	}
	return bars
}

// chartOption is the part of a chart's option JSON the tests read.
type chartOption struct {
	Series []struct {
		Type string `json:"type"`
		Data []*struct {
			Name        string          `json:"name"`
			Value       json.RawMessage `json:"value"`
			URL         string          `json:"url"`
			TooltipText string          `json:"tooltip_text"`
		} `json:"data"`
	} `json:"series"`
	XAxis []struct {
		Type string   `json:"type"`
		Data []string `json:"data"`
	} `json:"xAxis"`
}

// chartOptions reads the option JSON the server put in the page.
func (b *browserTab) chartOptions(chart string) chartOption {
	b.t.Helper()
	raw := eval[string](b, `document.querySelector('figure.chart[data-chart="`+chart+`"] script.chart-options').textContent`)
	var o chartOption
	if err := json.Unmarshal([]byte(raw), &o); err != nil {
		b.t.Fatalf("chart %s options: %v", chart, err)
	}
	return o
}
