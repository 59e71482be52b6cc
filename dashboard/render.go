package dashboard

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/i18n"
	"forcedreturns/internal/provenance"
	"forcedreturns/models"
)

// pageData is what every page template receives.
type pageData struct {
	Title       string
	Description string
	Nav         string // which top-level section is current
	Canonical   string // permalink of the page, if it has one; made absolute by renderPage
	Embed       bool   // a bare page for iframes
	Charts      bool   // the page has a chart: app.js may load the chart bundle
	Data        any
	Assets      *httpx.Assets
	Editor      *models.Editor // the signed-in editor, nil for readers
	Path        string         // the page's path, for "sign in and come back"
	// Lang is the page's language (httpx.Lang); Here is its path and
	// query without the language prefix, for the language switch.
	Lang models.Lang
	Here string
	// Alternates are the page in every language, absolute, when it has a
	// canonical address (hreflang links).
	Alternates []alternate
}

// alternate is the page's address in one language.
type alternate struct {
	Lang models.Lang
	Href string
}

// loadPages parses every page template with the functions they may
// call, once per language: each set's functions write in its language.
func loadPages(a *httpx.Assets) (map[models.Lang]*httpx.Templates, error) {
	sets := map[models.Lang]*httpx.Templates{}
	for _, l := range models.Langs {
		t, err := httpx.LoadTemplates(templateFS, pageFuncs(a, l), []string{"templates/layout.html", "templates/partials/*.html"}, "templates/pages/*.html")
		if err != nil {
			return nil, err
		}
		sets[l] = t
	}
	return sets, nil
}

// pageFuncs are the template functions of language l. t and th write a
// catalogue message (internal/i18n; th one with markup), href a path of
// the site in l; numbers, dates and amounts take l's forms (models …In).
func pageFuncs(a *httpx.Assets, l models.Lang) template.FuncMap {
	fm := template.FuncMap{
		"t":             func(key string, args ...any) string { return i18n.T(l, key, args...) },
		"th":            func(key string, args ...any) template.HTML { return i18n.HTML(l, key, args...) },
		"href":          func(path string) string { return httpx.LangPath(l, path) },
		"amount":        func(f models.Figure) string { return f.AmountLabelIn(l) },
		"valueLabel":    func(f models.Figure) string { return f.ValueLabelIn(l) },
		"period":        func(f models.Figure) string { return f.Period.LabelIn(l, f.Kind) },
		"precisionText": func(p models.Period) string { return p.PrecisionTextIn(l) },
		"textLang":      textLang,
		"asset":         a.URL,
		"assets":        a.URLs,
		"formatInt":     func(n int64) string { return models.FormatIntIn(l, n) },
		"fragmentLink":  fragmentLink,
		// credit and carriage write who published what, carried sources
		// included, in l (models.FigureView.CreditIn, models.CarriageIn).
		"credit":         func(v models.FigureView) string { return v.CreditIn(l, nil) },
		"carriage":       func(s, original models.Source) string { return models.CarriageIn(l, s, original, nil) },
		"safeLink":       safeLink,
		"qualDescribe":   func(q models.Qualifier) string { return q.DescribeIn(l) },
		"date":           func(d models.Date) string { return dateLabel(l, d) },
		"datetime":       func(t interface{ Format(string) string }) string { return models.DateTimeIn(l, t) },
		"add":            func(a, b int) int { return a + b },
		"join":           strings.Join,
		"siteName":       func() string { return i18n.T(l, "site.name") },
		"published":      func(s models.Source) string { return s.PublishedShortIn(l) },
		"sourceKind":     func(k models.SourceKind) string { return sourceKindText(l, k) },
		"revisionAction": func(a string) string { return revisionAction(l, a) },
		"checkOutcome":   func(name, label string) string { return httpx.CheckOutcome(l, name, label) },
		"checkKind":      func(name, label string) string { return httpx.CheckKind(l, name, label) },
		"kindName":       func(k models.QuantityKind) string { return models.KindNameIn(l, k) },
		"kindLabel":      func(k models.QuantityKind) string { return models.KindTextIn(l, k) },
		"roleName":       func(r models.Role) string { return r.NameIn(l) },
		"langName":       func(tag string) string { return langName(l, tag) },
		"unitName":       func(unit string) string { return unitName(l, unit) },
	}
	for name, f := range bilingualFuncs(l) {
		fm[name] = f
	}
	return fm
}

// sourceKindText names a kind of source for a reader: the kind as stored
// in English (news, ngo_report), its name in other languages.
func sourceKindText(l models.Lang, kind models.SourceKind) string {
	if l == models.English {
		return string(kind)
	}
	switch kind {
	case models.KindNews:
		return i18n.T(l, "source_kind.news")
	case models.KindCommentary:
		return i18n.T(l, "source_kind.commentary")
	case models.KindNGOReport:
		return i18n.T(l, "source_kind.ngo_report")
	case models.KindPressRelease:
		return i18n.T(l, "source_kind.press_release")
	case models.KindUN:
		return i18n.T(l, "source_kind.un")
	case models.KindGovernment:
		return i18n.T(l, "source_kind.government")
	case models.KindDataset:
		return i18n.T(l, "source_kind.dataset")
	}
	return string(kind)
}

// revisionAction names a revision's action in a history list and in the
// notice of a form changed meanwhile: as stored in English (create,
// update), as the histories have always shown it; in another language
// the name recent changes gives it (actionLabel), so a Korean reader
// meets one word for each action.
func revisionAction(l models.Lang, action string) string {
	if l == models.English {
		return action
	}
	return actionLabel(l, action)
}

// textLang is the language tag of a source's text, for the lang
// attribute of its quotes and title: "" (no attribute) when the source
// gives none.
func textLang(s models.Source) string { return s.Language }

// renderPage renders a page into a buffer first, so that a template error
// becomes a clean 500 instead of half a page.
func (s *Server) renderPage(c *gin.Context, status int, name string, d pageData) {
	d.Assets = s.assets
	d.Lang = httpx.Lang(c)
	d.Path = httpx.SafeNext(c.Request.URL.Path)
	d.Here = d.Path
	if q := c.Request.URL.RawQuery; q != "" {
		d.Here = httpx.SafeNext(d.Path + "?" + q)
	}
	// Links pasted elsewhere (canonical, Open Graph) are absolute, and
	// name the page in its language; the alternates name it in each.
	if strings.HasPrefix(d.Canonical, "/") {
		base := s.site.BaseURL(c)
		for _, l := range models.Langs {
			d.Alternates = append(d.Alternates, alternate{l, base + httpx.LangPath(l, d.Canonical)})
		}
		d.Canonical = base + httpx.LangPath(d.Lang, d.Canonical)
	}
	if d.Description == "" {
		d.Description = i18n.T(d.Lang, "site.summary")
	}

	if d.Editor = s.signedInEditor(c); d.Editor != nil {
		c.Header("Cache-Control", "private, no-store")
	}
	root := "layout"
	if d.Embed {
		root = "embed"
	}
	httpx.VaryLang(c)
	body, err := s.pages[d.Lang].Render(name, root, d)
	if err != nil {
		s.log.Error("template", "page", name, "error", err.Error())
		if name != "error.html" {
			s.renderPage(c, http.StatusInternalServerError, "error.html", pageData{Title: httpx.StatusTitle(d.Lang, http.StatusInternalServerError),
				Data: httpx.ErrorBody{Status: 500, Code: models.EInternal, Message: httpx.InternalMessage}})
			return
		}
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("internal error"))
		return
	}
	s.respond(c, status, "text/html; charset=utf-8", body)
}

// safeLink returns u only if it is an http(s) URL with a host; anything else
// (javascript:, data:, //host) becomes "" and the template shows no link.
func safeLink(u string) string {
	if models.CheckURL(u) != nil {
		return ""
	}
	return u
}

// fragmentLink is the source URL scrolled to the quote, or "" if the URL is
// not a safe link. The figure page builds both its links with it, on the
// source's URL and on its archived copy, so they carry the same fragment.
func fragmentLink(pageURL, quote string) string {
	if safeLink(pageURL) == "" {
		return ""
	}
	l, err := provenance.FragmentLink(pageURL, quote)
	if err != nil {
		return safeLink(pageURL)
	}
	return l
}

// dateLabel writes a day (a date of access, a revision's day) in l:
// "2 Jan 2006", "2006년 1월 2일".
func dateLabel(l models.Lang, d models.Date) string {
	if d.IsZero() {
		return ""
	}
	if l != models.English {
		return models.PartialDate{Start: d, End: d, Precision: models.PrecisionDay}.LabelIn(l)
	}
	return d.Time().Format("2 Jan 2006")
}

// langName names a source's language (a BCP 47 tag) for a reader: the tag
// itself in English, as the page has always shown it; in Korean the name
// of the site's languages, other tags as they are.
func langName(l models.Lang, tag string) string {
	if l == models.English {
		return tag
	}
	switch tag {
	case "en":
		return i18n.T(l, "lang_name.en")
	case "ko":
		return i18n.T(l, "lang_name.ko")
	}
	return tag
}

// unitName names a metric's unit: as the metric names it in English, and
// "people" in the reader's language otherwise.
func unitName(l models.Lang, unit string) string {
	if l == models.English || unit != models.UnitPeople {
		return unit
	}
	return i18n.T(l, "metrics.unit_people")
}
