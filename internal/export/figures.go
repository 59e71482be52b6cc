package export

import (
	"context"
	"sync"

	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// Source is what Figures reads an export from: the store.
type Source interface {
	CountSource
	EachFigure(ctx context.Context, f models.FigureFilter, fn func(*models.FigureView) error) error
	// EachFigureCounted streams the figures with the stored answer of
	// checks.Counting in each view's Count (with u laid over it, if not
	// nil), or returns false, having called nothing, when that answer
	// does not hold for f and the current figures
	// (store.EachFigureCounted).
	EachFigureCounted(ctx context.Context, f models.FigureFilter, u models.CountsUpdate, fn func(*models.FigureView) error) (bool, error)
	// CountedFilter reports whether the stored answer is all of f's
	// (store.CountedFilter); CountsMayHold whether it may hold for f.
	CountedFilter(f models.FigureFilter) bool
	CountsMayHold(f models.FigureFilter) bool
	// CountsCurrent reports whether the stored answer holds for the
	// current figures.
	CountsCurrent(ctx context.Context) (bool, error)
	// CountsDelta works out the stored answer brought up to date subject
	// by subject, or nil when it cannot (store.CountsDelta);
	// SaveCountsDelta stores it.
	CountsDelta(ctx context.Context) (models.CountsUpdate, error)
	SaveCountsDelta(ctx context.Context, u models.CountsUpdate) (bool, error)
	CountsBase(ctx context.Context) (version int64, notes []int64, err error)
	SaveFigureCounts(ctx context.Context, version int64, notes []int64, n int, row func(i int) (id int64, countable bool, group, countedIn, pointsTo *string)) (bool, error)
}

// Counted is the Counts of an Iterator from Figures: each view carries
// its answer (FigureView.Count).
var Counted Counts = carried{}

type carried struct{}

func (carried) of(v *models.FigureView) checks.Count { return v.Count }

func (carried) Len() int { return -1 } // not known before the rows are

// A Keeper stores in the background what downloads work out for every
// public figure, so that the downloads after them read it (see Figures),
// and has the callers that need every public figure counted at once
// share one count (a server's first downloads and its start-up).
type Keeper struct {
	// Run runs save on a goroutine of its own, say, so that the
	// download does not wait.
	Run func(save func(context.Context) error)

	mu    sync.Mutex
	cur   *fullCount // the count under way or last done
	delta *deltaRun  // the update under way or last worked out
	// saving is closed when the save of a count of every public figure
	// under way ends, nil when none is under way; savingOf is the version
	// it counted.
	saving   chan struct{}
	savingOf int64
}

// waitSave waits for the save of a count of every public figure under
// way, if there is one and it counted an earlier version than the
// current, and reports whether it waited. A count of the current version
// is read from memory meanwhile (full), not waited for.
func (k *Keeper) waitSave(ctx context.Context, src Source) (bool, error) {
	if k == nil {
		return false, nil
	}
	k.mu.Lock()
	w, of := k.saving, k.savingOf
	k.mu.Unlock()
	if w == nil {
		return false, nil
	}
	if version, _, err := src.CountsBase(ctx); err != nil || version == of {
		return false, err
	}
	select {
	case <-w:
		return true, nil
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

// deltaRun is one store.CountsDelta, shared by the downloads that need
// it at once (the first after a write, and those that come while it
// works), and kept for those that come before it is stored.
type deltaRun struct {
	done chan struct{}
	u    models.CountsUpdate
	err  error
}

// update returns the stored answer brought up to date (CountsDelta): the
// one worked out last or under way, unless fresh, else a new one.
func (k *Keeper) update(ctx context.Context, src Source, fresh bool) (models.CountsUpdate, error) {
	if k == nil {
		return src.CountsDelta(ctx)
	}
	k.mu.Lock()
	r := k.delta
	if r == nil || fresh {
		r = &deltaRun{done: make(chan struct{})}
		k.delta = r
		k.mu.Unlock()
		r.u, r.err = src.CountsDelta(ctx)
		close(r.done)
		if r.err != nil || r.u == nil {
			// Nothing to share: none is stored, or too much changed.
			k.mu.Lock()
			if k.delta == r {
				k.delta = nil
			}
			k.mu.Unlock()
		}
		return r.u, r.err
	}
	k.mu.Unlock()
	select {
	case <-r.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if r.err != nil || r.u == nil {
		return k.update(ctx, src, true)
	}
	return r.u, nil
}

// fullCount is one count of every public figure, as of version (with
// the notes of writes read with it: store.CountsBase).
type fullCount struct {
	version int64
	notes   []int64
	done    chan struct{}
	counts  Counts
	err     error
}

// full returns the count of every public figure as of the current
// version: the one under way or done for it, if any (waiting for it),
// else a new one.
func (k *Keeper) full(ctx context.Context, src Source) (*fullCount, error) {
	version, notes, err := src.CountsBase(ctx)
	if err != nil {
		return nil, err
	}
	k.mu.Lock()
	if r := k.cur; r != nil && r.version == version {
		k.mu.Unlock()
		select {
		case <-r.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if r.err == nil {
			return r, nil
		}
		// The one who counted gave up (its download was cancelled):
		// count again.
		k.mu.Lock()
		if k.cur == r {
			k.cur = nil
		}
		k.mu.Unlock()
		return k.full(ctx, src)
	}
	r := &fullCount{version: version, notes: notes, done: make(chan struct{})}
	k.cur = r
	k.mu.Unlock()
	r.counts, r.err = Count(ctx, src, models.FigureFilter{})
	close(r.done)
	return r, r.err
}

// unsaved returns the count of every public figure done and not yet
// stored, if there is one.
func (k *Keeper) unsaved() *fullCount {
	k.mu.Lock()
	r := k.cur
	k.mu.Unlock()
	if r == nil {
		return nil
	}
	select {
	case <-r.done:
		if r.err == nil {
			return r
		}
	default:
	}
	return nil
}

// forget drops r once it is stored: the downloads read it from the store.
func (k *Keeper) forget(r *fullCount) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.cur == r {
		k.cur = nil
	}
}

// deltaTries is how many times Figures works out the stored answer
// brought up to date before it counts instead: each try fails only if a
// write came in between.
const deltaTries = 3

// Figures returns an Iterator over the figures filter selects, each with
// checks.Counting's answer in its Count: write them with Counted. When
// the store holds the answer for the current figures and filter selects
// them all (the common download), the rows are read once, with the
// answer beside them, and the first comes at once. When writes came
// since it was stored, the subjects they touched are counted again
// (store.CountsDelta, a fraction of a second) and the rows read with the
// stored answer and that laid over it, which k then stores. Otherwise
// (no answer stored, or an import or a generation touched too many
// subjects) the answer is worked out first (Count, one subject at a
// time), as of the figures at that time: a filtered export counts its
// figures among themselves (while its rows' query starts beside, when
// the store can spare a connection: countedBeside); an export of every public figure is counted
// as it would have been without a stored answer, sharing the count with
// the other callers of k that need it at once, and then its answer is
// handed to k, if not nil, to be stored for the next downloads. When k
// is storing a count of an earlier version meanwhile, the download waits
// for it to be stored and lays the writes since over it instead
// (waitSave). Never is an answer written beside figures it was not
// computed for.
func Figures(ctx context.Context, src Source, filter models.FigureFilter, k *Keeper) Iterator {
	return func(yield func(*models.FigureView) error) error {
		ok, err := src.EachFigureCounted(ctx, filter, nil, yield)
		if ok || err != nil {
			return err
		}
		if !src.CountsMayHold(filter) {
			return counted(ctx, src, filter, k, yield)
		}
		done, err := byDelta(ctx, src, filter, k, yield)
		if done || err != nil {
			return err
		}
		// A count of every public figure of an earlier version being
		// stored (the start-up's, or a download's, moments after a
		// generation or an import, and a write since): once stored, the
		// writes since are laid over it, where counting again would
		// repeat that count beside it (seconds, and its memory, at a
		// million figures).
		waited, err := k.waitSave(ctx, src)
		if err != nil {
			return err
		}
		if waited {
			if done, err := byDelta(ctx, src, filter, k, yield); done || err != nil {
				return err
			}
		}
		return counted(ctx, src, filter, k, yield)
	}
}

// byDelta streams the figures filter selects with the stored answer
// brought up to date (store.CountsDelta), as Figures says, and reports
// whether it did: not when no answer is stored (or one is being stored),
// or too much changed since.
func byDelta(ctx context.Context, src Source, filter models.FigureFilter, k *Keeper, yield func(*models.FigureView) error) (bool, error) {
	for try := range deltaTries {
		// The first try shares the update under way or last worked out
		// (it holds if no write came since); the next work out their own.
		u, err := k.update(ctx, src, try > 0)
		if err != nil || u == nil {
			return false, err
		}
		// Stored at once, in the background, even if the client leaves
		// after the first row: the stream reads it either way.
		if k != nil {
			k.Run(func(ctx context.Context) error {
				_, err := src.SaveCountsDelta(ctx, u)
				return err
			})
		}
		if ok, err := src.EachFigureCounted(ctx, filter, u, yield); ok || err != nil {
			return true, err
		}
	}
	return false, nil
}

// counted streams the figures filter selects with the answer worked out
// first, as Figures says.
func counted(ctx context.Context, src Source, filter models.FigureFilter, k *Keeper, yield func(*models.FigureView) error) error {
	if k == nil || !src.CountedFilter(filter) {
		return countedBeside(ctx, src, filter, yield)
	}
	r, err := k.full(ctx, src)
	if err != nil {
		return err
	}
	k.Run(func(ctx context.Context) error { return k.save(ctx, src, r) })
	return src.EachFigure(ctx, filter, func(v *models.FigureView) error {
		v.Count = r.counts.of(v)
		return yield(v)
	})
}

// countedBeside streams the figures filter selects with their answer
// counted among themselves (Count). When the store can spare a
// connection (SpareReader), the rows' query starts while they are
// counted, and its first row waits for the answer: the query's own
// sort (0.3–0.5 s for a source's 125,000 figures at a million on
// PostgreSQL) is then no longer added to the count's. The rows are
// read in a snapshot of their own either way: a figure written between
// the two reads is written as Figures says.
func countedBeside(ctx context.Context, src Source, filter models.FigureFilter, yield func(*models.FigureView) error) error {
	release, beside := spareRead(src)
	defer release()
	if !beside {
		counts, err := Count(ctx, src, filter)
		if err != nil {
			return err
		}
		return src.EachFigure(ctx, filter, func(v *models.FigureView) error {
			v.Count = counts.of(v)
			return yield(v)
		})
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		counts  Counts
		err     error
		counted = make(chan struct{})
	)
	go func() {
		defer close(counted)
		counts, err = Count(ctx, src, filter)
	}()
	waited := false
	wait := func() error {
		if !waited {
			waited = true
			<-counted
		}
		return err
	}
	rowsErr := src.EachFigure(ctx, filter, func(v *models.FigureView) error {
		if err := wait(); err != nil {
			return err
		}
		v.Count = counts.of(v)
		return yield(v)
	})
	if rowsErr != nil {
		cancel()
		<-counted
		return rowsErr
	}
	// No row: the count's error still counts (a selection that failed to
	// count is no empty download).
	return wait()
}

// save stores r, unless an answer as current is stored already. The
// downloads that find no answer stored meanwhile wait for it (waitSave).
func (k *Keeper) save(ctx context.Context, src Source, r *fullCount) error {
	done := make(chan struct{})
	k.mu.Lock()
	k.saving, k.savingOf = done, r.version
	k.mu.Unlock()
	defer func() {
		k.mu.Lock()
		if k.saving == done {
			k.saving = nil
		}
		k.mu.Unlock()
		close(done)
	}()
	_, err := saveCounts(ctx, src, r.version, r.notes, r.counts)
	if err == nil {
		k.forget(r)
	}
	return err
}

// Store brings the stored answer up to date: subject by subject when it
// can (store.CountsDelta), else by counting every public figure (shared
// with the downloads that need it meanwhile). serve does it at start, so
// that the first download after an import or a generation reads it. It
// returns whether the store holds the current answer at the end: not if
// a write came meanwhile (the next download brings it up to date). A
// count of every public figure that a download worked out and could not
// store (its save found a computation under way: serve's start-up work,
// say), of this version or an earlier one, is stored first and brought
// up to date from there, rather than every figure counted again.
func (k *Keeper) Store(ctx context.Context, src Source) (bool, error) {
	if ok, err := src.CountsCurrent(ctx); ok || err != nil {
		return ok, err
	}
	if r := k.unsaved(); r != nil {
		if err := k.save(ctx, src, r); err != nil {
			return false, err
		}
		if ok, err := src.CountsCurrent(ctx); ok || err != nil {
			return ok, err
		}
	}
	u, err := src.CountsDelta(ctx)
	if err != nil {
		return false, err
	}
	if u != nil {
		if _, err := src.SaveCountsDelta(ctx, u); err != nil {
			return false, err
		}
		return src.CountsCurrent(ctx)
	}
	r, err := k.full(ctx, src)
	if err != nil {
		return false, err
	}
	if err := k.save(ctx, src, r); err != nil {
		return false, err
	}
	return src.CountsCurrent(ctx)
}

// saveCounts stores counts, Count's answer for every public figure as of
// version, deleting notes (store.SaveFigureCounts).
func saveCounts(ctx context.Context, src Source, version int64, notes []int64, counts Counts) (bool, error) {
	ids := counts.(*idCounts)
	return src.SaveFigureCounts(ctx, version, notes, len(ids.rows), ids.row)
}

// row returns the i-th answer as the store keeps it: group and counted_in
// nil when they are the figure's own key, points_to nil when the group is
// counted in no other.
func (c *idCounts) row(i int) (int64, bool, *string, *string, *string) {
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
	var next *string
	if r.next > 0 {
		next = name(uint64(r.next - 1))
	}
	return r.id, r.ans&countableBit != 0, name(r.ans & 0x7fffffff), name(r.ans >> 31 & 0x7fffffff), next
}

var empty = ""
