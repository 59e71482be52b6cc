package dashboard

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"forcedreturns/models"
)

// Search engines: robots.txt names the sitemap; /sitemap.xml is an index
// of bounded sitemaps, one of the site's pages and sources and as many of
// figures as there are, sitemapSize a file, so a million figures make a
// hundred files rather than one that no crawler would read. Everything
// here is the public view whoever asks: drafts never appear.

// sitemapSize is the number of figure pages in one sitemap file (the
// protocol allows 50,000; smaller files are quicker to build and fetch).
var sitemapSize = 10000

// robots answers GET /robots.txt.
func (s *Server) robots(c *gin.Context) error {
	base := s.site.BaseURL(c)
	body := "User-agent: *\n" +
		"Disallow: /signin\n" +
		"Disallow: /account\n" +
		"Disallow: /embed/\n" +
		"Disallow: /*/new\n" +
		"Disallow: /*/edit\n" +
		"Allow: /\n" +
		"Sitemap: " + base + "/sitemap.xml\n"
	if s.notModified(c, "robots", body) {
		return nil
	}
	s.respond(c, http.StatusOK, "text/plain; charset=utf-8", []byte(body))
	return nil
}

type sitemapLoc struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemapIndex answers GET /sitemap.xml: the list of sitemaps.
func (s *Server) sitemapIndex(c *gin.Context) error {
	if done, err := s.unchanged(c, "sitemap-index"); err != nil || done {
		return err
	}
	f := models.FigureFilter{Audience: models.AudiencePublic, Limit: 1}
	p, err := s.store.FigurePage(c.Request.Context(), f)
	if err != nil {
		return err
	}
	base := s.site.BaseURL(c)
	maps := []sitemapLoc{{Loc: base + "/sitemaps/pages.xml"}}
	for n := 1; (n-1)*sitemapSize < p.Total; n++ {
		maps = append(maps, sitemapLoc{Loc: base + "/sitemaps/figures-" + strconv.Itoa(n) + ".xml"})
	}
	return s.writeXML(c, struct {
		XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Maps    []sitemapLoc `xml:"sitemap"`
	}{Maps: maps})
}

// sitemap answers GET /sitemaps/pages.xml (the site's pages and every
// source) and /sitemaps/figures-N.xml (the Nth sitemapSize figures by id).
func (s *Server) sitemap(c *gin.Context) error {
	ctx := c.Request.Context()
	name := c.Param("name")
	n := 0
	if rest, ok := strings.CutPrefix(name, "figures-"); ok {
		num, ok := strings.CutSuffix(rest, ".xml")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 || strconv.Itoa(v) != num {
			return noSitemap(name)
		}
		n = v
	} else if name != "pages.xml" {
		return noSitemap(name)
	}
	if done, err := s.unchanged(c, "sitemap", name); err != nil || done {
		return err
	}
	base := s.site.BaseURL(c)
	var urls []sitemapLoc
	if n == 0 {
		for _, p := range []string{"/", "/figures", "/sources", "/metrics", "/checks", "/about", "/changes"} {
			urls = append(urls, sitemapLoc{Loc: base + p})
		}
		srcs, err := s.store.ListSources(ctx)
		if err != nil {
			return err
		}
		for _, src := range srcs {
			urls = append(urls, sitemapLoc{Loc: base + "/sources/" + url.PathEscape(src.Key), LastMod: lastMod(src.UpdatedAt)})
		}
	} else {
		f := models.FigureFilter{Audience: models.AudiencePublic, Limit: sitemapSize, Offset: (n - 1) * sitemapSize}
		figs, err := s.store.FigureStamps(ctx, f)
		if err != nil {
			return err
		}
		if len(figs) == 0 {
			return noSitemap(name)
		}
		for i := range figs {
			urls = append(urls, sitemapLoc{Loc: base + "/figures/" + url.PathEscape(figs[i].Key), LastMod: lastMod(figs[i].UpdatedAt)})
		}
	}
	return s.writeXML(c, struct {
		XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []sitemapLoc `xml:"url"`
	}{URLs: urls})
}

func noSitemap(name string) error {
	return models.Errorf(models.ENotFound, "There is no sitemap %q: see /sitemap.xml for the list.", name)
}

func lastMod(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// writeXML responds with v as an XML document (every value escaped by
// encoding/xml).
func (s *Server) writeXML(c *gin.Context, v any) error {
	b, err := xml.Marshal(v)
	if err != nil {
		return err
	}
	s.respond(c, http.StatusOK, "application/xml; charset=utf-8", append([]byte(xml.Header), b...))
	return nil
}
