package checks

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"forcedreturns/models"
)

var update = flag.Bool("update", false, "rewrite testdata/version.golden (after bumping Version)")

var versionGolden = filepath.Join("testdata", "version.golden")

// versionHashes hashes the results of the checks on fixed sets of
// figures: the seed, the multi-report set and random figures of every
// kind of relation.
func versionHashes(t *testing.T) string {
	t.Helper()
	// Each set's line hashes the results as the API writes them in
	// English, and the line after it their Korean wording.
	hash := func(rs []Result) string {
		var out []string
		for _, l := range models.Langs {
			b, err := json.Marshal(In(l, rs))
			if err != nil {
				t.Fatal(err)
			}
			h := sha256.Sum256(b)
			out = append(out, hex.EncodeToString(h[:]))
		}
		return strings.Join(out, "\n  "+string(models.Korean)+" ")
	}
	var b strings.Builder
	ms := seedMetrics(t)
	fmt.Fprintf(&b, "seed %s\n", hash(Options{Cohorts: DefaultCohorts(), Sources: seedSources(t), Metrics: ms}.Run(seedFigures(t))))
	figs, srcs := multiReportFigures(t)
	carried := Carried{}
	for k, s := range srcs {
		if s.Original != "" {
			carried[k] = s.Original
		}
	}
	fmt.Fprintf(&b, "multireport %s\n", hash(Default(srcs, carried, ms).Run(figs)))
	r := rand.New(rand.NewSource(7))
	for i := range 20 {
		fmt.Fprintf(&b, "random%02d %s\n", i, hash(Options{Cohorts: DefaultCohorts()}.Run(randomFigures(r, 5+r.Intn(60)))))
	}
	return b.String()
}

// TestVersion fails when the checks' results change while Version stays:
// stored results computed under that version would then be read as
// current. Bump Version, then run
// go test ./internal/checks -run TestVersion -update.
func TestVersion(t *testing.T) {
	got := fmt.Sprintf("version %d\n", Version) + versionHashes(t)
	b, err := os.ReadFile(versionGolden)
	if err != nil && !*update {
		t.Fatal(err)
	}
	want := string(b)
	if got == want {
		return
	}
	first, _, _ := strings.Cut(want, "\n")
	sameVersion := first == fmt.Sprintf("version %d", Version)
	switch {
	case *update && sameVersion:
		t.Fatalf("the checks' results changed but Version is still %d: bump checks.Version, then run -update", Version)
	case *update:
		if err := os.WriteFile(versionGolden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	case sameVersion:
		t.Errorf("the checks' results changed but Version is still %d: bump checks.Version (stored results are computed again under a new one), then run go test ./internal/checks -run TestVersion -update\n got:\n%s\nwant:\n%s", Version, got, want)
	default:
		t.Errorf("checks.Version is %d but %s holds %q: run go test ./internal/checks -run TestVersion -update", Version, versionGolden, first)
	}
}
