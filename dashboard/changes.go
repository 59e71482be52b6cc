package dashboard

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

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

var actionLabels = map[string]string{
	models.ActionCreate: "Added", models.ActionUpdate: "Changed",
	models.ActionRetract: "Retracted", models.ActionRestore: "Restored",
}

func (s *Server) recentChanges(c *gin.Context) ([]changeView, error) {
	revs, err := s.store.RecentFigureRevisions(c.Request.Context(), recentChangesLimit)
	if err != nil {
		return nil, err
	}
	out := make([]changeView, len(revs))
	for i, r := range revs {
		label := actionLabels[r.Action]
		if label == "" {
			label = r.Action
		}
		out[i] = changeView{Key: r.EntityKey, Version: r.Version, Action: label, Title: snapshotTitle(r.Snapshot, r.EntityKey),
			Editor: r.Editor, Reason: r.Reason, When: r.CreatedAt,
			Link: "/figures/" + url.PathEscape(r.EntityKey) + "?version=" + strconv.Itoa(r.Version)}
	}
	return out, nil
}

// snapshotTitle names a figure as a revision recorded it: its value and
// metric, and whom it counts; the figure's id when the snapshot says less.
func snapshotTitle(snapshot, key string) string {
	var sn struct {
		ValueLabel string          `json:"value_label"`
		Metric     json.RawMessage `json:"metric"`
		Population string          `json:"population"`
	}
	if json.Unmarshal([]byte(snapshot), &sn) != nil || sn.ValueLabel == "" {
		return "Figure " + key
	}
	var m struct {
		Label string `json:"label"`
	}
	var slug string
	metric := ""
	if json.Unmarshal(sn.Metric, &m) == nil && m.Label != "" {
		metric = m.Label
	} else if json.Unmarshal(sn.Metric, &slug) == nil {
		metric = slug
	}
	t := sn.ValueLabel
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
	s.renderPage(c, http.StatusOK, "changes.html", pageData{Title: "Recent changes", Canonical: "/changes", Data: changes,
		Description: "The latest figures added, changed, retracted and restored, newest first."})
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
	base := s.site.BaseURL(c)
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
			e.Author.Name = siteName
		}
		summary := "Figure " + ch.Key + ", version " + strconv.Itoa(ch.Version) + "."
		if ch.Reason != "" {
			summary += " Reason: " + ch.Reason
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
	}{Title: siteName + ": recent changes", ID: base + "/feed.atom", Updated: updated.Format(time.RFC3339),
		Links:  []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + "/feed.atom"}, {Rel: "alternate", Type: "text/html", Href: base + "/changes"}},
		Author: siteName, Entries: entries}
	b, err := xml.Marshal(doc)
	if err != nil {
		return err
	}
	s.respond(c, http.StatusOK, "application/atom+xml; charset=utf-8", append([]byte(xml.Header), b...))
	return nil
}
