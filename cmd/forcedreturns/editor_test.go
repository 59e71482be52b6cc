package main

import (
	"strings"
	"testing"
	"time"

	"forcedreturns/internal/auth"
	"forcedreturns/models"
)

const (
	anaPassword = "correct horse battery staple"
	newPassword = "a different long passphrase"
)

// addAna adds ana@example.org as an admin, the password piped in.
func addAna(t *testing.T, c *cli) {
	t.Helper()
	r := c.runStdin(strings.NewReader(anaPassword+"\n"), "editor", "add", "Ana@Example.org", "--role", "admin", "--name", "Ana Lima")
	if r.code != exitOK || r.stdout != "added admin ana@example.org\n" {
		t.Fatalf("editor add: %s", r)
	}
}

func TestEditorAddAndList(t *testing.T) {
	c := newCLI(t)
	addAna(t, c)
	// Flags may come before the address too; a CRLF line ending is not
	// part of the password.
	r := c.runStdin(strings.NewReader(newPassword+"\r\nignored second line\n"), "editor", "add", "--role", "editor", "bo@example.org")
	if r.code != exitOK {
		t.Fatalf("editor add bo: %s", r)
	}
	s := c.store()
	ana, err := s.GetEditorByEmail(ctx, "ana@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if ana.Name != "Ana Lima" || ana.Role != models.RoleAdmin || !strings.HasPrefix(ana.PasswordHash, "$argon2id$v=19$") ||
		!auth.CheckPassword(ana.PasswordHash, anaPassword) {
		t.Errorf("stored %+v", ana)
	}
	bo, err := s.GetEditorByEmail(ctx, "bo@example.org")
	if err != nil || !auth.CheckPassword(bo.PasswordHash, newPassword) || bo.Role != models.RoleEditor {
		t.Errorf("bo: %+v, %v", bo, err)
	}

	out := c.ok("editor", "list")
	contains(t, "editor list", out, "EMAIL", "ana@example.org", "admin", "active", "Ana Lima", "bo@example.org", "2 editors")
	if strings.Contains(out, "argon2") {
		t.Errorf("editor list shows a password hash:\n%s", out)
	}
}

func TestEditorAddRefuses(t *testing.T) {
	c := newCLI(t)
	addAna(t, c)
	for _, tt := range []struct {
		name  string
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"existing", anaPassword, []string{"ana@example.org", "--role", "editor"}, exitFailure, "editor ana@example.org already exists"},
		{"no role", anaPassword, []string{"bo@example.org"}, exitUsage, `--role: expected editor or admin, got ""`},
		{"bad role", anaPassword, []string{"bo@example.org", "--role", "owner"}, exitUsage, "expected editor or admin"},
		{"bad address", anaPassword, []string{"bo at example", "--role", "editor"}, exitUsage, "expected an email address"},
		{"no address", anaPassword, []string{"--role", "editor"}, exitUsage, "expected EMAIL, got 0 arguments"},
		{"two addresses", anaPassword, []string{"a@example.org", "b@example.org", "--role", "editor"}, exitUsage, "got 2 arguments"},
		{"no password", "", []string{"bo@example.org", "--role", "editor"}, exitUsage, "no password on standard input"},
		{"short password", "too short", []string{"bo@example.org", "--role", "editor"}, exitFailure, "password: must be at least 12 bytes long"},
		{"password as a flag", anaPassword, []string{"bo@example.org", "--role", "editor", "--password", "x"}, exitUsage, "unknown flag -password: expected one of -"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := c.runStdin(strings.NewReader(tt.stdin), append([]string{"editor", "add"}, tt.args...)...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("want exit %d and %q: %s", tt.code, tt.want, r)
			}
		})
	}
	eds, err := c.store().ListEditors(ctx)
	if err != nil || len(eds) != 1 {
		t.Errorf("refused additions stored editors: %+v, %v", eds, err)
	}
}

func TestEditorPasswordDisableEnable(t *testing.T) {
	c := newCLI(t)
	addAna(t, c)
	s := c.store()
	ana, err := s.GetEditorByEmail(ctx, "ana@example.org")
	if err != nil {
		t.Fatal(err)
	}
	_, hash := auth.NewToken()
	if err := s.CreateSession(ctx, hash, ana.ID, time.Now().Add(time.Hour), "test"); err != nil {
		t.Fatal(err)
	}

	r := c.runStdin(strings.NewReader(newPassword+"\n"), "editor", "password", "ANA@example.org")
	if r.code != exitOK || !strings.Contains(r.stdout, "changed the password of ana@example.org: their sessions are ended") {
		t.Fatalf("editor password: %s", r)
	}
	ana, _ = s.GetEditorByEmail(ctx, "ana@example.org")
	if !auth.CheckPassword(ana.PasswordHash, newPassword) || auth.CheckPassword(ana.PasswordHash, anaPassword) {
		t.Error("the password did not change")
	}
	if _, err := s.GetSession(ctx, hash, time.Now()); models.ErrorCode(err) != models.EUnauthorized {
		t.Errorf("a session survived the password change: %v", err)
	}
	if r := c.runStdin(strings.NewReader(newPassword+"\n"), "editor", "password", "nobody@example.org"); r.code != exitFailure || !strings.Contains(r.stderr, `no editor "nobody@example.org"`) {
		t.Errorf("password of an unknown editor: %s", r)
	}

	contains(t, "disable", c.ok("editor", "disable", "ana@example.org"), "disabled ana@example.org")
	contains(t, "list", c.ok("editor", "list"), "disabled")
	contains(t, "enable", c.ok("editor", "enable", "ana@example.org"), "enabled ana@example.org")
	ana, _ = s.GetEditorByEmail(ctx, "ana@example.org")
	if ana.Disabled {
		t.Error("still disabled after enable")
	}
	if r := c.run("editor", "disable", "nobody@example.org"); r.code != exitFailure {
		t.Errorf("disabling an unknown editor: %s", r)
	}
}

func TestEditorTokens(t *testing.T) {
	c := newCLI(t)
	addAna(t, c)
	r := c.run("editor", "token", "create", "ana@example.org", "--name", "import script")
	if r.code != exitOK {
		t.Fatalf("token create: %s", r)
	}
	token := strings.TrimSuffix(r.stdout, "\n")
	if !auth.IsAPIToken(token) || strings.Contains(token, "\n") {
		t.Fatalf("token create printed %q, want the token alone", r.stdout)
	}
	prefix := auth.TokenPrefix(token)
	contains(t, "stderr", r.stderr, "created API token "+prefix+" for ana@example.org", "shown only this once")

	s := c.store()
	e, err := s.GetEditorByTokenHash(ctx, auth.HashToken(token))
	if err != nil || e.Email != "ana@example.org" {
		t.Fatalf("the printed token does not sign in: %+v, %v", e, err)
	}
	out := c.ok("editor", "token", "list", "ana@example.org")
	contains(t, "token list", out, prefix, "import script", "active", "1 API tokens of ana@example.org")
	if strings.Contains(out, token) {
		t.Error("token list shows the whole token")
	}

	// The whole token, pasted by mistake, names it too.
	contains(t, "revoke", c.ok("editor", "token", "revoke", "ana@example.org", token), "revoked API token "+prefix)
	if _, err := s.GetEditorByTokenHash(ctx, auth.HashToken(token)); models.ErrorCode(err) != models.EUnauthorized {
		t.Errorf("a revoked token still signs in: %v", err)
	}
	contains(t, "token list", c.ok("editor", "token", "list", "ana@example.org"), "revoked 20")

	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"token", "create", "ana@example.org"}, exitUsage, "--name: required: say what the token is for"},
		{[]string{"token", "revoke", "ana@example.org", "frt_nothere"}, exitFailure, `no API token with the prefix "frt_nothere"`},
		{[]string{"token", "revoke", "ana@example.org"}, exitUsage, "expected EMAIL and PREFIX"},
		{[]string{"token", "list", "nobody@example.org"}, exitFailure, "no editor"},
		{[]string{"token"}, exitUsage, "expected editor token create, revoke or list"},
		{[]string{"token", "delete"}, exitUsage, `unknown subcommand "token delete"`},
		{[]string{"remove", "ana@example.org"}, exitUsage, `unknown subcommand "remove"`},
		{nil, exitUsage, "expected a subcommand"},
	} {
		r := c.run(append([]string{"editor"}, tt.args...)...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("editor %v: want exit %d and %q: %s", tt.args, tt.code, tt.want, r)
		}
	}
}

func TestEditorHelp(t *testing.T) {
	c := newCLI(t)
	r := c.run("editor", "--help")
	if r.code != exitOK {
		t.Fatalf("editor --help: %s", r)
	}
	contains(t, "editor --help", r.stdout, "token create", "EMAIL --role editor|admin", "Passwords are never flags")
	r = c.run("editor", "add", "--help")
	if r.code != exitOK {
		t.Fatalf("editor add --help: %s", r)
	}
	contains(t, "editor add --help", r.stdout, "Usage: forcedreturns editor add EMAIL --role editor|admin", "-role", "-name")
	contains(t, "help", c.ok("help"), "editor", "verify")
}

func TestReadLineFrom(t *testing.T) {
	for in, want := range map[string]string{
		"":                   "",
		"pw":                 "pw",
		"pw\n":               "pw",
		"pw\r\n":             "pw",
		" spaced pw \nnext":  " spaced pw ",
		"tab\tinside\n\n":    "tab\tinside",
		"\nsecond line only": "",
	} {
		got, err := readLineFrom(strings.NewReader(in))
		if err != nil || got != want {
			t.Errorf("readLineFrom(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := readLineFrom(strings.NewReader(strings.Repeat("x", maxLine+1))); err == nil {
		t.Error("readLineFrom read an endless line")
	}
}
