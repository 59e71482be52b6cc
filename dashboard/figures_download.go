package dashboard

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime/debug"
	"slices"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/export"
	"forcedreturns/models"
)

// figuresDownload streams exactly the rows the figures page shows for the
// same filters (without paging) in the export formats.
func (s *Server) figuresDownload(format string) httpx.Handler {
	return func(c *gin.Context) error {
		httpx.Download(c, format)
		f, err := httpx.FigureFilter(c, s.store)
		if err != nil {
			return err
		}
		if f.Audience, err = s.audience(c); err != nil {
			return err
		}
		return s.download(c, format, "forced-returns-figures", f, nil)
	}
}

// download streams the figures f selects (all of them, without paging) in
// format, as the attachment file.format; keep, if not nil, names the only
// figures to write (a chart's, chartFiguresCSV). The countable columns
// are those of every figure f selects, as in the figures export.
func (s *Server) download(c *gin.Context, format, file string, f models.FigureFilter, keep map[string]bool) error {
	ctx := c.Request.Context()
	f.Limit, f.Offset = 0, 0
	ctype := "text/csv; charset=utf-8"
	if format == "json" {
		ctype = "application/json; charset=utf-8"
	}
	h := c.Writer.Header()
	// Before unchanged: a file served from the cache is an attachment too.
	h.Set("Content-Disposition", `attachment; filename="`+fileName(file, f)+`.`+format+`"`)
	if done, err := s.unchanged(c, "download", c.Request.URL.Path, format, c.Request.URL.RawQuery); err != nil || done {
		if err != nil {
			h.Del("Content-Disposition")
		}
		return err
	}
	h.Set("Content-Type", ctype)
	// Compressed on the way out when the client accepts it (a CSV
	// shrinks about tenfold), still streamed: the gzip writer sends
	// each compressed block as it fills.
	h.Add("Vary", "Accept-Encoding")
	var out io.Writer = c.Writer
	var zw *gzip.Writer
	if httpx.AcceptsGzip(c) {
		h.Set("Content-Encoding", "gzip")
		zw, _ = gzip.NewWriterLevel(c.Writer, gzip.BestSpeed)
		out = zw
	}
	meta := export.Meta{ExportedAt: time.Now().UTC(), Filter: f.Describe(), Generator: "forcedreturns " + c.Request.URL.Path,
		Originals: func(keys []string) ([]models.Source, error) { return s.store.GetSources(ctx, keys) }}
	// The rows with their countable columns: read with the stored answer
	// when it holds, else worked out first (as a nothing-sent error if
	// that fails: the first 32 KB are still in w) and kept for the next
	// download (keepCounts).
	figures := export.Figures(ctx, s.store, f, s.counts)
	it := export.Pipelined(func(yield func(*models.FigureView) error) error {
		return figures(func(v *models.FigureView) error {
			if keep != nil && !keep[v.Figure.Key] {
				return nil
			}
			return yield(v)
		})
	})
	c.Status(http.StatusOK)
	// A copy of a small file is kept for the next identical request
	// (the ETag names the data version and the query, so it never goes
	// stale): a small database's download then costs what a page does.
	kept := &keptBody{max: httpx.MaxRemembered}
	w := bufio.NewWriterSize(io.MultiWriter(out, kept), 32<<10)
	if err := export.Write(format, w, meta, it, export.Counted); err != nil {
		if !c.Writer.Written() {
			// Nothing sent yet: a proper error response instead of a file.
			h.Del("Content-Disposition")
			h.Del("Content-Type")
			h.Del("Content-Encoding")
			return err
		}
		// Part of the file is out. Abort the connection so the client
		// sees a failed download, never a complete-looking short file.
		s.log.Error("download interrupted", "format", format, "error", err.Error())
		panic(http.ErrAbortHandler)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			return err
		}
	}
	if !kept.over {
		s.resp.Remember(c, ctype, kept.buf)
	}
	return nil
}

// fileName is a download's file name: base, then the filters of f, so
// that the downloads of several filters are told apart and do not
// overwrite each other ("forced-returns-figures_metric-deaths_from-2017-01-01").
// Only ASCII letters, digits, '.', '-' and '_' (any other run of
// characters in a value becomes one '-'), at most maxFileName bytes.
func fileName(base string, f models.FigureFilter) string {
	const maxFileName = 120
	v := f.Values()
	delete(v, "sort") // the same figures
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b := []byte(base)
	for _, k := range keys {
		for _, val := range v[k] {
			b = append(b, '_')
			b = append(b, k...)
			b = append(b, '-')
			dash := false
			for _, r := range val {
				ok := r < utf8.RuneSelf && (r == '.' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
				switch {
				case ok:
					b, dash = append(b, byte(r)), false
				case !dash:
					b, dash = append(b, '-'), true
				}
			}
		}
	}
	if len(b) > maxFileName {
		b = b[:maxFileName]
	}
	return string(b)
}

// keptBody keeps what is written to it up to max bytes, then gives up
// (over) without ever failing a write, so the response goes on.
type keptBody struct {
	buf  []byte
	max  int
	over bool
}

func (k *keptBody) Write(p []byte) (int, error) {
	if !k.over {
		if len(k.buf)+len(p) > k.max {
			k.over, k.buf = true, nil
		} else {
			k.buf = append(k.buf, p...)
		}
	}
	return len(p), nil
}

// keepCounts stores, on a goroutine of its own that Close waits for, the
// answer a download worked out for every public figure (export.Keep), one
// at a time: a download that finds one being stored works its own out and
// leaves it. Nor is it stored while the checks are computed: see keep.
func (s *Server) keepCounts(save func(context.Context) error) { s.keep(save, keepTry) }

// How keep takes the checks' turn.
type keepTurn int

const (
	keepTry  keepTurn = iota // if free now, else the save is left undone
	keepWait                 // waited for
	keepHeld                 // held already by the caller (StoreCountsFirst), handed to the save
)

// keep runs save as keepCounts says, in the checks' turn (checkRuns.turn):
// one expensive computation at a time (issue 12). At a million figures
// serve's count of every figure (StoreCounts) beside the checks'
// computation held 210 MB of live heap, serve's RSS reached 340 MB, and
// the count's save failed on the database busy with the checks' writes
// after 7 minutes of counting. keepWait: the turn is waited for
// (StoreCounts counts then); keepTry: a computation under way leaves the
// save undone (a download's answer, already worked out, is not held for
// the length of the computation; the next download stores its own);
// keepHeld: the caller holds the turn, which save's end hands on (or
// keep's, when it runs nothing).
func (s *Server) keep(save func(context.Context) error, how keepTurn) {
	r := s.checkRuns
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ctx.Err() != nil || !r.keeping.TryLock() {
		if how == keepHeld {
			r.turn.Unlock()
		}
		return
	}
	if how == keepTry && !r.turn.TryLock() {
		r.keeping.Unlock()
		return
	}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		defer r.keeping.Unlock()
		if how == keepWait {
			r.turn.Lock()
		}
		defer r.turn.Unlock()
		defer func() {
			// The server's recovery does not reach this goroutine.
			if p := recover(); p != nil {
				s.log.Error("storing the countable columns: panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			}
		}()
		if err := save(r.ctx); err != nil && r.ctx.Err() == nil {
			s.log.Error("storing the countable columns failed; downloads work them out until stored", "err", err)
		}
	}()
}

// storeCounts brings the stored countable columns up to date
// (export.Keeper.Store). A download that needs every figure counted
// meanwhile shares its count.
func (s *Server) storeCounts(ctx context.Context) error {
	_, err := s.counts.Store(ctx, s.store)
	return err
}

// StoreCounts brings the stored countable columns up to date in the
// background, in the checks' turn, unless a download is storing its own.
func (s *Server) StoreCounts() { s.keep(s.storeCounts, keepWait) }

// StoreCountsFirst takes the checks' turn now and returns start, which
// brings the stored countable columns up to date in the background in
// that turn (as StoreCounts) and then hands it on: serve calls it before
// it listens, and start once its start-up work (the overview's
// summaries, the planner's statistics, the page anchors) is done, so
// that the start-up count (10 s at a million figures, after an import or
// a generation) comes before the checks' computation a first request
// starts (20 minutes and more), not after it or beside it, while every
// download counts its own. start must be called (once; later calls do
// nothing).
func (s *Server) StoreCountsFirst() (start func()) {
	s.checkRuns.turn.Lock()
	var once sync.Once
	return func() { once.Do(func() { s.keep(s.storeCounts, keepHeld) }) }
}
