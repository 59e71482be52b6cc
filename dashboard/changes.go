package dashboard

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// Recent changes of published figures, as a page (/changes) and as an
// Atom feed (/feed.atom). Both are the public view whoever asks
// (Store.RecentFigureRevisions): drafts and draft-era revisions never
// appear.

// recentChangesLimit is how many changes the page and the feed list.
const recentChangesLimit = 50

// changeView is one revision of a published figure, as listed.
type changeView struct {
	Key     string
	Version int
	Action  string // "Added", "Changed", "Retracted", "Restored"
	Title   string // the figure as recorded then, or its id
	Editor  string
	Reason  string
	When    time.Time
	Link    string // the version's page, relative
}

// actionLabel names a revision's action in language l: "Added",
// "Changed", "Retracted", "Restored"; an action without a name is shown
// as recorded.
func actionLabel(l models.Lang, action string) string {
	switch action {
	case models.ActionCreate:
		return i18n.T(l, "changes.added")
	case models.ActionUpdate:
		return i18n.T(l, "changes.changed")
	case models.ActionRetract:
		return i18n.T(l, "changes.retracted")
	case models.ActionRestore:
		return i18n.T(l, "changes.restored")
	case models.ActionDraft:
		return i18n.T(l, "history.draft")
	}
	return action
}

func (s *Server) recentChanges(c *gin.Context) ([]changeView, error) {
	revs, err := s.store.RecentFigureRevisions(c.Request.Context(), recentChangesLimit)
	if err != nil {
		return nil, err
	}
	l := httpx.Lang(c)
	out := make([]changeView, len(revs))
	for i, r := range revs {
		out[i] = changeView{Key: r.EntityKey, Version: r.Version, Action: actionLabel(l, r.Action), Title: snapshotTitle(l, r.Snapshot, r.EntityKey),
			Editor: r.Editor, Reason: r.Reason, When: r.CreatedAt,
			Link: httpx.LangPath(l, "/figures/"+url.PathEscape(r.EntityKey)) + "?version=" + strconv.Itoa(r.Version)}
	}
	return out, nil
}

// snapshotTitle names a figure as a revision recorded it: its value and
// metric, and whom it counts; the figure's id when the snapshot says less.
// In English the value is the label the revision stored; in another
// language it is written again from the stored number and qualifier (the
// same function the figure's page uses), and the metric is its label in
// that language where the revision recorded one.
func snapshotTitle(l models.Lang, snapshot, key string) string {
	var sn struct {
		ValueLabel string          `json:"value_label"`
		Qualifier  string          `json:"qualifier"`
		Value      *int64          `json:"value"`
		ValueLow   *int64          `json:"value_low"`
		ValueHigh  *int64          `json:"value_high"`
		ValueText  string          `json:"value_text"`
		Unit       string          `json:"unit"`
		Metric     json.RawMessage `json:"metric"`
		Population string          `json:"population"`
	}
	if json.Unmarshal([]byte(snapshot), &sn) != nil || sn.ValueLabel == "" {
		return i18n.T(l, "changes.figure", "Key", key)
	}
	var m struct {
		Label   string `json:"label"`
		LabelKo string `json:"label_ko"`
	}
	var slug string
	metric := ""
	if json.Unmarshal(sn.Metric, &m) == nil && m.Label != "" {
		metric = models.Metric{Label: m.Label, LabelKo: m.LabelKo}.LabelIn(l).Text
	} else if json.Unmarshal(sn.Metric, &slug) == nil {
		metric = slug
	}
	t := sn.ValueLabel
	if q := models.Qualifier(sn.Qualifier); l != models.English && q.Valid() {
		f := models.Figure{Qualifier: q, Value: deref(sn.Value), ValueLow: deref(sn.ValueLow), ValueHigh: deref(sn.ValueHigh),
			ValueText: sn.ValueText, Unit: sn.Unit}
		t = f.ValueLabelIn(l)
	}
	if metric != "" {
		t += " " + metric
	}
	if sn.Population != "" {
		t += " — " + sn.Population
	}
	return t
}

// changesPage answers GET /changes.
func (s *Server) changesPage(c *gin.Context) error {
	if done, err := s.unchanged(c, "changes"); err != nil || done {
		return err
	}
	changes, err := s.recentChanges(c)
	if err != nil {
		return err
	}
	l := httpx.Lang(c)
	s.renderPage(c, http.StatusOK, "changes.html", pageData{Title: i18n.T(l, "changes.title"), Canonical: "/changes", Data: changes,
		Description: i18n.T(l, "changes.summary")})
	return nil
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr,omitempty"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Link    atomLink `xml:"link"`
	Author  struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Summary atomText `xml:"summary"`
}

// feed answers GET /feed.atom: the recent changes as an Atom feed, every
// value escaped by encoding/xml, every link absolute.
func (s *Server) feed(c *gin.Context) error {
	if done, err := s.unchanged(c, "feed"); err != nil || done {
		return err
	}
	changes, err := s.recentChanges(c)
	if err != nil {
		return err
	}
	l := httpx.Lang(c)
	base := s.site.BaseURL(c)
	name := i18n.T(l, "site.name")
	updated := time.Unix(0, 0).UTC()
	entries := make([]atomEntry, len(changes))
	for i, ch := range changes {
		if ch.When.After(updated) {
			updated = ch.When
		}
		e := atomEntry{ID: base + ch.Link, Title: ch.Action + ": " + ch.Title, Updated: ch.When.UTC().Format(time.RFC3339),
			Link: atomLink{Rel: "alternate", Type: "text/html", Href: base + ch.Link}}
		e.Author.Name = ch.Editor
		if e.Author.Name == "" {
			e.Author.Name = name
		}
		summary := i18n.T(l, "changes.feed_summary", "Key", ch.Key, "Version", strconv.Itoa(ch.Version))
		if ch.Reason != "" {
			summary += " " + i18n.T(l, "changes.feed_reason", "Reason", ch.Reason)
		}
		e.Summary = atomText{Type: "text", Body: summary}
		entries[i] = e
	}
	doc := struct {
		XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string      `xml:"title"`
		ID      string      `xml:"id"`
		Updated string      `xml:"updated"`
		Links   []atomLink  `xml:"link"`
		Author  string      `xml:"author>name"`
		Entries []atomEntry `xml:"entry"`
	}{Title: i18n.T(l, "layout.feed_title"), ID: base + httpx.LangPath(l, "/feed.atom"), Updated: updated.Format(time.RFC3339),
		Links:  []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + httpx.LangPath(l, "/feed.atom")}, {Rel: "alternate", Type: "text/html", Href: base + httpx.LangPath(l, "/changes")}},
		Author: name, Entries: entries}
	b, err := xml.Marshal(doc)
	if err != nil {
		return err
	}
	s.respond(c, http.StatusOK, "application/atom+xml; charset=utf-8", append([]byte(xml.Header), b...))
	return nil
}

// deref is *p, or 0 for a number the snapshot left null.
func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
