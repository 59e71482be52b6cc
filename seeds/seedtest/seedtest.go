// Package seedtest gives tests the seed article: the archived report the
// seed figures quote, which is never copied into this repository but laid
// beside it (../shared/seed/ from the repository root), as CI does; and
// the invented multi-report test set of seeds/testdata/multireport
// (MultiReport). It is imported only by tests.
package seedtest

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// EnvArticle names the variable that gives the seed article's path, for
// a checkout without ../shared beside it.
const EnvArticle = "FORCEDRETURNS_SEED_ARTICLE"

// ArticleName is the seed article's file name under ../shared/seed/.
const ArticleName = "north-korean-refugees-trapped-by-chinas-expanding-dragnet.txt"

// Article returns the seed article's text and its path. When the file is
// not there the test is skipped, saying where it was looked for, except
// where it must be there: under CI=true (CI lays ../shared beside the
// clone) or when EnvArticle names it; then the test fails.
func Article(t testing.TB) (text, path string) {
	t.Helper()
	a := locate(os.Getenv, ".")
	switch {
	case a.fail != "":
		t.Fatal(a.fail)
	case a.skip != "":
		t.Skip(a.skip)
	}
	return a.text, a.path
}

// article is what locate found: the text and its path, or why the test
// must fail or be skipped.
type article struct {
	text, path string
	fail, skip string
}

// locate looks for the article from dir (a test's working directory,
// its package's) with the environment getenv.
func locate(getenv func(string) string, dir string) article {
	path, explicit := getenv(EnvArticle), true
	if path == "" {
		explicit = false
		root, err := repoRoot(dir)
		if err != nil {
			return article{fail: err.Error()}
		}
		path = filepath.Join(root, "..", "shared", "seed", ArticleName)
	}
	raw, err := os.ReadFile(path)
	switch {
	case err == nil:
		return article{text: string(raw), path: path}
	case !errors.Is(err, fs.ErrNotExist):
		return article{fail: fmt.Sprintf("reading the seed article: %v", err)}
	case explicit:
		return article{fail: fmt.Sprintf("%s names %s, which does not exist", EnvArticle, path)}
	case getenv("CI") == "true":
		return article{fail: fmt.Sprintf("the seed article is not at %s: CI lays ../shared beside the clone, so the seed quotes must be verified there", path)}
	}
	return article{skip: fmt.Sprintf("the seed article is not beside the clone (%s): seed quotes not verified against it; set %s to its path", path, EnvArticle)}
}

// repoRoot is the nearest directory from dir up that holds go.mod.
func repoRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		up := filepath.Dir(d)
		if up == d {
			return "", fmt.Errorf("no go.mod in %s or above it: cannot find the repository root to look for ../shared/seed", dir)
		}
		d = up
	}
}
