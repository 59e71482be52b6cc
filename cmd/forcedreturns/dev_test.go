package main

import (
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"

	"forcedreturns/models"
)

// TestDevGenerate fills a seeded database with 1,000 synthetic figures and
// exports them: every status together gives the seed's figures plus the
// generated ones, and the default listing leaves the drafts out.
func TestDevGenerate(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 1,000 figures")
	}
	c := newSeededCLI(t)
	seedN := len(seedBatch(t).Figures)
	contains(t, "dev generate", c.ok("dev", "generate", "--figures", "1000"), "generated 1000 figures in ")

	file := c.path("all.csv")
	c.ok("export", "--status", "draft,published,retracted", "--out", file)
	all := parseCSV(t, readFile(t, file))
	if got, want := len(all.rows), 1000+seedN; got != want {
		t.Fatalf("export of every status has %d rows, want %d (1000 generated + %d seed)", got, want, seedN)
	}
	statuses := map[string]int{}
	generated := 0
	for _, r := range all.rows {
		statuses[r["status"]]++
		if strings.HasPrefix(r["figure_id"], "syn-") {
			generated++
		}
	}
	if generated != 1000 {
		t.Errorf("%d exported figures have generated (syn-) ids, want 1000", generated)
	}
	// By default, lists and exports show the public figures: no drafts.
	public := statuses[string(models.StatusPublished)] + statuses[string(models.StatusRetracted)]
	contains(t, "figures", c.ok("figures", "--limit", "1"), fmt.Sprintf("1 of %d figures", public))
	contains(t, "figures --status draft", c.ok("figures", "--limit", "1", "--status", "draft"),
		fmt.Sprintf(" of %d figures", statuses[string(models.StatusDraft)]))

	// Same seed, same keys: a second run is refused and adds nothing.
	r := c.run("dev", "generate", "--figures", "10")
	if r.code != exitFailure {
		t.Errorf("a second run with the same seed: exit %d, want %d: %s", r.code, exitFailure, r)
	}
	contains(t, "dev generate --figures 10 --seed 2", c.ok("dev", "generate", "--figures", "10", "--seed", "2"), "generated 10 figures")
	if got := len(c.figureKeys()); got != 1010+seedN {
		t.Errorf("%d figures after the failed and the second run, want %d", got, 1010+seedN)
	}
}

// TestBulkRoundTrip: an export of more figures than a refresh of the
// checks takes one by one (so its import is a bulk load on SQLite)
// imports into an empty database, and that database's export is the same
// file byte for byte but for the last_modified column (the time of the
// import); so is the export after a second round.
func TestBulkRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and imports 2,100 figures twice")
	}
	exportOf := func(c *cli) (string, []string) {
		out, metrics, sources := c.path("export.csv"), c.path("metrics.csv"), c.path("sources.csv")
		c.ok("export", "--status", "draft,published,retracted", "--out", out, "--metrics", metrics, "--sources", sources)
		return readFile(t, out), []string{"--metrics", metrics, "--sources", sources, out}
	}
	withoutLastModified := func(file string) string {
		r := csv.NewReader(strings.NewReader(file))
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := slices.Index(rows[0], "last_modified")
		if col < 0 {
			t.Fatalf("no last_modified column in %q", rows[0])
		}
		var b strings.Builder
		w := csv.NewWriter(&b)
		for _, row := range rows {
			if err := w.Write(slices.Delete(row, col, col+1)); err != nil {
				t.Fatal(err)
			}
		}
		w.Flush()
		return b.String()
	}
	c := newCLI(t)
	c.ok("dev", "generate", "--figures", "2100")
	first, args := exportOf(c)
	for round := 1; round <= 2; round++ {
		next := newCLI(t)
		contains(t, "import", next.ok(append([]string{"import"}, args...)...), "2100 figures: ")
		var again string
		again, args = exportOf(next)
		if withoutLastModified(again) != withoutLastModified(first) {
			t.Fatalf("round %d: the export of the imported export differs", round)
		}
		first = again
	}
}
