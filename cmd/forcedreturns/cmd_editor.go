package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"forcedreturns/internal/accounts"
	"forcedreturns/internal/config"
	"forcedreturns/models"
)

// editorCommands are the subcommands of `forcedreturns editor`.
var editorCommands = []struct{ name, args, summary string }{
	{"add", "EMAIL --role editor|admin [--name NAME]", "add an editor; the password is read from standard input"},
	{"list", "", "list editors"},
	{"disable", "EMAIL", "disable an editor: ends their sessions and revokes their API tokens"},
	{"enable", "EMAIL", "enable a disabled editor again"},
	{"password", "EMAIL", "set an editor's password (read from standard input); ends their sessions"},
	{"token create", "EMAIL --name NAME", "create an API token and print it, once"},
	{"token revoke", "EMAIL PREFIX", "revoke an API token, named by its prefix"},
	{"token list", "EMAIL", "list an editor's API tokens"},
}

func cmdEditor(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 {
		a.editorHelp(a.stderr)
		return usagef("expected a subcommand")
	}
	sub, rest := args[0], args[1:]
	if sub == "token" {
		if len(rest) == 0 {
			return usagef("expected editor token create, revoke or list")
		}
		sub, rest = "token "+rest[0], rest[1:]
	}
	switch sub {
	case "help", "-h", "-help", "--help":
		a.editorHelp(a.stdout)
		return flag.ErrHelp
	case "add":
		return editorAdd(ctx, a, rest)
	case "list":
		return editorList(ctx, a, rest)
	case "disable", "enable":
		return editorSetDisabled(ctx, a, rest, sub == "disable")
	case "password":
		return editorPassword(ctx, a, rest)
	case "token create":
		return tokenCreate(ctx, a, rest)
	case "token revoke":
		return tokenRevoke(ctx, a, rest)
	case "token list":
		return tokenList(ctx, a, rest)
	}
	return usagef("unknown subcommand %q: expected add, list, disable, enable, password or token create|revoke|list", sub)
}

func (a *app) editorHelp(w io.Writer) {
	fmt.Fprintln(w, "Usage: forcedreturns editor SUBCOMMAND [flags]\n\nManage who may sign in and write:")
	for _, c := range editorCommands {
		fmt.Fprintf(w, "  %-13s %-40s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintln(w, "\nPasswords are never flags (they would stay in shell history and process lists): in a terminal\n"+
		"you are asked twice without echo; otherwise the first line of standard input is the password.\n"+
		"Run 'forcedreturns editor SUBCOMMAND --help' for its flags.")
}

// editorFlags parses the flags of `editor <sub>`, which may come before
// or after the positional arguments, and requires exactly the named
// positional arguments.
func (a *app) editorFlags(sub string, fs *flag.FlagSet, args []string, names ...string) ([]string, error) {
	pos, err := a.parseInterspersed(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != len(names) {
		return nil, usagef("editor %s: expected %s, got %d arguments", sub, strings.Join(names, " and "), len(pos))
	}
	return pos, nil
}

// parseInterspersed parses flags anywhere among the arguments ("add
// EMAIL --role admin"), as the flag package stops at the first
// positional one; after "--" everything is positional.
func (a *app) parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := a.parse(fs, args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		pos, args = append(pos, rest[0]), rest[1:]
	}
}

func (a *app) editorFlagSet(sub string) (*flag.FlagSet, *config.Database) {
	for _, c := range editorCommands {
		if c.name == sub {
			fs := a.newFlagSet("editor "+sub, c.args+" [flags]", strings.ToUpper(c.summary[:1])+c.summary[1:]+".")
			var db config.Database
			config.RegisterDatabase(fs, a.env, &db)
			return fs, &db
		}
	}
	panic("unknown editor subcommand " + sub)
}

// argError turns problems with arguments (fields named in labels, such
// as "role" → "--role") into a usage error; other errors are returned as
// they are.
func argError(err error, labels map[string]string) error {
	fields := models.FieldErrors(err)
	if models.ErrorCode(err) != models.EInvalid || len(fields) == 0 {
		return err
	}
	var msgs []string
	for _, f := range fields {
		label, ok := labels[f.Field]
		if !ok {
			return err
		}
		msgs = append(msgs, label+": "+f.Message)
	}
	return usagef("%s", strings.Join(msgs, "; "))
}

func editorAdd(ctx context.Context, a *app, args []string) error {
	fs, db := a.editorFlagSet("add")
	role := fs.String("role", "", "editor (writes sources and figures) or admin (also manages editors); required")
	name := fs.String("name", "", "the editor's name, as shown in the dashboard")
	pos, err := a.editorFlags("add", fs, args, "EMAIL")
	if err != nil {
		return err
	}
	addArgs := map[string]string{"email": "email", "role": "--role"}
	if _, err := accounts.CheckNewEditor(pos[0], models.Role(*role)); err != nil {
		return argError(err, addArgs)
	}
	s, err := a.openStore(ctx, *db, true)
	if err != nil {
		return err
	}
	defer s.Close()
	e, err := accounts.New(s).Add(ctx, pos[0], *name, models.Role(*role), a.readNewPassword)
	if err != nil {
		return argError(err, addArgs)
	}
	fmt.Fprintf(a.stdout, "added %s %s\n", e.Role, e.Email)
	return nil
}

func editorList(ctx context.Context, a *app, args []string) error {
	fs, db := a.editorFlagSet("list")
	if _, err := a.editorFlags("list", fs, args); err != nil {
		return err
	}
	s, err := a.openStore(ctx, *db, true)
	if err != nil {
		return err
	}
	defer s.Close()
	eds, err := accounts.New(s).List(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tROLE\tSTATUS\tNAME\tCREATED")
	for _, e := range eds {
		status := "active"
		if e.Disabled {
			status = "disabled"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", cell(e.Email), e.Role, status, cell(e.Name), stamp(e.CreatedAt))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "%d editors\n", len(eds))
	return nil
}

func editorSetDisabled(ctx context.Context, a *app, args []string, disabled bool) error {
	sub := map[bool]string{true: "disable", false: "enable"}[disabled]
	fs, db := a.editorFlagSet(sub)
	pos, err := a.editorFlags(sub, fs, args, "EMAIL")
	if err != nil {
		return err
	}
	s, err := a.openStore(ctx, *db, true)
	if err != nil {
		return err
	}
	defer s.Close()
	email, err := accounts.New(s).SetDisabled(ctx, pos[0], disabled)
	if err != nil {
		return err
	}
	if disabled {
		fmt.Fprintf(a.stdout, "disabled %s: their sessions are ended and their API tokens revoked\n", email)
	} else {
		fmt.Fprintf(a.stdout, "enabled %s: they can sign in again (revoked API tokens stay revoked)\n", email)
	}
	return nil
}

func editorPassword(ctx context.Context, a *app, args []string) error {
	fs, db := a.editorFlagSet("password")
	pos, err := a.editorFlags("password", fs, args, "EMAIL")
	if err != nil {
		return err
	}
	s, err := a.openStore(ctx, *db, true)
	if err != nil {
		return err
	}
	defer s.Close()
	e, err := accounts.New(s).SetPassword(ctx, pos[0], a.readNewPassword)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "changed the password of %s: their sessions are ended\n", e.Email)
	return nil
}

func tokenCreate(ctx context.Context, a *app, args []string) error {
	fs, db := a.editorFlagSet("token create")
	name := fs.String("name", "", "what the token is for, e.g. \"import script on the data server\"; required")
	pos, err := a.editorFlags("token create", fs, args, "EMAIL")
	if err != nil {
		return err
	}
	if err := accounts.CheckTokenName(*name); err != nil {
		return argError(err, map[string]string{"name": "--name"})
	}
	s, err := a.openStore(ctx, *db, true)
	if err != nil {
		return err
	}
	defer s.Close()
	token, tok, e, err := accounts.New(s).CreateToken(ctx, pos[0], *name)
	if err != nil {
		return err
	}
	// The token alone on stdout, so that a script can capture it.
	fmt.Fprintln(a.stdout, token)
	fmt.Fprintf(a.stderr, "created API token %s for %s. It is shown only this once: store it now (only its hash is kept).\n", tok.Prefix, e.Email)
	return nil
}

func tokenRevoke(ctx context.Context, a *app, args []string) error {
	fs, db := a.editorFlagSet("token revoke")
	pos, err := a.editorFlags("token revoke", fs, args, "EMAIL", "PREFIX")
	if err != nil {
		return err
	}
	s, err := a.openStore(ctx, *db, true)
	if err != nil {
		return err
	}
	defer s.Close()
	prefix, e, err := accounts.New(s).RevokeToken(ctx, pos[0], pos[1])
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "revoked API token %s of %s\n", prefix, e.Email)
	return nil
}

func tokenList(ctx context.Context, a *app, args []string) error {
	fs, db := a.editorFlagSet("token list")
	pos, err := a.editorFlags("token list", fs, args, "EMAIL")
	if err != nil {
		return err
	}
	s, err := a.openStore(ctx, *db, true)
	if err != nil {
		return err
	}
	defer s.Close()
	e, toks, err := accounts.New(s).Tokens(ctx, pos[0])
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PREFIX\tNAME\tCREATED\tLAST USED\tSTATUS")
	for _, t := range toks {
		used, status := "never", "active"
		if t.LastUsedAt != nil {
			used = stamp(*t.LastUsedAt)
		}
		if t.RevokedAt != nil {
			status = "revoked " + stamp(*t.RevokedAt)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", cell(t.Prefix), cell(t.Name), stamp(t.CreatedAt), used, status)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "%d API tokens of %s\n", len(toks), e.Email)
	return nil
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }
