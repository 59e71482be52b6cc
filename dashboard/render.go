package dashboard

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/provenance"
	"forcedreturns/models"
)

// pages holds one parsed template set per page, each with the layout and
// the shared partials, so that pages can define the same block names.
type pages struct {
	sets map[string]*template.Template
}

// pageData is what every page template receives.
type pageData struct {
	Title       string
	Description string
	Nav         string // which top-level section is current
	Canonical   string // permalink of the page, if it has one
	Embed       bool   // a bare page for iframes
	Data        any
	Assets      *httpx.Assets
	Editor      *models.Editor // the signed-in editor, nil for readers
	Path        string         // the page's path, for "sign in and come back"
}

func loadPages(a *httpx.Assets) (*pages, error) {
	funcs := template.FuncMap{
		"asset":        a.URL,
		"formatInt":    models.FormatInt,
		"fragmentLink": fragmentLink,
		"safeLink":     safeLink,
		"qualDescribe": func(q models.Qualifier) string { return q.Describe() },
		"date":         func(d models.Date) string { return dateLabel(d) },
		"datetime":     func(t interface{ Format(string) string }) string { return t.Format("2 Jan 2006 15:04 MST") },
		"add":          func(a, b int) int { return a + b },
		"join":         strings.Join,
	}
	layout, err := template.New("layout").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	names, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{sets: map[string]*template.Template{}}
	for _, n := range names {
		t, err := template.Must(layout.Clone()).ParseFS(templateFS, n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		p.sets[strings.TrimPrefix(n, "templates/pages/")] = t
	}
	return p, nil
}

// renderPage renders a page into a buffer first, so that a template error
// becomes a clean 500 instead of half a page.
func (s *Server) renderPage(c *gin.Context, status int, name string, d pageData) {
	d.Assets = s.assets
	d.Path = httpx.SafeNext(c.Request.URL.Path)
	if d.Editor = s.signedInEditor(c); d.Editor != nil {
		c.Header("Cache-Control", "private, no-store")
	}
	t, ok := s.pages.sets[name]
	var buf bytes.Buffer
	err := fmt.Errorf("no template %q", name)
	if ok {
		root := "layout"
		if d.Embed {
			root = "embed"
		}
		err = t.ExecuteTemplate(&buf, root, d)
	}
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
	s.respond(c, status, "text/html; charset=utf-8", buf.Bytes())
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
// not a safe link.
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
