package export

import (
	"errors"
	"fmt"
	"runtime"
	"testing"

	"forcedreturns/models"
)

// counting yields n distinct rows through one reused value, as the store does.
func counting(n int, failAt int) Iterator {
	return func(yield func(*models.FigureView) error) error {
		var v models.FigureView
		for i := 0; i < n; i++ {
			if i == failAt {
				return errors.New("database went away")
			}
			v.Figure.Key = fmt.Sprintf("f-%d", i)
			if err := yield(&v); err != nil {
				return err
			}
		}
		return nil
	}
}

// TestPipelined: every row arrives once, in order, each as it was read;
// with a slow consumer too, so that the reader fills batches used again
// while earlier ones are still being handed on (the race detector sees a
// batch filled again before it was handed on whole).
func TestPipelined(t *testing.T) {
	for _, n := range []int{0, 1, pipelineBatch - 1, pipelineBatch, pipelineBatch*3 + 7, pipelineBatch * (pipelineDepth + 5)} {
		var got []string
		err := Pipelined(counting(n, -1))(func(v *models.FigureView) error {
			got = append(got, v.Figure.Key)
			if len(got)%pipelineBatch == pipelineBatch/2 {
				runtime.Gosched()
				if k := v.Figure.Key; k != fmt.Sprintf("f-%d", len(got)-1) {
					t.Fatalf("n=%d: row %d changed to %s while handed on", n, len(got)-1, k)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if len(got) != n {
			t.Fatalf("n=%d: got %d rows", n, len(got))
		}
		for i, k := range got {
			if k != fmt.Sprintf("f-%d", i) {
				t.Fatalf("n=%d: row %d is %s: rows were reordered or overwritten", n, i, k)
			}
		}
	}
}

func TestPipelinedErrors(t *testing.T) {
	// The producer fails midway: the error comes back, after the rows before it.
	rows := 0
	err := Pipelined(counting(5000, 1200))(func(*models.FigureView) error { rows++; return nil })
	if err == nil || err.Error() != "database went away" || rows > 1200 {
		t.Fatalf("producer failure: err = %v after %d rows", err, rows)
	}
	// The consumer fails: its error comes back and the producer stops.
	stop := errors.New("disk full")
	rows = 0
	err = Pipelined(counting(1_000_000, -1))(func(*models.FigureView) error {
		rows++
		if rows == 700 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || rows != 700 {
		t.Fatalf("consumer failure: err = %v after %d rows", err, rows)
	}
}
