package seedtest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// MultiReportDir is where the invented multi-report test set lives, from
// the repository root: multireport.yaml (metrics, sources and figures in
// the import format) and texts/<source-id>.txt, the invented text of each
// source that has one.
const MultiReportDir = "seeds/testdata/multireport"

// MultiReport returns the path of the invented multi-report test set
// (several sources over several years, a repost, a paraphrase, a share,
// an unquantified figure, an open "since" period, three reports of one
// day's event, overlapping totals) and of the directory of its texts. The
// files are part of the repository, so a missing one fails the test.
// (seedtest cannot parse the file itself: the importer's own tests, and
// provenance's, import seedtest.)
func MultiReport(t testing.TB) (yamlPath, textsDir string) {
	t.Helper()
	root, err := repoRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, filepath.FromSlash(MultiReportDir))
	yamlPath, textsDir = filepath.Join(dir, "multireport.yaml"), filepath.Join(dir, "texts")
	for _, p := range []string{yamlPath, textsDir} {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("the multi-report test set: %v", err)
		}
	}
	return yamlPath, textsDir
}

// MultiReportTexts returns the texts of the multi-report test set: the
// path of each source's text by source id. A source without a text (the
// bulletin known only through a paraphrase) is absent.
func MultiReportTexts(t testing.TB) map[string]string {
	t.Helper()
	_, dir := MultiReport(t)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		if id, ok := strings.CutSuffix(e.Name(), ".txt"); ok && e.Type().IsRegular() {
			out[id] = filepath.Join(dir, e.Name())
		}
	}
	if len(out) == 0 {
		t.Fatalf("the multi-report test set has no texts in %s", dir)
	}
	return out
}
