package dashboard

import (
	"bufio"
	"compress/gzip"
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"forcedreturns/dashboard/httpx"
	"forcedreturns/internal/export"
	"forcedreturns/models"
)

// figuresDownload streams exactly the rows the figures page shows for the
// same filters (without paging) in the export formats.
func (s *Server) figuresDownload(format string) httpx.Handler {
	return func(c *gin.Context) error {
		f, err := models.ParseFigureFilter(c.Request.URL.Query())
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
// are worked out over every figure f selects, as in the figures export.
func (s *Server) download(c *gin.Context, format, file string, f models.FigureFilter, keep map[string]bool) error {
	ctx := c.Request.Context()
	f.Limit, f.Offset = 0, 0
	ctype := "text/csv; charset=utf-8"
	if format == "json" {
		ctype = "application/json; charset=utf-8"
	}
	h := c.Writer.Header()
	// Before unchanged: a file served from the cache is an attachment too.
	h.Set("Content-Disposition", `attachment; filename="`+file+`.`+format+`"`)
	if done, err := s.unchanged(c, "download", c.Request.URL.Path, format, c.Request.URL.RawQuery); err != nil || done {
		if err != nil {
			h.Del("Content-Disposition")
		}
		return err
	}
	// The countable columns first (a narrow read), so that an error
	// there is still an error response rather than a cut file.
	counts, err := export.Count(ctx, s.store, f)
	if err != nil {
		h.Del("Content-Disposition")
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
	it := export.Pipelined(func(yield func(*models.FigureView) error) error {
		return s.store.EachFigure(ctx, f, func(v *models.FigureView) error {
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
	if err := export.Write(format, w, meta, it, counts); err != nil {
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
