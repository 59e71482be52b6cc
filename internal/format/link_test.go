package format

import (
	"fmt"
	"testing"

	"forcedreturns/internal/provenance"
)

// TestLinksAsFragmentLink: a link from Links, built from the URL and the
// quote it remembers apart, is provenance.FragmentLink's, or "" where that
// fails, whatever was asked before it: valid and invalid URLs and quotes,
// each asked again, past the bound of what it remembers.
func TestLinksAsFragmentLink(t *testing.T) {
	urls := []string{"https://example.org/a#old", "", "ftp://example.org/x", "https://archive.example.org/b?c=d", "not a url"}
	quotes := []string{"92 were caught, among them a newborn.", "", "  \n ", "\xff", "46 remain in custody"}
	var links Links
	check := func(url, quote string) {
		t.Helper()
		want, err := provenance.FragmentLink(url, quote)
		if err != nil {
			want = ""
		}
		if got := links.Link(url, quote); got != want {
			t.Fatalf("Link(%q, %q) = %q, want %q", url, quote, got, want)
		}
	}
	for range 2 {
		for _, u := range urls {
			for _, q := range quotes {
				check(u, q)
			}
		}
	}
	for i := range MaxCachedLinks + 10 {
		check(urls[i%len(urls)], fmt.Sprintf("quote %d", i))
		check(fmt.Sprintf("https://example.org/%d", i), quotes[i%len(quotes)])
	}
}
