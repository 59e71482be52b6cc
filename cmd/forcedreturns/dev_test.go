package main

import (
	"fmt"
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
