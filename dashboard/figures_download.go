package dashboard

import (
	"bufio"
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
		ctx := c.Request.Context()
		f, err := models.ParseFigureFilter(c.Request.URL.Query())
		if err != nil {
			return err
		}
		if f.Audience, err = s.audience(c); err != nil {
			return err
		}
		f.Limit, f.Offset = 0, 0
		if done, err := s.unchanged(c, "download", format, c.Request.URL.RawQuery); err != nil || done {
			return err
		}
		// The countable columns first (a narrow read), so that an error
		// there is still an error response rather than a cut file.
		counts, err := export.Count(ctx, s.store, f)
		if err != nil {
			return err
		}
		ctype := "text/csv; charset=utf-8"
		if format == "json" {
			ctype = "application/json; charset=utf-8"
		}
		h := c.Writer.Header()
		h.Set("Content-Type", ctype)
		h.Set("Content-Disposition", `attachment; filename="forced-returns-figures.`+format+`"`)
		meta := export.Meta{ExportedAt: time.Now().UTC(), Filter: f.Describe(), Generator: "forcedreturns " + c.Request.URL.Path,
			Originals: func(keys []string) ([]models.Source, error) { return s.store.GetSources(ctx, keys) }}
		it := export.Pipelined(func(yield func(*models.FigureView) error) error { return s.store.EachFigure(ctx, f, yield) })
		c.Status(http.StatusOK)
		w := bufio.NewWriterSize(c.Writer, 32<<10)
		if err := export.Write(format, w, meta, it, counts); err != nil {
			if !c.Writer.Written() {
				// Nothing sent yet: a proper error response instead of a file.
				h.Del("Content-Disposition")
				h.Del("Content-Type")
				return err
			}
			// Part of the file is out. Abort the connection so the client
			// sees a failed download, never a complete-looking short file.
			s.log.Error("download interrupted", "format", format, "error", err.Error())
			panic(http.ErrAbortHandler)
		}
		return w.Flush()
	}
}
