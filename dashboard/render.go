package dashboard

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
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
}

// siteName and siteDescription introduce the tracker where a page has
// nothing more specific to say (search results, link previews).
const (
	siteName        = "Forced Returns Tracker"
	siteDescription = "Sourced figures on forced returns of refugees, each linked to the sentence of the report it comes from."
)

// loadPages parses every page template with the functions they may call.
func loadPages(a *httpx.Assets) (*httpx.Templates, error) {
	funcs := template.FuncMap{
		"asset":        a.URL,
		"formatInt":    models.FormatInt,
		"fragmentLink": fragmentLink,
		// credit and carriage write who published what, carried sources
		// included (models.FigureView.Credit, models.Carriage).
		"credit":       func(v models.FigureView) string { return v.Credit(nil) },
		"carriage":     func(s, original models.Source) string { return models.Carriage(s, original, nil) },
		"safeLink":     safeLink,
		"qualDescribe": func(q models.Qualifier) string { return q.Describe() },
		"date":         func(d models.Date) string { return dateLabel(d) },
		"datetime":     func(t interface{ Format(string) string }) string { return t.Format("2 Jan 2006 15:04 MST") },
		"add":          func(a, b int) int { return a + b },
		"join":         strings.Join,
		"siteName":     func() string { return siteName },
	}
	return httpx.LoadTemplates(templateFS, funcs, []string{"templates/layout.html", "templates/partials/*.html"}, "templates/pages/*.html")
}

// renderPage renders a page into a buffer first, so that a template error
// becomes a clean 500 instead of half a page.
func (s *Server) renderPage(c *gin.Context, status int, name string, d pageData) {
	d.Assets = s.assets
	d.Path = httpx.SafeNext(c.Request.URL.Path)
	// Links pasted elsewhere (canonical, Open Graph) are absolute.
	if strings.HasPrefix(d.Canonical, "/") {
		d.Canonical = s.site.BaseURL(c) + d.Canonical
	}
	if d.Description == "" {
		d.Description = siteDescription
	}
	if d.Editor = s.signedInEditor(c); d.Editor != nil {
		c.Header("Cache-Control", "private, no-store")
	}
	root := "layout"
	if d.Embed {
		root = "embed"
	}
	body, err := s.pages.Render(name, root, d)
	if err != nil {
		s.log.Error("template", "page", name, "error", err.Error())
		if name != "error.html" {
			s.renderPage(c, http.StatusInternalServerError, "error.html", pageData{Title: "Internal Server Error",
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

func dateLabel(d models.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format("2 Jan 2006")
}
