// Package charts builds the dashboard's chart options from domain values.
// Every builder is a pure function: figures in, go-echarts options out, no
// store, no HTTP. The options are emitted as JSON data and started by a
// static script; they are never rendered with go-echarts' Render or
// RenderSnippet, which would place stored text into an inline script.
// go-echarts' own charts package is imported as echarts, so that charts
// names only this package here.
package charts

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	echarts "github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// Chart is one chart ready for a page: its options, the words around it and
// the same numbers as a table.
type Chart struct {
	Name        string // stable name used in URLs and embeds
	Title       string
	Description string // a one-sentence summary for screen readers
	Note        string // how to read the marks (qualifiers, derived values)
	SourceLine  string // "Source: Human Rights Watch, via Refugees Deeply, 18 Sep 2017"
	SourceURL   string // where the title links to (http/https only)
	Options     map[string]any
	AltOptions  map[string]any // an alternative view (per-month rates), if any
	Table       Table
	// Listed are figures without a number shown beside the chart as a
	// list, never drawn (charts over time).
	Listed []Listed
	// Steps is true for a chart over time, whose axis steps by Step
	// (month or year) and may be switched.
	Steps bool
	Step  Step
	// ListURL is, for a chart that summarises figures (Summaries), the
	// list of the figures it summarises.
	ListURL string `json:",omitempty"`
}

// Listed is a figure listed beside a chart and not drawn.
type Listed struct {
	Text string
	URL  string
}

// Table is a chart's data as rows, for readers without JavaScript.
type Table struct {
	Caption string
	Columns []string
	Rows    []Row
}

// Row is one table row; Link (a figure page) applies to its first cell.
type Row struct {
	Cells []string
	Link  string
}

// Empty reports whether the chart has nothing to show.
func (c Chart) Empty() bool { return len(c.Table.Rows) == 0 && len(c.Listed) == 0 }

// Drawn returns the keys of the figures the chart draws, in either of its
// views, sorted: every mark's figure (its url) and, for a mark standing for
// several figures, each of them. Figures listed beside the chart or only in
// its table are not drawn.
func (c Chart) Drawn() ([]string, error) {
	seen := map[string]bool{}
	for _, o := range []map[string]any{c.Options, c.AltOptions} {
		b, err := JSON(o)
		if err != nil || b == nil {
			if err != nil {
				return nil, err
			}
			continue
		}
		var doc struct {
			Series []struct {
				Data []json.RawMessage `json:"data"`
			} `json:"series"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			return nil, err
		}
		for _, s := range doc.Series {
			for _, raw := range s.Data {
				var it item
				if json.Unmarshal(raw, &it) != nil {
					continue // a bare value: no figure of its own
				}
				if k, ok := strings.CutPrefix(it.URL, "/figures/"); ok {
					seen[k] = true
				}
				for _, k := range it.Figures {
					seen[k] = true
				}
			}
		}
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, nil
}

// JSON marshals options with HTML-sensitive characters escaped (<, >, &
// and U+2028/9 become \u escapes), so the result can sit inside a
// <script type="application/json"> element whatever the data contains.
func JSON(options map[string]any) ([]byte, error) {
	if options == nil {
		return nil, nil
	}
	return json.Marshal(options)
}

// item is one data point. go-echarts' data types have no room for the
// figure link and the plain-text tooltip the front end reads, so points
// are built here and placed into the series.
type item struct {
	Name  string `json:"name,omitempty"`
	Value any    `json:"value"`
	URL   string `json:"url,omitempty"`
	// Figures are the keys of every figure a mark stands for when it
	// stands for several (one quantity in several reports); URL opens the
	// first. Chart.Drawn reads them.
	Figures     []string   `json:"figures,omitempty"`
	TooltipText string     `json:"tooltip_text,omitempty"`
	ItemStyle   *itemStyle `json:"itemStyle,omitempty"`
	Label       *itemLabel `json:"label,omitempty"`
	Tooltip     *toggle    `json:"tooltip,omitempty"`
	Emphasis    *toggle    `json:"emphasis,omitempty"`
}

// itemStyle is ECharts' per-point style (go-echarts' lacks borderType).
type itemStyle struct {
	Color       string  `json:"color,omitempty"`
	BorderColor string  `json:"borderColor,omitempty"`
	BorderWidth float64 `json:"borderWidth,omitempty"`
	BorderType  string  `json:"borderType,omitempty"`
	Opacity     float64 `json:"opacity,omitempty"`
}

// toggle switches a per-point component on or off.
type toggle struct {
	Show     *bool `json:"show,omitempty"`
	Disabled bool  `json:"disabled,omitempty"`
}

var (
	no        = false
	showFalse = toggle{Show: &no}
	disabled  = toggle{Disabled: true}
)

// itemLabel is a per-point label with literal text: the text is built from
// numbers and qualifiers, never from stored strings, and contains no {…}
// template markers.
type itemLabel struct {
	Show      bool   `json:"show"`
	Formatter string `json:"formatter"`
	Position  string `json:"position,omitempty"`
	// Width and Overflow wrap a label to a width in pixels; Color sets its
	// colour (a label inside a dark bar is white).
	Width    int    `json:"width,omitempty"`
	Overflow string `json:"overflow,omitempty"`
	Color    string `json:"color,omitempty"`
}

// onPeopleAxis reports whether a figure may be drawn on an axis of people,
// as every chart's value axis is: a published count in people, with a
// number. A share ("more than 60 % were women") is a percentage of another
// figure, a figure of another unit counts something else, and a figure
// that gives only words ("dozens") has no number to draw: charts list them
// in their tables (valueCell says why), never draw them on that axis.
func onPeopleAxis(f models.Figure) bool {
	return f.Countable() && f.Unit == models.UnitPeople && !f.Share()
}

// valueCell writes a figure's value for a chart's table: its ValueLabel,
// and for a figure not drawn on the axis (onPeopleAxis) why it is not.
func valueCell(l models.Lang, f models.Figure) string {
	switch {
	case !f.Qualifier.HasNumber():
		return noNumberText(l, f)
	case f.Share():
		return i18n.T(l, "chart.share_not_drawn", "Value", f.ValueLabelIn(l))
	case !onPeopleAxis(f):
		return i18n.T(l, "chart.not_people_not_drawn", "Value", f.AmountLabelIn(l))
	}
	return derivedLabel(l, f.ValueLabelIn(l), f.Derived)
}

// figureURL is the page of a figure; keys are validated slugs.
func figureURL(f models.Figure) string { return "/figures/" + f.Key }

// reportCount is how many reports stand behind figs, as a mark's "· N
// sources" says: a source and one carrying its report (a wire story and
// the press release it runs) are one report (checks.Carried).
func reportCount(figs []models.Figure, byKey map[string]*models.FigureView) int {
	var sources []models.Source
	var keys []string
	for _, f := range figs {
		keys = append(keys, f.Source)
		if v := byKey[f.Key]; v != nil {
			sources = append(sources, v.Source, v.Original)
		}
	}
	return checks.CarriedOf(sources).Reports(keys)
}

// mergedKeys are the keys of the figures one mark stands for, when it
// stands for more than one (item.Figures); nil for a single figure.
func mergedKeys(figs []models.Figure) []string {
	if len(figs) < 2 {
		return nil
	}
	keys := make([]string, len(figs))
	for i, f := range figs {
		keys[i] = f.Key
	}
	return keys
}

// Colours, chosen for contrast and colour-blind safety (Okabe–Ito).
const (
	colourReported = "#0072B2"
	colourDerived  = "#E69F00"
	colourBound    = "#56B4E9"
	colourMuted    = "#999999"
)

// markLabel is the short text drawn on a mark: the value with its qualifier.
func markLabel(l models.Lang, f models.Figure) string {
	return derivedLabel(l, f.Quantity().ShortIn(l), f.Derived)
}

// derivedLabel marks a value's text as derived when it is ("46 (derived)"):
// a number the source does not state never reads as stated, on a mark
// or a headline.
func derivedLabel(l models.Lang, s string, derived bool) string {
	if derived {
		return i18n.T(l, "chart.derived_label", "Value", s)
	}
	return s
}

// known finds, by key, a figure a chart was drawn from (nil if it was not).
type known func(key string) *models.FigureView

// knownOf is known over views.
func knownOf(views ...*models.FigureView) known {
	return func(key string) *models.FigureView {
		for _, v := range views {
			if v != nil && v.Figure.Key == key {
				return v
			}
		}
		return nil
	}
}

// formulaShown is how a chart writes a derived figure's formula: with the
// numbers of the figures it names ("92 − 46") when the chart was drawn
// from each of them (known, which may be nil) and each gives a number,
// else as stored ("{a} - {b}"), whose names a reader follows to the
// figure's page, where the inputs are listed.
func formulaShown(f models.Figure, known known) string {
	expr, err := models.ParseFormula(f.Formula)
	if err != nil || known == nil {
		return f.Formula
	}
	var inputs []*models.FigureView
	for _, ref := range expr.Refs() {
		inputs = append(inputs, known(ref))
	}
	values := models.InputValues(inputs...)
	for _, ref := range expr.Refs() {
		if _, ok := values[ref]; !ok {
			return f.Formula
		}
	}
	return expr.Explain(values)
}

// tooltipText is everything a reader needs to judge a mark, as plain text
// (the front end inserts it with textContent, never as HTML); a derived
// figure's formula with the numbers of the figures known gives
// (formulaShown).
func tooltipText(l models.Lang, v models.FigureView, known known) string {
	f := v.Figure
	var b strings.Builder
	// Stored text is isolated: a bidirectional control in a quote must not
	// reorder the lines around it (models.IsolateBidi).
	iso := models.IsolateBidi
	fmt.Fprintf(&b, "%s — %s\n", iso(f.AmountLabelIn(l)), iso(v.Metric.LabelIn(l).Text))
	fmt.Fprintf(&b, "%s (%s)\n", f.Period.LabelIn(l, f.Kind), models.KindTextIn(l, f.Kind))
	if f.Qualifier != models.QualExact {
		fmt.Fprintf(&b, "%s\n", i18n.T(l, "chart.tooltip_qualifier", "Qualifier", f.Qualifier.DescribeIn(l)))
	}
	if f.Derived {
		fmt.Fprintf(&b, "%s\n", i18n.T(l, "chart.tooltip_derived", "Formula", formulaShown(f, known)))
	}
	fmt.Fprintf(&b, "%s\n", EvidenceTextIn(l, &f, 280, iso))
	fmt.Fprintf(&b, "— %s", v.CreditIn(l, iso))
	return b.String()
}

// EvidenceTextIn is the figure's evidence for a tooltip or a table cell
// in language l, clipped to n runes and each stored text passed through
// wrap: a quote in quotation marks, as the source wrote it, or a
// paraphrase labelled with who summarised it, so that a summary never
// reads as the source's words.
func EvidenceTextIn(l models.Lang, f *models.Figure, n int, wrap func(string) string) string {
	if f.Paraphrased() {
		return i18n.T(l, "chart.summarised_by", "By", wrap(f.ParaphrasedBy), "Text", wrap(clip(f.Paraphrase, n)))
	}
	return "“" + wrap(clip(f.Quote, n)) + "”"
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// SourceLineIn credits the sources behind a set of figures in language l,
// naming who reported each and where: "Source: Human Rights Watch, via
// Refugees Deeply (News Deeply), 18 Sep 2017", or "Source: Monitor Group,
// Dec 2023" when the reporter published it, at the precision of its date
// ("출처: …, 2017년 9월 18일" in Korean). It also returns the link for the
// chart title: the source's URL when there is one source, else "".
func SourceLineIn(l models.Lang, views []models.FigureView) (string, string) {
	type key struct{ reporter, source string }
	seen := map[key]bool{}
	var parts []string
	urls := map[string]string{}
	for _, v := range views {
		k := key{v.Figure.ReportedBy, v.Source.Key}
		urls[v.Source.Key] = v.Source.URL
		if seen[k] {
			continue
		}
		seen[k] = true
		parts = append(parts, v.CreditIn(l, nil)+", "+v.Source.PublishedShortIn(l))
	}
	sort.Strings(parts)
	parts = dedupe(parts)
	prefix := i18n.T(l, "chart.source_line", "Count", len(parts))
	link := ""
	if len(urls) == 1 {
		for _, u := range urls {
			if models.CheckURL(u) == nil {
				link = u
			}
		}
	}
	if len(parts) == 0 {
		return "", ""
	}
	return prefix + " " + strings.Join(parts, "; "), link
}

func dedupe(xs []string) []string {
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// base applies what every chart shares: title linking to the source, the
// source line drawn at the bottom (so saved images carry it), the toolbox
// with save-as-image and data view, accessibility, and a text tooltip.
func base(c *echarts.BaseConfiguration, title, sourceLine, sourceURL string) {
	t := opts.Title{Title: title, Left: "8", Top: "0"}
	if models.CheckURL(sourceURL) == nil {
		t.Link = sourceURL
		t.Target = "blank"
	}
	c.Title = t
	c.Tooltip = opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}
	c.Aria = &opts.Aria{Enabled: opts.Bool(true)}
}

// finish turns the configuration into an option map and adds the source
// line as a second title at the bottom of the canvas.
func finish(c interface {
	Validate()
	JSON() map[string]any
}, sourceLine string) map[string]any {
	c.Validate()
	m := c.JSON()
	titles := []any{m["title"]}
	if sourceLine != "" {
		titles = append(titles, map[string]any{
			"text": sourceLine, "left": "center", "bottom": "0",
			"textStyle": map[string]any{"fontSize": 11, "fontWeight": "normal", "color": "#444", "width": 560, "overflow": "break", "lineHeight": 14},
		})
	}
	m["title"] = titles
	m["grid"] = map[string]any{"left": "8%", "right": "6%", "top": 64, "bottom": 84, "containLabel": true}
	m["aria"] = map[string]any{"enabled": true}
	return m
}

// WithFilterLine adds line, the filters a chart keeps to in words, under
// its title, so that the chart says what it leaves out wherever it goes: on
// a page of its own (an embed) and in a saved PNG or SVG. options is left
// as it is when line is empty or it has no titles (finish writes them).
// The front end finds the line by its id ("filters") to place it in a
// saved image.
func WithFilterLine(options map[string]any, line string) {
	titles, ok := options["title"].([]any)
	if line == "" || !ok {
		return
	}
	options["title"] = append(slices.Clone(titles), map[string]any{
		"id": "filters", "text": line, "left": "8", "top": "28",
		"textStyle": map[string]any{"fontSize": 12, "fontWeight": "normal", "color": "#444", "width": 560, "overflow": "break", "lineHeight": 14},
	})
}

func slug(s string) string {
	s = strings.ToLower(s)
	var b strings.Builder
	dash := false
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
