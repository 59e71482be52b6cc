package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"

	"forcedreturns/internal/config"
	"forcedreturns/internal/importer"
	"forcedreturns/internal/store"
	"forcedreturns/models"
)

// importGCPercent and importMemoryLimit are the garbage collector's
// settings during an import into PostgreSQL (unless GOGC or GOMEMLIMIT
// say otherwise): it allocates a few dozen short-lived values per row
// (cells, the figure, its checks, its snapshot, the values COPY encodes)
// and keeps 20–35 MB live (two chunks): collecting less often took a
// tenth to a sixth off the client's CPU at 100,000 figures, and the soft
// limit collects sooner as the heap nears it (104 MB RSS at 1M). Not on
// SQLite, whose own memory shares the import's bound of 200 MB and
// already passes it at a million figures, at the end (312 MB; 338 MB
// with these settings).
const (
	importGCPercent   = 400
	importMemoryLimit = 80 << 20
)

func cmdImport(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("import", "[flags] FILE",
		"Import metrics, sources and figures from FILE (.csv in the export's format, .yaml/.yml, .json, or .zip, a data\n"+
			"package as export writes it; - reads CSV from stdin). With a CSV, -metrics FILE reads the metrics file export -metrics wrote,\n"+
			"and -sources FILE the sources file export -sources wrote (the sources the figures' sources carry).\n"+
			"Metrics are created or updated first, so an export imports into an empty database.\n"+
			"Every row is validated and all problems are reported at once; if any row is bad nothing is written.\n"+
			"Entries are matched by id: existing ones are updated (with a revision), identical ones left alone.\n"+
			"An entry changing a stored figure or source must carry the version it was exported at, unless -overwrite;\n"+
			"a retracted figure is restored only by an entry carrying its current version, with -reason.")
	var db config.Database
	config.RegisterDatabase(fs, a.env, &db)
	dryRun := fs.Bool("dry-run", false, "validate and print, field by field, what would change; write nothing")
	overwrite := fs.Bool("overwrite", false, "let entries without a version change stored figures and sources (each change is recorded with the reason \"import overwrite\")")
	editor := fs.String("editor", "import", "who makes the change, recorded in each revision")
	reason := fs.String("reason", "", "why, recorded in each revision (default: imported from FILE)")
	quiet := fs.Bool("quiet", false, "do not print progress")
	metricsFile := fs.String("metrics", "", "with a CSV FILE: a metrics file (slug, label, definition, unit) whose metrics are imported with it")
	sourcesFile := fs.String("sources", "", "with a CSV FILE: a sources file (a data package's sources.csv) whose sources are imported with it: those the figures' sources carry")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("expected exactly one FILE, got %d arguments", fs.NArg())
	}
	name := fs.Arg(0)
	if *metricsFile != "" && name != "-" && !strings.EqualFold(filepath.Ext(name), ".csv") {
		return usagef("-metrics goes with a CSV FILE; %s carries its metrics itself", name)
	}
	if *sourcesFile != "" && name != "-" && !strings.EqualFold(filepath.Ext(name), ".csv") {
		return usagef("-sources goes with a CSV FILE; %s carries its sources itself", name)
	}
	var sources models.Batch
	if *sourcesFile != "" {
		sf, err := os.Open(*sourcesFile)
		if err != nil {
			return err
		}
		sources, err = importer.ParseSourcesCSV(sf, "file "+*sourcesFile)
		sf.Close()
		if err != nil {
			return err
		}
	}
	var metrics models.Batch
	if *metricsFile != "" {
		mf, err := os.Open(*metricsFile)
		if err != nil {
			return err
		}
		metrics, err = importer.ParseMetricsCSV(mf, "file "+*metricsFile)
		mf.Close()
		if err != nil {
			return err
		}
	}
	in := a.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	} else {
		name = "stdin.csv"
	}
	// The progress line shares stderr with the store's log lines: a log
	// line ends it first.
	progress := &progressLine{w: a.stderr}
	withProgress := *a
	withProgress.stderr = progress
	s, err := withProgress.openStore(ctx, db, true)
	if err != nil {
		return err
	}
	defer s.Close()
	if db.URL != "" && a.env("GOGC") == "" && a.env("GOMEMLIMIT") == "" {
		defer debug.SetGCPercent(debug.SetGCPercent(importGCPercent))
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(importMemoryLimit))
	}
	why := *reason
	if why == "" {
		why = "imported from " + fs.Arg(0)
	}
	change := models.Change{Editor: *editor, Reason: why}
	opts := models.Batch{Overwrite: *overwrite, Restore: *reason != ""} // a restore says why
	if *dryRun {
		opts.Report = func(c models.EntryChange) { printChange(a.stdout, c) }
	}
	var (
		res    models.BatchResult
		counts importer.StreamCounts
	)
	if strings.EqualFold(filepath.Ext(name), ".csv") {
		// A CSV file, the format of large files, is streamed: read,
		// checked and written a chunk at a time in one transaction.
		var sopts importer.StreamOptions
		if !*quiet {
			sopts.Progress = func(read, written int) {
				progress.Update("read %d %s, checked %d %s…", read, models.Plural(float64(read), "row", "rows"), written, models.Plural(float64(written), "figure", "figures"))
			}
		}
		head := models.Batch{Metrics: metrics.Metrics, MetricOmitted: metrics.MetricOmitted, Sources: sources.Sources, SourceOmitted: sources.SourceOmitted}
		res, err = s.ApplyStream(ctx, opts, change, *dryRun, func(w *store.StreamWriter) error {
			var err error
			sopts.FirstRows = w.FirstRows
			if sopts.Progress != nil {
				w.OnRebuild = func() { progress.Append(" building the indexes…") }
				// After the commit of a large import every chart's
				// summaries are computed again (most of a minute at a
				// million figures).
				w.OnSummarise = func() { progress.Append(" written; summarising them for the charts…") }
			}
			counts, err = importer.StreamCSV(in, name, head, importer.StreamSourcesFile(sources), sopts,
				func(chunk models.Batch, final bool) ([]int, []int, error) {
					d, err := w.Apply(chunk, final)
					return d.Sources, d.Figures, err
				})
			return err
		})
		progress.End()
		if err != nil {
			return companionHint(err, *metricsFile != "", *sourcesFile != "")
		}
	} else {
		// YAML, JSON and data packages are read whole (the YAML and JSON
		// decoders need the whole document), within importer.MaxFileBytes.
		var popts importer.Options
		if !*quiet {
			popts.Progress = func(figures int) {
				if figures > 0 { // a file of metrics or sources only, or refused before its figures
					progress.Update("read %d %s…", figures, models.Plural(float64(figures), "figure", "figures"))
				}
			}
		}
		batch, err := importer.Parse(name, in, popts)
		progress.End()
		if err != nil {
			return err
		}
		batch.Overwrite, batch.Restore, batch.Report = opts.Overwrite, opts.Restore, opts.Report
		if res, err = s.ApplyBatch(ctx, batch, change, *dryRun); err != nil {
			return importer.Locate(name, err)
		}
		counts = importer.StreamCounts{Metrics: len(batch.Metrics), Sources: len(batch.Sources), Figures: len(batch.Figures)}
	}
	verb := "imported"
	if *dryRun {
		verb = "dry run, nothing written; would import"
	}
	fmt.Fprintf(a.stdout, "%s %d metrics, %d sources, %d figures: %d created, %d updated, %d unchanged\n",
		verb, counts.Metrics, counts.Sources, counts.Figures, res.Created, res.Updated, res.Unchanged)
	return nil
}

// printChange writes the fields an entry would change, one line each:
// figure total: notes: "a" → "b". Values are quoted, so that blanks and
// control characters show and cannot act on the terminal.
func printChange(w io.Writer, c models.EntryChange) {
	for _, f := range c.Fields {
		fmt.Fprintf(w, "%s %s: %s: %s → %s\n", c.Entity, c.Key, f.Field, strconv.Quote(f.Old), strconv.Quote(f.New))
	}
}

// companionHint adds to the problems of a CSV import a hint at the
// companion files export writes, when the rows name metrics or carried
// sources the database lacks and the file that has them was not given (an
// export imported into an empty database).
func companionHint(err error, withMetrics, withSources bool) error {
	var metrics, sources bool
	for _, f := range models.FieldErrors(err) {
		metrics = metrics || strings.HasPrefix(f.Message, "unknown metric ")
		sources = sources || strings.HasSuffix(f.Field, "source_original") || strings.Contains(f.Message, ", but there is no source ")
	}
	var flags []string
	if metrics && !withMetrics {
		flags = append(flags, "-metrics FILE (the metrics file of export -metrics)")
	}
	if sources && !withSources {
		flags = append(flags, "-sources FILE (the sources file of export -sources)")
	}
	if len(flags) == 0 {
		return err
	}
	return hinted{err, "the rows name metrics or sources this database does not have; if the file is an export from another database, import it with " +
		strings.Join(flags, " and ")}
}
