package store_test

import (
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// TestAnchorsReadBetweenTwoSubjectsOfTheChecks: the page anchors'
// reading, asked for while the checks' full computation runs, is not
// read beside it (the two hold the most memory of anything serve does)
// but waits for the subject under way, is read when it is done, and the
// computation goes on after it: the checks as a whole run computes them,
// the anchors placing pages as a walk does.
func TestAnchorsReadBetweenTwoSubjectsOfTheChecks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		must(t, s.GenerateFigures(ctx, 200, 5))
		every := store.SetAnchorEveryForTest(7)
		defer every()
		defer store.SetPlacesForTest(false)()
		between, goOn := make(chan struct{}), make(chan struct{})
		var subjects atomic.Int32
		defer store.SetAfterSubjectForTest(func() {
			if subjects.Add(1) == 2 { // the first subject computed
				close(between)
				<-goOn
			}
		})()
		computed := make(chan error, 1)
		go func() { computed <- s.RefreshChecks(ctx, models.AudiencePublic, storetest.CheckOptions(t, s)) }()
		select {
		case <-between:
		case err := <-computed:
			t.Fatalf("the checks were computed in one subject (%v): the test needs two", err)
		}
		anchors := make(chan error, 1)
		go func() { anchors <- s.RefreshPageAnchors(ctx) }()
		deadline := time.Now().Add(30 * time.Second)
		for s.HeavyWaitingForTest() == 0 {
			select {
			case err := <-anchors:
				close(goOn)
				t.Fatalf("the anchors were read beside the checks' computation (%v)", err)
			default:
			}
			if time.Now().After(deadline) {
				t.Fatal("the anchors' reading neither waited nor ended")
			}
			time.Sleep(time.Millisecond)
		}
		close(goOn)
		must(t, <-anchors)
		must(t, <-computed)
		if n := s.HeavyHandedOverForTest(); n != 1 {
			t.Errorf("the computation let %d readings go first, want 1", n)
		}
		if n := subjects.Load(); n < 3 {
			t.Errorf("the computation went through %d subjects; the anchors were read after its last", n)
		}
		sameStoredChecks(t, s, models.AudiencePublic, "after the anchors' reading")
		// The anchors read in the middle place the pages as a walk does.
		anchored := s.AnchoredPagesForTest()
		f := models.FigureFilter{Sort: "-value", Limit: 5}
		var want []string
		whole := f
		whole.Limit = 0
		must(t, s.EachFigure(ctx, whole, func(v *models.FigureView) error { want = append(want, v.Figure.Key); return nil }))
		for off := 10; off < len(want); off += 37 {
			f.Offset = off
			p, err := s.FigurePage(ctx, f)
			must(t, err)
			if got, w := keysOf(p.Items), want[off:min(off+f.Limit, len(want))]; !slices.Equal(got, w) {
				t.Errorf("offset %d: %v, want %v", off, got, w)
			}
		}
		if s.AnchoredPagesForTest() == anchored {
			t.Error("no page started at an anchor read in the middle of the computation")
		}
	})
}
