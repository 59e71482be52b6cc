package main

import (
	"bufio"
	"context"
	"io"
	"os"
	"runtime/debug"
	"time"

	"forcedreturns/internal/config"
	"forcedreturns/internal/export"
	"forcedreturns/models"
)

// exportMemoryLimit is the soft limit export sets on the Go runtime's
// memory unless GOMEMLIMIT says otherwise, as serve does: the countable
// columns of every figure are worked out before the first row (16 bytes
// a figure and the map that finds them), and with the heap let grow to
// twice what is live an export of a million figures peaked at 210–243 MB
// (SQLite), under this limit at 189 MB in the same time (100 MiB: 145 MB,
// but 4–11% slower).
const exportMemoryLimit = 150 << 20

func cmdExport(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("export", "[flags]",
		"Export figures with their citations. Formats: csv, json, ndjson, datapackage (a zip with figures.csv,\n"+
			"sources.csv, metrics.csv, datapackage.json and README.md). The filter flags select figures as on the dashboard.\n"+
			"JSON, NDJSON and the data package carry the definitions of the metrics the figures use; a CSV export\n"+
			"writes them to a companion file with -metrics FILE, so that it re-imports into an empty database.\n"+
			"Likewise JSON and the data package hold the sources the figures' sources carry (their originals); a CSV\n"+
			"export writes every source to a companion file with -sources FILE.")
	var db config.Database
	config.RegisterDatabase(fs, a.env, &db)
	format := fs.String("format", "csv", "csv, json, ndjson or datapackage")
	out := fs.String("out", "", "write to this file instead of stdout (written to a temporary file and renamed when complete); - is stdout")
	metricsOut := fs.String("metrics", "", "with -format csv: also write the metrics the figures use (slug, label, definition, unit) to this CSV file, for import -metrics")
	sourcesOut := fs.String("sources", "", "with -format csv: also write the figures' sources and the sources they carry (the columns of a data package's sources.csv) to this CSV file, for import -sources")
	ff := registerFilter(fs)
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments: %v", fs.Args())
	}
	if _, err := export.LookupFormat(*format); err != nil {
		return usagef("-format: expected csv, json, ndjson or datapackage, got %q", *format)
	}
	toStdout := *out == "" || *out == "-"
	if *metricsOut != "" {
		switch {
		case *format != "csv":
			return usagef("-metrics goes with -format csv; -format %s carries the metric definitions itself", *format)
		case *metricsOut == "-" || *metricsOut == *out:
			return usagef("-metrics needs a file of its own, not standard output or the -out file")
		}
	}
	if *sourcesOut != "" {
		switch {
		case *format != "csv":
			return usagef("-sources goes with -format csv; -format %s carries its sources itself", *format)
		case *sourcesOut == "-" || *sourcesOut == *out || *sourcesOut == *metricsOut:
			return usagef("-sources needs a file of its own, not standard output, the -out file or the -metrics file")
		}
	}
	if *format == "datapackage" {
		// A zip is not meant for a terminal: it takes -out FILE.zip, or
		// -out - to pipe it on.
		if *out == "" {
			return usagef("-format datapackage writes a zip: give -out FILE.zip, or -out - to write it to standard output")
		}
		if f, ok := a.stdout.(*os.File); ok && toStdout && isTerminal(f) {
			return usagef("-format datapackage -out - would write a zip to the terminal: redirect standard output or give -out FILE.zip")
		}
	}
	filter, err := ff.filter()
	if err != nil {
		return err
	}
	if a.env("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(exportMemoryLimit))
	}
	s, err := a.openStore(ctx, db, true)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := knownNames(ctx, s, filter); err != nil {
		return err
	}
	meta := export.Meta{ExportedAt: time.Now().UTC(), Filter: filter.Describe(), Generator: "forcedreturns export",
		Originals: func(keys []string) ([]models.Source, error) { return s.GetSources(ctx, keys) }}
	// The rows with their countable columns, read with the stored answer
	// when it holds for them, else worked out first (export.Figures; an
	// export writes nothing to the database, so it does not store it).
	// Reading and encoding overlap on two goroutines (see export.Pipelined).
	it := export.Pipelined(export.Figures(ctx, s, filter, nil))
	var metrics []models.Metric
	if *metricsOut != "" {
		it = export.CollectMetrics(it, &metrics)
	}
	var sources []models.Source
	if *sourcesOut != "" {
		it = export.CollectSources(it, &sources)
	}
	if toStdout {
		w := bufio.NewWriterSize(a.stdout, 64<<10)
		if err := export.Write(*format, w, meta, it, export.Counted); err != nil {
			return err
		}
		err = w.Flush()
	} else {
		err = export.WriteFileAtomic(*out, func(w io.Writer) error { return export.Write(*format, w, meta, it, export.Counted) })
	}
	if err != nil {
		return err
	}
	// Written once the figures are, so they list exactly the metrics and
	// the sources they use.
	if *metricsOut != "" {
		if err := export.WriteFileAtomic(*metricsOut, func(w io.Writer) error { return export.WriteMetricsCSV(w, metrics) }); err != nil {
			return err
		}
	}
	if *sourcesOut != "" {
		return export.WriteFileAtomic(*sourcesOut, func(w io.Writer) error { return export.WriteSourcesCSV(w, sources, meta.Originals) })
	}
	return nil
}
