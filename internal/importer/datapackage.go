package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"forcedreturns/models"
)

// Files of a data package (export.WriteDataPackage) that an import reads.
const (
	packageFigures = "figures.csv"
	packageSources = "sources.csv"
	packageMetrics = "metrics.csv"
)

// parseDataPackage reads a data package zip: its figures.csv as a CSV
// import, its sources.csv, if any, for the sources figures.csv does not
// describe (those its sources carry, which no figure cites: WithSources),
// and its metrics.csv, if any, as the batch's metrics. A package written
// before metrics.csv existed imports like its figures.csv: its metrics
// must then already be in the database.
func parseDataPackage(r io.Reader, opts Options, what string) (models.Batch, error) {
	rep := &report{what: what}
	data, err := readAll(r, fileLimit)
	if errors.Is(err, errTooLarge) {
		return models.Batch{}, rep.fatal("file", "is larger than %s: split it into smaller files", models.SizeText(fileLimit))
	} else if err != nil {
		return models.Batch{}, fmt.Errorf("importer: reading %s: %w", what, err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return models.Batch{}, rep.fatal("file", "not a zip archive (a data package as export -format datapackage writes it): %v", err)
	}
	// Each file is read through parseCSV's size limit, so a zip bomb stops
	// at 256 MB of inflated text.
	f, err := zr.Open(packageFigures)
	if errors.Is(err, fs.ErrNotExist) {
		return models.Batch{}, rep.fatal("file", "the archive has no %s: expected a data package as export -format datapackage writes it", packageFigures)
	} else if err != nil {
		return models.Batch{}, rep.fatal(packageFigures, "cannot be read: %v", err)
	}
	batch, err := parseCSV(f, opts, what+", "+packageFigures)
	f.Close()
	if err != nil {
		return models.Batch{}, err
	}
	if sf, err := zr.Open(packageSources); err == nil {
		sources, err := ParseSourcesCSV(sf, what+", "+packageSources)
		sf.Close()
		if err != nil {
			return models.Batch{}, err
		}
		if batch, err = WithSources(batch, sources, what+", "+packageSources); err != nil {
			return models.Batch{}, err
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return models.Batch{}, rep.fatal(packageSources, "cannot be read: %v", err)
	}
	m, err := zr.Open(packageMetrics)
	if errors.Is(err, fs.ErrNotExist) {
		return batch, nil
	} else if err != nil {
		return models.Batch{}, rep.fatal(packageMetrics, "cannot be read: %v", err)
	}
	defer m.Close()
	metrics, err := ParseMetricsCSV(m, what+", "+packageMetrics)
	if err != nil {
		return models.Batch{}, err
	}
	batch.Metrics, batch.MetricOmitted = metrics.Metrics, metrics.MetricOmitted
	return batch, nil
}
