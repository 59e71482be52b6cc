package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"forcedreturns/internal/config"
	"forcedreturns/internal/store"
	"forcedreturns/models"
)

// Exit codes: every command returns one of these.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// app carries what every command receives: the environment and the
// standard streams, so tests run commands in-process.
type app struct {
	env    config.Env
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand of the binary.
type command struct {
	name    string
	summary string
	usage   string // arguments after the name, for the help line
	run     func(ctx context.Context, a *app, args []string) error
}

// usageError marks an error as the caller's mistake (exit 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func commands() []command {
	return []command{
		{"serve", "run the dashboard and JSON API (migrates and seeds an empty database first)", "[flags]", cmdServe},
		{"migrate", "apply database migrations", "[flags]", cmdMigrate},
		{"seed", "load the seed source and figures into the database (idempotent)", "[flags]", cmdSeed},
		{"import", "import figures from a CSV, YAML or JSON file", "[flags] FILE", cmdImport},
		{"export", "export figures as csv, json, ndjson or a datapackage zip", "[flags]", cmdExport},
		{"figures", "list figures as a readable table", "[flags]", cmdFigures},
		{"check", "check how the figures fit together (exit 1 on a mismatch)", "[flags]", cmdCheck},
		{"dev", "developer tools: dev generate --figures N", "generate [flags]", cmdDev},
		{"editor", "manage editors and their API tokens: editor add|list|disable|enable|password|token", "SUBCOMMAND [flags]", cmdEditor},
		{"verify", "verify a source's quotes against its text and record their offsets", "--source ID --text FILE [flags]", cmdVerify},
		{"intake", "propose the figures of a source's text as drafts in the YAML import format", "--source ID --text FILE [flags]", cmdIntake},
	}
}

func run(ctx context.Context, args []string, env config.Env, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{env: env, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		a.help(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, a, args[1:])
		var ue usageError
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.As(err, &ue):
			fmt.Fprintf(stderr, "forcedreturns %s: %v\nRun 'forcedreturns %s --help' for usage.\n", c.name, err, c.name)
			return exitUsage
		default:
			printError(stderr, c.name, err)
			return exitFailure
		}
	}
	fmt.Fprintf(stderr, "forcedreturns: unknown command %q\n", args[0])
	a.help(stderr)
	return exitUsage
}

// printError writes err for a person: the summary, then one line per field
// problem, so that an import with many bad rows lists them all.
func printError(w io.Writer, cmd string, err error) {
	fields := models.FieldErrors(err)
	if len(fields) == 0 {
		fmt.Fprintf(w, "forcedreturns %s: %v\n", cmd, err)
		return
	}
	fmt.Fprintf(w, "forcedreturns %s: %s (%d %s):\n", cmd, models.ErrorMessage(err), len(fields), models.Plural(float64(len(fields)), "problem", "problems"))
	for _, f := range fields {
		fmt.Fprintf(w, "  %s: %s\n", f.Field, f.Message)
	}
	var h hinted
	if errors.As(err, &h) {
		fmt.Fprintf(w, "hint: %s\n", h.hint)
	}
}

// hinted is an error with a hint for the person who ran the command,
// printed after its problems.
type hinted struct {
	error
	hint string
}

func (h hinted) Unwrap() error { return h.error }

func (a *app) help(w io.Writer) {
	fmt.Fprintln(w, "forcedreturns — the Forced Returns Tracker")
	fmt.Fprintln(w, "\nUsage: forcedreturns COMMAND [flags]\n\nCommands:")
	cs := commands()
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	for _, c := range cs {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'forcedreturns COMMAND --help' for a command's flags.")
}

// newFlagSet returns a flag set that reports errors instead of exiting and
// prints usage to the app's stderr (stdout for --help).
func (a *app) newFlagSet(name, args, summary string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	fs.Usage = func() {
		out := fs.Output()
		fmt.Fprintf(out, "Usage: forcedreturns %s %s\n\n%s\n\nFlags:\n", name, args, summary)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args, mapping bad flags and malformed environment variables
// to a usage error and --help to flag.ErrHelp with the usage on stdout.
func (a *app) parse(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fs.SetOutput(a.stdout)
		fs.Usage()
		return flag.ErrHelp
	}
	fs.SetOutput(a.stderr)
	if err == nil {
		err = config.Check(fs)
	}
	if err != nil {
		return usageError{flagMessage(fs, err)}
	}
	return nil
}

// flagMessage is the message of a bad flag: a flag the command does not
// have is named with the one it was probably meant to be, else with the
// flags there are (the flag package says only that it is not defined).
func flagMessage(fs *flag.FlagSet, err error) string {
	name, unknown := strings.CutPrefix(err.Error(), "flag provided but not defined: -")
	if !unknown {
		return err.Error()
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if len(names) == 0 {
		return fmt.Sprintf("unknown flag -%s: the command takes none", name)
	}
	if m := models.Closest(name, names); m != "" {
		return fmt.Sprintf("unknown flag -%s: did you mean -%s?", name, m)
	}
	return fmt.Sprintf("unknown flag -%s: expected one of -%s", name, strings.Join(names, ", -"))
}

// openStore opens and migrates the configured database.
func (a *app) openStore(ctx context.Context, db config.Database, migrate bool) (*store.Store, error) {
	logger := slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	// A command run from another directory than usual would otherwise
	// work on a new, empty default database without a word.
	if db.URL == "" && db.SQLitePath == config.DefaultSQLitePath {
		if _, err := os.Stat(db.SQLitePath); errors.Is(err, fs.ErrNotExist) {
			abs, _ := filepath.Abs(db.SQLitePath)
			fmt.Fprintf(a.stderr, "forcedreturns: no database at %s: creating an empty one (--sqlite FILE or --database-url URL names another)\n", abs)
		}
	}
	s, err := store.Open(ctx, store.Config{
		DatabaseURL:      db.URL,
		SQLitePath:       db.SQLitePath,
		MaxOpenConns:     db.MaxOpenConns,
		StatementTimeout: db.StatementTimeout,
		Logger:           logger,
	})
	if err != nil {
		return nil, err
	}
	if migrate {
		if err := s.Migrate(ctx); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// filterFlags registers the figure filter as flags named like the query
// parameters of the dashboard and API, so one vocabulary serves all three.
type filterFlags struct{ values map[string]*string }

func registerFilter(fs *flag.FlagSet) *filterFlags {
	ff := &filterFlags{values: map[string]*string{}}
	help := map[string]string{
		"metric":     "metric slugs, comma-separated (e.g. apprehended,in_custody)",
		"source":     "source ids, comma-separated",
		"from":       "only figures whose period overlaps from this date on (YYYY, YYYY-MM or YYYY-MM-DD)",
		"to":         "only figures whose period overlaps up to this date",
		"acting":     "acting states, ISO 3166 alpha-2, comma-separated (e.g. CN)",
		"receiving":  "receiving states, ISO 3166 alpha-2, comma-separated (e.g. KP)",
		"qualifier":  "qualifiers: " + models.QualifierNames(),
		"status":     "statuses: draft, published, retracted (default: published and retracted)",
		"population": "only figures about this population (exactly as stored)",
		"unit":       "only figures in this unit (exactly as stored)",
		"kind":       "quantity kinds: flow, stock, cumulative",
		"starts":     "only figures whose period starts in this year, month or day",
		"summarised": "true: only the figures the overview's summaries count (published, neither subgroups nor shares)",
		"sort":       "order: period, value, metric, source, updated, id; prefix - for descending",
	}
	for _, name := range []string{"metric", "source", "from", "to", "acting", "receiving", "qualifier", "status", "population", "unit", "kind", "starts", "summarised", "sort"} {
		ff.values[name] = fs.String(name, "", help[name])
	}
	return ff
}

// flagProblems is a filter's problems as a usage error, each named by
// its flag.
func flagProblems(err error) error {
	var b strings.Builder
	for i, fe := range models.FieldErrors(err) {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "-%s: %s", fe.Field, fe.Message)
	}
	return usageError{b.String()}
}

// knownNames refuses, as a usage error, the metrics and sources of f that
// are not stored (the pages' and the API's rule: store.CheckFilterNames).
func knownNames(ctx context.Context, s *store.Store, f models.FigureFilter) error {
	err := s.CheckFilterNames(ctx, "filter", f.Metrics, f.Sources)
	if err != nil && models.ErrorCode(err) == models.EInvalid {
		return flagProblems(err)
	}
	return err
}

func (ff *filterFlags) filter() (models.FigureFilter, error) {
	q := map[string][]string{}
	for k, v := range ff.values {
		if *v != "" {
			q[k] = []string{*v}
		}
	}
	f, err := models.ParseFigureFilter(q)
	if err != nil {
		return f, flagProblems(err)
	}
	// The command line has the database itself: it reads drafts when
	// asked (-status draft), as an editor would.
	f.Audience = models.AudienceEditors
	return f, nil
}
