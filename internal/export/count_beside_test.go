package export_test

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"forcedreturns/internal/export"
	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// besideStore is a store whose reads say when they begin (entered, by
// name) and wait, where a test asks (waits: a read's name to the read it
// waits for), until that other read has begun: a read done one after the
// other where they should run beside each other then never begins, and
// its wait ends with the context's deadline, an error. With spare false
// it lends no connection (store.SpareRead), and the reads are recorded
// in the order they begin.
type besideStore struct {
	*store.Store
	spare bool
	waits map[string]string

	mu      sync.Mutex
	entered map[string]chan struct{}
	order   []string
}

func newBesideStore(s *store.Store, spare bool, waits map[string]string) *besideStore {
	b := &besideStore{Store: s, spare: spare, waits: waits, entered: map[string]chan struct{}{}}
	for _, name := range []string{"FormulaInputs", "CountingTargets", "EachFigureBySubject", "EachFigure"} {
		b.entered[name] = make(chan struct{})
	}
	return b
}

// begin records that the read name began and waits, if asked, for the
// one it waits for.
func (b *besideStore) begin(ctx context.Context, name string) error {
	b.mu.Lock()
	b.order = append(b.order, name)
	select {
	case <-b.entered[name]:
	default:
		close(b.entered[name])
	}
	b.mu.Unlock()
	other, ok := b.waits[name]
	if !ok {
		return nil
	}
	select {
	case <-b.entered[other]:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%s waited for %s, which never began: %w", name, other, ctx.Err())
	}
}

func (b *besideStore) SpareRead() (func(), bool) {
	if !b.spare {
		return func() {}, false
	}
	return b.Store.SpareRead()
}

func (b *besideStore) FormulaInputs(ctx context.Context, f models.FigureFilter) ([]models.Figure, error) {
	if err := b.begin(ctx, "FormulaInputs"); err != nil {
		return nil, err
	}
	return b.Store.FormulaInputs(ctx, f)
}

func (b *besideStore) CountingTargets(ctx context.Context, f models.FigureFilter) ([]string, error) {
	if err := b.begin(ctx, "CountingTargets"); err != nil {
		return nil, err
	}
	return b.Store.CountingTargets(ctx, f)
}

func (b *besideStore) EachFigureBySubject(ctx context.Context, f models.FigureFilter, fn func(*models.Figure) error) error {
	if err := b.begin(ctx, "EachFigureBySubject"); err != nil {
		return err
	}
	return b.Store.EachFigureBySubject(ctx, f, fn)
}

func (b *besideStore) EachFigure(ctx context.Context, f models.FigureFilter, fn func(*models.FigureView) error) error {
	if err := b.begin(ctx, "EachFigure"); err != nil {
		return err
	}
	return b.Store.EachFigure(ctx, f, fn)
}

// besideFilters select figures counted among themselves (neither every
// public figure nor whole subjects: no stored answer serves them).
func besideFilters(seed models.Batch) map[string]models.FigureFilter {
	return map[string]models.FigureFilter{
		"one source":     {Sources: []string{seed.Figures[0].Source}},
		"from July 2017": {From: models.NewDate(2017, 7, 1), Audience: models.AudienceEditors, Statuses: models.Statuses},
		"exact figures":  {Qualifiers: []models.Qualifier{models.QualExact}},
	}
}

// TestFilteredDownloadReadsBeside: a download counted among its own
// figures (export.Figures over a filter no stored answer serves), from a
// store with a connection to spare, reads what counting needs before
// the first subject (the keys formulas, subgroups and shares name)
// beside the figures' read by subject, and starts the rows' read while
// they are counted, instead of one after the other: each read here waits
// until the other has begun, so done in turn they never end (the test's
// deadline ends them with an error). The rows and their countable
// columns are byte for byte those written counting from a first pass
// over the rows. Without a connection to spare, the reads come one after
// the other, as before: never two held at once by one download, each
// waiting for the other, which with a pool of one would wait for good.
func TestFilteredDownloadReadsBeside(t *testing.T) {
	seed := seedWithDraft(t)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, seed)
		for name, f := range besideFilters(seed) {
			want := firstPass(t, s, "csv", f)
			t.Run(name+", beside", func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				b := newBesideStore(s, true, map[string]string{
					"CountingTargets":     "EachFigureBySubject", // the names beside the figures
					"EachFigureBySubject": "EachFigure",          // the rows' read beside the count
				})
				var got bytes.Buffer
				if err := export.Write("csv", &got, countedMeta, export.Figures(ctx, b, f, nil), export.Counted); err != nil {
					t.Fatalf("the reads came one after the other: %v", err)
				}
				if !bytes.Equal(got.Bytes(), want) {
					t.Errorf("the download differs from the one counting its rows:\n%s\nwant\n%s", got.Bytes(), want)
				}
			})
			t.Run(name+", no connection to spare", func(t *testing.T) {
				ctx := context.Background()
				b := newBesideStore(s, false, nil)
				var got bytes.Buffer
				if err := export.Write("csv", &got, countedMeta, export.Figures(ctx, b, f, nil), export.Counted); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got.Bytes(), want) {
					t.Errorf("the download differs from the one counting its rows:\n%s\nwant\n%s", got.Bytes(), want)
				}
				wantOrder := []string{"FormulaInputs", "CountingTargets", "EachFigureBySubject", "EachFigure"}
				if fmt.Sprint(b.order) != fmt.Sprint(wantOrder) {
					t.Errorf("reads began in the order %v, want one after the other: %v", b.order, wantOrder)
				}
			})
		}
	})
}

// TestSpareReadLeavesOneConnection: a store lends at most one read
// connection fewer than its pool holds (none with a pool of one), so
// that downloads holding one while they wait for another never take
// them all; a connection given back is lent again.
func TestSpareReadLeavesOneConnection(t *testing.T) {
	for _, pool := range []int{1, 3} {
		s, err := store.Open(context.Background(), store.Config{SQLitePath: t.TempDir() + "/spare.db", MaxOpenConns: pool})
		if err != nil {
			t.Fatal(err)
		}
		var releases []func()
		for {
			release, ok := s.SpareRead()
			if !ok {
				break
			}
			releases = append(releases, release)
			if len(releases) > pool {
				break
			}
		}
		if len(releases) != pool-1 {
			t.Errorf("pool of %d: lent %d connections, want %d", pool, len(releases), pool-1)
		}
		if len(releases) > 0 {
			releases[0]()
			releases[0]() // again: nothing more given back
			if _, ok := s.SpareRead(); !ok {
				t.Errorf("pool of %d: a connection given back is not lent again", pool)
			}
			if _, ok := s.SpareRead(); ok {
				t.Errorf("pool of %d: a release called twice gave back two connections", pool)
			}
		}
		s.Close()
	}
}

// TestFilteredDownloadPoolOfOne: with a pool of one connection (nothing
// to spare) a filtered download reads one query after the other and
// ends, with the same bytes: never one connection held while waiting
// for another.
func TestFilteredDownloadPoolOfOne(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	seed := seedWithDraft(t)
	one, err := store.Open(ctx, store.Config{SQLitePath: t.TempDir() + "/one.db", MaxOpenConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer one.Close()
	if err := one.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.Apply(t, one, seed)
	for name, f := range besideFilters(seed) {
		want := firstPass(t, one, "csv", f)
		var got bytes.Buffer
		if err := export.Write("csv", &got, countedMeta, export.Figures(ctx, one, f, nil), export.Counted); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%s: the download differs from the one counting its rows", name)
		}
	}
}
