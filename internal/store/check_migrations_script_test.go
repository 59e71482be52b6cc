package store_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"forcedreturns/internal/store"
)

// .ci/check-migrations.sh (run by make lint) refuses any change to a
// committed migration, in the work tree or committed, even with its
// checksum updated to match, and a new migration without a checksum.
// Each case runs the script in a fresh git repository holding today's
// migrations, committed on main, after a shell snippet run in the
// migrations directory.
func TestCheckMigrationsScript(t *testing.T) {
	for _, tool := range []string{"bash", "git", "sha256sum", "cmp"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is needed to test .ci/check-migrations.sh: %v", tool, err)
			}
			t.Skipf("%s is needed to test .ci/check-migrations.sh: %v", tool, err)
		}
	}
	const commit = "git add -A . && git commit -qm change\n"
	const resum = "sha256sum *.sql > SHA256SUMS\n"
	n := store.LatestVersion()
	next := fmt.Sprintf("%04d_more.sql", n+1)
	tests := []struct {
		name, change string
		ok           bool
		want         string
	}{
		{"unchanged", "", true, fmt.Sprintf("migrations ok: %d numbered files", n)},
		{"edited in the work tree", "echo '-- later' >> 0002_filter_indexes.sql", false,
			"migration 0002_filter_indexes.sql was changed: SHA256SUMS records"},
		{"edited with its checksum on a branch", "git checkout -qb edit\necho '-- later' >> 0001_initial_schema.sql\n" + resum + commit, false,
			"migration 0001_initial_schema.sql differs from the one committed in"},
		{"edited with its checksum on main", "echo 'CREATE INDEX x ON figures (unit);' >> 0003_editors.sql\n" + resum + commit, false,
			"migration 0003_editors.sql differs from the one committed in"},
		{"checksum line edited", "sed -i 's/^[0-9a-f]/0/' SHA256SUMS", false, "was changed: SHA256SUMS records 0"},
		{"removed", "git checkout -qb rm\ngit rm -q $(ls *.sql | tail -1)\n" + resum + commit, false,
			"was removed: committed migrations are never removed"},
		{"new without a checksum", "echo 'SELECT 1;' > " + next, false,
			"migration " + next + " has no entry in SHA256SUMS: add it with (cd internal/store/migrations && sha256sum " + next + " >> SHA256SUMS)"},
		{"new with its checksum, on a branch", "git checkout -qb add\necho 'SELECT 1;' > " + next + "\nsha256sum " + next + " >> SHA256SUMS\n" + commit, true,
			fmt.Sprintf("migrations ok: %d numbered files", n+1)},
		{"misnumbered", fmt.Sprintf("echo 'SELECT 1;' > %04d_more.sql\nsha256sum %04d_more.sql >> SHA256SUMS", n+2, n+2), false,
			fmt.Sprintf("migration %04d_more.sql: expected number %d", n+2, n+1)},
	}
	script, err := os.ReadFile(filepath.Join("..", "..", ".ci", "check-migrations.sh"))
	must(t, err)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo := t.TempDir()
			dir := filepath.Join(repo, "internal", "store", "migrations")
			must(t, os.MkdirAll(dir, 0o755))
			must(t, os.MkdirAll(filepath.Join(repo, ".ci"), 0o755))
			must(t, os.WriteFile(filepath.Join(repo, ".ci", "check-migrations.sh"), script, 0o755))
			files, err := filepath.Glob(filepath.Join(migrationsDir, "*"))
			must(t, err)
			for _, f := range files {
				b, err := os.ReadFile(f)
				must(t, err)
				must(t, os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644))
			}
			sh(t, dir, "git init -q -b main && git add -A . && git commit -qm migrations\n"+tt.change)
			cmd := exec.Command("bash", filepath.Join(repo, ".ci", "check-migrations.sh"))
			cmd.Dir = repo
			cmd.Env = gitEnv()
			out, err := cmd.CombinedOutput()
			if ok := err == nil; ok != tt.ok {
				t.Errorf("exit status %v, want ok=%v; output:\n%s", err, tt.ok, out)
			}
			if !strings.Contains(string(out), tt.want) {
				t.Errorf("output does not mention %q:\n%s", tt.want, out)
			}
		})
	}
}

func sh(t *testing.T, dir, script string) {
	t.Helper()
	cmd := exec.Command("bash", "-euo", "pipefail", "-c", script)
	cmd.Dir = dir
	cmd.Env = gitEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", script, err, out)
	}
}

// gitEnv is an environment in which git needs no configuration of the
// machine's and reads none.
func gitEnv() []string {
	return append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=test", "GIT_AUTHOR_EMAIL=test@example.org",
		"GIT_COMMITTER_NAME=test", "GIT_COMMITTER_EMAIL=test@example.org")
}
