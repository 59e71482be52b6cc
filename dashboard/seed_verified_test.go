package dashboard

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"forcedreturns/seeds"
)

// TestSeedFiguresVerifiedOutOfTheBox checks that a fresh install, seeded
// and given no article text, shows every seed figure as verified: the
// seed ships its verification record (the article's SHA-256 and each
// quote's offsets), so the figure page states it with no verify run.
func TestSeedFiguresVerifiedOutOfTheBox(t *testing.T) {
	b, err := seeds.Batch()
	if err != nil {
		t.Fatal(err)
	}
	sha := b.Sources[0].TextSHA256
	if len(sha) != 64 {
		t.Fatalf("the seed source's text_sha256 is %q, want the article's SHA-256", sha)
	}
	s, _ := newTestServer(t)
	for _, f := range b.Figures {
		t.Run(f.Key, func(t *testing.T) {
			if f.QuoteStart == nil || f.QuoteEnd == nil {
				t.Fatalf("seed figure has no quote offsets")
			}
			resp := get(t, s, "/figures/"+f.Key)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET /figures/%s: %d", f.Key, resp.StatusCode)
			}
			page := string(body)
			want := fmt.Sprintf("Verified against the source text (sha256 <code class=\"hash\">%s</code>), bytes %d–%d of that text (UTF-8).", sha, *f.QuoteStart, *f.QuoteEnd)
			if !strings.Contains(page, want) {
				t.Errorf("the page does not say %q", want)
			}
			if strings.Contains(page, "Not verified against the source text") {
				t.Error("the page says the seed figure is not verified")
			}
		})
	}
}
