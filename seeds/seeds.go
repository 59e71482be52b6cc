// Package seeds holds the data the tracker starts from — the metrics
// vocabulary and the seed article with every figure in it — embedded in the
// binary and loaded through the store, so the same validation applies to it
// as to an editor's input.
package seeds

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"

	"forcedreturns/internal/importer"
	"forcedreturns/models"
)

//go:embed seed.yaml
var seedYAML []byte

// Change is what the seed's revisions record as editor and reason.
var Change = models.Change{Editor: "seed", Reason: "seed data shipped with the tracker"}

// Batch parses the embedded seed data.
func Batch() (models.Batch, error) {
	b, err := importer.Parse("seed.yaml", bytes.NewReader(seedYAML), importer.Options{})
	if err != nil {
		return models.Batch{}, fmt.Errorf("seed data: %w", err)
	}
	return b, nil
}

// Applier is the part of the store that loading needs.
type Applier interface {
	ApplyBatch(ctx context.Context, b models.Batch, c models.Change, dryRun bool) (models.BatchResult, error)
}

// Load writes the seed data through the store in one transaction, so every
// validation rule applies to it. It only creates what is missing: entries
// already stored are left as they are, so loading twice changes nothing
// and re-seeding never reverts an editor's correction of a seed figure.
func Load(ctx context.Context, s Applier) (models.BatchResult, error) {
	b, err := Batch()
	if err != nil {
		return models.BatchResult{}, err
	}
	b.CreateOnly = true
	return s.ApplyBatch(ctx, b, Change, false)
}

// Store is the part of the store LoadIfEmpty needs.
type Store interface {
	Applier
	ListSources(ctx context.Context) ([]models.Source, error)
}

// LoadIfEmpty loads the seed data into a database that holds no source
// yet, a fresh install, and says whether it did. A database with any
// source is left as it is: starting a server never re-creates what an
// editor deleted.
func LoadIfEmpty(ctx context.Context, s Store) (res models.BatchResult, loaded bool, err error) {
	sources, err := s.ListSources(ctx)
	if err != nil || len(sources) > 0 {
		return res, false, err
	}
	res, err = Load(ctx, s)
	if err != nil {
		return res, false, fmt.Errorf("seeding the empty database: %w", err)
	}
	return res, true, nil
}
