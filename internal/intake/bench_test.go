package intake

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// megabyte is the corpus's reports repeated to 1 MB.
func megabyte(b *testing.B) string {
	b.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.txt"))
	if err != nil || len(names) == 0 {
		b.Fatalf("no corpus texts: %v", err)
	}
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		for _, n := range names {
			raw, err := os.ReadFile(n)
			if err != nil {
				b.Fatal(err)
			}
			sb.Write(raw)
			sb.WriteString("\n\n")
		}
	}
	return sb.String()[:1<<20]
}

// BenchmarkPropose1MB proposes the figures of a 1 MB text. Compare with
// BenchmarkFields1MB, strings.Fields over the same text in the same run
// (.ci/intake.sh prints the ratio); the target is under a second.
func BenchmarkPropose1MB(b *testing.B) {
	text := megabyte(b)
	src := source(b, "2021-03-15")
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		if len(Propose(text, src, Options{})) == 0 {
			b.Fatal("no proposals")
		}
	}
}

// BenchmarkFields1MB is the reference: splitting the same text into
// words.
func BenchmarkFields1MB(b *testing.B) {
	text := megabyte(b)
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		if len(strings.Fields(text)) == 0 {
			b.Fatal("no words")
		}
	}
}
