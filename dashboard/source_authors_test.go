package dashboard

import "testing"

// A source's authors and their affiliation read as one line, without
// parentheses inside parentheses: the seed's affiliation carries the
// author's role in its own.
func TestSourceAuthorsAndAffiliation(t *testing.T) {
	s, _ := newTestServer(t)
	answers(t, s, "/sources/refugees-deeply-2017-09-18-china-dragnet", 200, "text/html",
		[]string{"Phil Robertson, Human Rights Watch (deputy Asia director)"}, []string{"director))"})
}
