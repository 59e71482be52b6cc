package provenance

import (
	"strings"
	"testing"
)

func TestIsHTMLName(t *testing.T) {
	for name, want := range map[string]bool{
		"report.html": true, "report.HTM": true, "dir.txt/page.xhtml": true, "a.b.Html": true,
		"report.txt": false, "report": false, "html": false, "report.html.txt": false, "-": false, "page.htmlx": false,
	} {
		if got := IsHTMLName(name); got != want {
			t.Errorf("IsHTMLName(%q) = %v, want %v", name, got, want)
		}
	}
}

// ReadText stops one byte past MaxTextSize, so that VerifySource refuses
// the text as too large, and reads a text of the limit whole.
func TestReadText(t *testing.T) {
	for _, tt := range []struct {
		size, want int
	}{{0, 0}, {10, 10}, {MaxTextSize, MaxTextSize}, {MaxTextSize + 1, MaxTextSize + 1}, {MaxTextSize + 100, MaxTextSize + 1}} {
		b, err := ReadText(strings.NewReader(strings.Repeat("a", tt.size)))
		if err != nil || len(b) != tt.want {
			t.Errorf("ReadText of %d bytes: %d bytes, %v; want %d", tt.size, len(b), err, tt.want)
		}
	}
	b, _ := ReadText(strings.NewReader(strings.Repeat("a", MaxTextSize+100)))
	if _, err := VerifySource(b, false, nil); err == nil {
		t.Error("VerifySource accepted what ReadText read of a text over the limit")
	}
}
