package importer

import (
	"errors"
	"fmt"
	"io"
	"math"

	"forcedreturns/models"
)

// readAhead says whether StreamCSV reads the file on a goroutine of its
// own (readCSVAhead): decoding the CSV and parsing and checking each row
// on its own took a fifth of an import's CPU, during which the database
// waited, and the database's work on a chunk left that core idle. Reading
// runs up to a chunk ahead of the chunks being checked and written, so on
// two cores the next chunk is parsed while the database writes the last.
// A variable for the tests, which compare both ways.
var readAhead = true

// aheadBlockRows is how many rows the reading goroutine hands over at a
// time: few enough that the consumer never waits long for the first,
// enough that the hand-overs cost nothing next to the rows.
const aheadBlockRows = 256

// aheadRow is a row read ahead, with the problems the reading found since
// the row before it (those of the row itself, and of bad lines before it
// that made no row), and how many of them were over maxProblems.
type aheadRow struct {
	row      csvRow
	problems []models.FieldError
	dropped  int
}

// aheadBlock is what the reading goroutine hands over: rows, or, once,
// the end (end true): the problems after the last row and how the reading
// ended (err; ended when it was fatal), or the panic it met.
type aheadBlock struct {
	rows     []aheadRow
	end      bool
	problems []models.FieldError
	dropped  int
	err      error
	ended    bool
	panicked any
}

// errStopped stops the reading goroutine when the consumer failed.
var errStopped = errors.New("importer: reading stopped")

// take returns the problems recorded since the last take and how many
// were over maxProblems, and forgets them.
func (r *report) take() ([]models.FieldError, int) {
	fields, dropped := r.fields, r.dropped
	r.fields, r.dropped = nil, 0
	return fields, dropped
}

// replay records problems taken from another report (take), as add would
// have recorded them there, dropped of them over maxProblems already.
func (r *report) replay(fields []models.FieldError, dropped int) {
	for _, f := range fields {
		if len(r.fields) >= maxProblems {
			r.dropped++
			continue
		}
		r.fields = append(r.fields, f)
	}
	r.dropped += dropped
}

// readCSVAhead is readCSV(r, rep, math.MaxInt64, false, emit) with the
// reading on a goroutine of its own, up to about ahead rows ahead of
// emit: emit sees the same rows, and rep gets the same problems in the
// same order, each row's before the row is emitted, as readCSV would
// give them (the reading records them in a report of its own, handed
// over with the rows and replayed into rep here). A row's problems and
// the consumer's (emit's) thus interleave exactly as they did in one
// goroutine. It returns what readCSV would; once emit fails, the reading
// stops before readCSVAhead returns.
func readCSVAhead(r io.Reader, rep *report, ahead int, emit func(csvRow) error) error {
	per := min(aheadBlockRows, max(1, ahead/2)) // rows a block
	blocks := make(chan aheadBlock, max(1, ahead/per))
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		rrep := &report{what: rep.what}
		var rows []aheadRow
		end := aheadBlock{end: true}
		defer func() {
			if p := recover(); p != nil {
				end = aheadBlock{end: true, panicked: p}
			}
			select {
			case blocks <- end:
			case <-stop:
			}
		}()
		send := func(b aheadBlock) error {
			select {
			case blocks <- b:
				return nil
			case <-stop:
				return errStopped
			}
		}
		end.err = readCSV(r, rrep, math.MaxInt64, false, func(row csvRow) error {
			problems, dropped := rrep.take()
			rows = append(rows, aheadRow{row: row, problems: problems, dropped: dropped})
			if len(rows) < per {
				return nil
			}
			b := aheadBlock{rows: rows}
			rows = nil
			return send(b)
		})
		end.rows = rows // the rows since the last block, however the reading ended
		end.problems, end.dropped = rrep.take()
		end.ended = rrep.ended
	}()
	finish := func(err error) error {
		close(stop)
		<-done
		return err
	}
	for b := range blocks {
		for _, ar := range b.rows {
			rep.replay(ar.problems, ar.dropped)
			if err := emit(ar.row); err != nil {
				return finish(err)
			}
		}
		if !b.end {
			continue
		}
		if b.panicked != nil {
			panic(fmt.Sprintf("importer: reading the file: %v", b.panicked))
		}
		var e *models.Error
		switch {
		case b.ended && len(b.problems) > 0:
			// Its last problem is why the reading stopped, recorded as
			// rep.fatal records it.
			last := b.problems[len(b.problems)-1]
			rep.replay(b.problems[:len(b.problems)-1], b.dropped)
			return finish(rep.fatal(last.Field, "%s", last.Message))
		case errors.As(b.err, &e):
			rep.replay(b.problems, b.dropped)
			return finish(rep.err()) // the reading's rep.err(), now of rep
		}
		rep.replay(b.problems, b.dropped)
		return finish(b.err)
	}
	return finish(errors.New("importer: the reading ended without a word"))
}
