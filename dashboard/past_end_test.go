package dashboard

import (
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestPastTheLastPage: a page of an HTML list past its last is a 404
// that says how many pages the filters give and links to the last one,
// with the filters kept, in English and Korean; the last page itself, and
// the API's list past its end, still answer 200.
func TestPastTheLastPage(t *testing.T) {
	s, _ := newTestServer(t)
	lastLink := regexp.MustCompile(`<a href="([^"]+)">(Go to the last page|마지막 쪽)`)
	for _, tc := range []struct {
		path     string
		want     []string
		linkKeep []string // parameters the link to the last page keeps
	}{
		{"/figures?page=9", []string{"There is no page 9: these filters give 1 page.", "Go to the last page (page 1)"}, nil},
		{"/figures?offset=60", []string{"There is no page 2: these filters give 1 page."}, nil},
		{"/figures?page=9&metric=apprehended&limit=2", []string{"There is no page 9: these filters give 3 pages.", "Go to the last page (page 3)"}, []string{"metric=apprehended", "limit=2"}},
		{"/ko/figures?page=9&metric=apprehended&limit=2", []string{"9쪽은 없습니다. 이 조건으로는 3쪽까지 있습니다.", "마지막 쪽(3쪽)으로 가기"}, []string{"/ko/figures?", "metric=apprehended"}},
		{"/checks?page=9&metric=apprehended", []string{"There is no page 9: these filters give 1 page."}, []string{"/checks?", "metric=apprehended"}},
		{"/checks?limit=1&page=99", []string{"There is no page 99: these filters give 4 pages.", "(page 4)"}, []string{"limit=1", "page=4"}},
		{"/ko/checks?page=9", []string{"9쪽은 없습니다. 이 조건으로는 1쪽까지 있습니다."}, []string{"/ko/checks"}},
	} {
		r := get(t, s, tc.path)
		page := body(t, r)
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", tc.path, r.StatusCode)
			continue
		}
		says(t, tc.path, pageText(page), tc.want, []string{"No figures match", "Page 9 of"})
		m := lastLink.FindStringSubmatch(page)
		if m == nil {
			t.Errorf("%s: no link to the last page", tc.path)
			continue
		}
		link := html.UnescapeString(m[1])
		for _, k := range tc.linkKeep {
			if !strings.Contains(link, k) {
				t.Errorf("%s: the last page's link %s lacks %s", tc.path, link, k)
			}
		}
		if r := get(t, s, link); r.StatusCode != http.StatusOK {
			t.Errorf("%s: its last page %s answers %d", tc.path, link, r.StatusCode)
		}
	}
	for _, path := range []string{"/figures?page=1", "/figures?metric=apprehended&limit=2&page=3", "/checks?limit=1&page=4", "/api/v1/figures?offset=500", "/api/v1/checks?offset=500"} {
		if r := get(t, s, path); r.StatusCode != http.StatusOK {
			t.Errorf("%s: %d, want 200", path, r.StatusCode)
		}
	}
}
