package dashboard

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"forcedreturns/models"
)

// The API's figure list names its next and previous pages in an RFC 8288
// Link header: the body's next and prev links, absolute, also when the
// answer comes from the response cache; the first page has no prev, the
// last no next.
func TestAPIListLinkHeader(t *testing.T) {
	s, _ := newTestServer(t)
	type page struct {
		Total      int
		Next, Prev string
	}
	type links struct{ next, prev string }
	read := func(path string) (page, links) {
		r := get(t, s, path)
		var p struct {
			Total int    `json:"total"`
			Next  string `json:"next"`
			Prev  string `json:"prev"`
		}
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil || r.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %v", path, r.StatusCode, err)
		}
		var l links
		for _, part := range strings.Split(r.Header.Get("Link"), ", ") {
			if href, ok := strings.CutSuffix(part, `>; rel="next"`); ok {
				l.next = strings.TrimPrefix(href, "<")
			}
			if href, ok := strings.CutSuffix(part, `>; rel="prev"`); ok {
				l.prev = strings.TrimPrefix(href, "<")
			}
		}
		return page{Total: p.Total, Next: p.Next, Prev: p.Prev}, l
	}
	abs := func(rel string) string {
		if rel == "" {
			return ""
		}
		return "http://example.com" + rel
	}
	p, l := read("/api/v1/figures?limit=1&sort=id")
	if p.Total < 3 {
		t.Fatalf("the seed has %d figures; the test needs 3", p.Total)
	}
	if p.Next == "" || l.next != abs(p.Next) || l.prev != "" {
		t.Fatalf("first page: Link next %q prev %q, body next %q", l.next, l.prev, p.Next)
	}
	path := p.Next
	for i := 2; i <= p.Total; i++ {
		for j := 0; j < 2; j++ { // rendered, then from the cache
			q, m := read(path)
			if m.next != abs(q.Next) || m.prev != abs(q.Prev) || q.Prev == "" {
				t.Fatalf("page %d (request %d): Link next %q prev %q, body next %q prev %q", i, j+1, m.next, m.prev, q.Next, q.Prev)
			}
			if i == p.Total && q.Next != "" {
				t.Errorf("the last page has a next link %q", q.Next)
			}
			if j == 1 {
				path = q.Next
			}
		}
	}
}

// The OpenAPI document's limit is the server's: 1 to MaxPageSize.
func TestOpenAPILimitMatchesServer(t *testing.T) {
	s, _ := newTestServer(t)
	doc := decode[struct {
		Components struct {
			Parameters map[string]struct {
				Schema struct {
					Minimum, Maximum, Default int
				} `json:"schema"`
			} `json:"parameters"`
		} `json:"components"`
	}](t, get(t, s, "/api/v1/openapi.json"))
	sc := doc.Components.Parameters["filter_limit"].Schema
	if sc.Minimum != 1 || sc.Maximum != models.MaxPageSize || sc.Default != models.DefaultPageSize {
		t.Errorf("limit schema %+v, want 1 to %d, default %d", sc, models.MaxPageSize, models.DefaultPageSize)
	}
	for q, want := range map[string]int{"0": 400, "1": 200, itoa(models.MaxPageSize): 200, itoa(models.MaxPageSize + 1): 400} {
		if r := get(t, s, "/api/v1/figures?limit="+q); r.StatusCode != want {
			t.Errorf("limit=%s: %d, want %d", q, r.StatusCode, want)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
