package export

import (
	"errors"

	"forcedreturns/models"
)

// pipelineBatch is how many rows travel together between the reading and
// the encoding goroutine: large enough that channel operations cost
// nothing per row, small enough that memory stays bounded
// (pipelineDepth+2 batches in flight at most, each used again once
// encoded: a batch is 600 KB, which made half of an export's allocations).
const (
	pipelineBatch = 512
	pipelineDepth = 4
)

// errConsumerStopped tells the reading goroutine that the encoder gave up.
var errConsumerStopped = errors.New("export: consumer stopped")

// Pipelined returns an iterator that runs it in its own goroutine, so that
// reading rows from the database and encoding them overlap on two cores
// instead of taking turns. Rows are copied into batches (the source
// iterator may reuse its value); at most a few batches are in flight, so
// memory stays bounded however many rows there are. An error on either
// side stops both and is returned.
func Pipelined(it Iterator) Iterator {
	return func(yield func(*models.FigureView) error) error {
		batches := make(chan []models.FigureView, pipelineDepth)
		free := make(chan []models.FigureView, pipelineDepth+2) // encoded, to fill again
		done := make(chan struct{})
		errc := make(chan error, 1)
		go func() {
			defer close(batches)
			batch := make([]models.FigureView, 0, pipelineBatch)
			send := func() bool {
				select {
				case batches <- batch:
					select {
					case batch = <-free:
						batch = batch[:0]
					default:
						batch = make([]models.FigureView, 0, pipelineBatch)
					}
					return true
				case <-done:
					return false
				}
			}
			err := it(func(v *models.FigureView) error {
				batch = append(batch, *v)
				if len(batch) == pipelineBatch && !send() {
					return errConsumerStopped
				}
				return nil
			})
			if err == nil && len(batch) > 0 {
				send()
			}
			errc <- err
		}()
		var yieldErr error
		for b := range batches {
			if yieldErr != nil {
				continue // drain so the producer can finish
			}
			for i := range b {
				if yieldErr = yield(&b[i]); yieldErr != nil {
					close(done)
					break
				}
			}
			select {
			case free <- b: // every row of it handed on
			default:
			}
		}
		prodErr := <-errc
		if yieldErr != nil {
			return yieldErr
		}
		if errors.Is(prodErr, errConsumerStopped) {
			return nil
		}
		return prodErr
	}
}
