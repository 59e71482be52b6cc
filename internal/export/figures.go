package export

import (
	"context"

	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// Source is what Figures reads an export from: the store.
type Source interface {
	CountSource
	EachFigure(ctx context.Context, f models.FigureFilter, fn func(*models.FigureView) error) error
	// EachFigureCounted streams the figures with the stored answer of
	// checks.Counting in each view's Count, or returns false, having
	// called nothing, when no stored answer holds for f and the current
	// figures (store.EachFigureCounted).
	EachFigureCounted(ctx context.Context, f models.FigureFilter, fn func(*models.FigureView) error) (bool, error)
	// CountedFilter reports whether a stored answer may hold for f
	// (store.CountedFilter).
	CountedFilter(f models.FigureFilter) bool
	// CountsCurrent reports whether the stored answer holds for the
	// current figures.
	CountsCurrent(ctx context.Context) (bool, error)
	PublicVersion(ctx context.Context) (int64, error)
	SaveFigureCounts(ctx context.Context, version int64, n int, row func(i int) (id int64, countable bool, group, countedIn *string)) (bool, error)
}

// Counted is the Counts of an Iterator from Figures: each view carries
// its answer (FigureView.Count).
var Counted Counts = carried{}

type carried struct{}

func (carried) of(v *models.FigureView) checks.Count { return v.Count }

func (carried) Len() int { return -1 } // not known before the rows are

// Keep runs save, which stores the answer an export worked out for every
// public figure so that the downloads after it read it (see Figures):
// on a goroutine of its own, say, so that the download does not wait.
type Keep func(save func(context.Context) error)

// Figures returns an Iterator over the figures filter selects, each with
// checks.Counting's answer in its Count: write them with Counted. When
// the store holds the answer for the current figures and filter selects
// them all (the common download), the rows are read once, with the
// answer beside them, and the first comes at once. Otherwise the answer
// is worked out first (Count, one subject at a time), as of the figures
// at that time: a filtered export counts its figures among themselves;
// an export of every public figure, whose stored answer a write made out
// of date (or none is stored yet), is counted as it would have been
// without one, and then its answer is handed to keep, if not nil, to be
// stored for the next downloads (only if no write came meanwhile: see
// store.SaveFigureCounts). Never is an answer written beside figures it
// was not computed for.
func Figures(ctx context.Context, src Source, filter models.FigureFilter, keep Keep) Iterator {
	return func(yield func(*models.FigureView) error) error {
		ok, err := src.EachFigureCounted(ctx, filter, yield)
		if ok || err != nil {
			return err
		}
		whole := keep != nil && src.CountedFilter(filter)
		var version int64
		if whole {
			if version, err = src.PublicVersion(ctx); err != nil {
				return err
			}
		}
		counts, err := Count(ctx, src, filter)
		if err != nil {
			return err
		}
		if whole {
			keep(func(ctx context.Context) error {
				_, err := saveCounts(ctx, src, version, counts)
				return err
			})
		}
		return src.EachFigure(ctx, filter, func(v *models.FigureView) error {
			v.Count = counts.of(v)
			return yield(v)
		})
	}
}

// StoreCounts works out checks.Counting's answer for every public figure
// and stores it, unless the stored one holds for the current figures
// (serve does it at start, so that the first download after an import or
// a generation reads it). It returns whether the store holds the current
// answer at the end: not if a write came while it counted (the next
// download, or StoreCounts, counts again).
func StoreCounts(ctx context.Context, src Source) (bool, error) {
	if ok, err := src.CountsCurrent(ctx); ok || err != nil {
		return ok, err
	}
	version, err := src.PublicVersion(ctx)
	if err != nil {
		return false, err
	}
	counts, err := Count(ctx, src, models.FigureFilter{})
	if err != nil {
		return false, err
	}
	return saveCounts(ctx, src, version, counts)
}

// saveCounts stores counts, Count's answer for every public figure as of
// version.
func saveCounts(ctx context.Context, src Source, version int64, counts Counts) (bool, error) {
	ids := counts.(*idCounts)
	return src.SaveFigureCounts(ctx, version, len(ids.rows), ids.row)
}

// row returns the i-th answer as the store keeps it: group and counted_in
// nil when they are the figure's own key.
func (c *idCounts) row(i int) (int64, bool, *string, *string) {
	r := c.rows[i]
	name := func(ref uint64) *string {
		switch ref {
		case refNone:
			return &empty
		case refSelf:
			return nil
		}
		return &c.keys[ref-refKeys]
	}
	return r.id, r.ans&countableBit != 0, name(r.ans & 0x7fffffff), name(r.ans >> 31 & 0x7fffffff)
}

var empty = ""
