package export

import (
	"bufio"
	"io"
	"strconv"
	"time"

	"forcedreturns/internal/format"
	"forcedreturns/models"
)

// WriteCSV writes a header row (Columns) and one row per figure of it, and
// returns the number of figure rows written. The countable columns come
// from counts (see Count), or if counts is nil from a first pass over it
// (see countFigures).
//
// The output is RFC 4180 (comma-separated, CRLF line ends, fields quoted
// when needed), UTF-8 without a byte order mark. Every text cell is passed
// through Neutralise; numeric cells are written as they are. Dates are full
// ISO dates, last_modified is UTC RFC 3339, a range leaves value empty and
// fills value_low and value_high, any other qualifier the reverse.
func WriteCSV(w io.Writer, it Iterator, counts Counts) (int, error) {
	e := newCSVEncoder(w)
	return e.writeFigures(it, counts, nil)
}

// csvEncoder writes figure rows with a fixed number of allocations per row:
// one bufio.Writer written a record at a time (writeRecord), a reused
// record, and one scratch buffer holding every number and date of the row
// (see cells).
type csvEncoder struct {
	bw    *bufio.Writer
	rec   []string
	cells cells
	links format.Links
	// counts says how each figure may be added up (see countFigures).
	counts Counts
}

// outputBuffer holds many records, each written into it whole.
const outputBuffer = 64 << 10

func newCSVEncoder(w io.Writer) *csvEncoder {
	bw := bufio.NewWriterSize(w, outputBuffer)
	return &csvEncoder{bw: bw, rec: make([]string, 0, len(format.Columns))}
}

// write writes one record.
func (e *csvEncoder) write(record []string) error { return writeRecord(e.bw, record) }

// flush writes what is buffered, and returns the first error of any write.
func (e *csvEncoder) flush() error { return e.bw.Flush() }

// writeFigures writes the header and the rows of it, with the countable
// columns of counts (read from it first if counts is nil, see
// countFigures), calling each (if not nil) after every row, and flushes.
func (e *csvEncoder) writeFigures(it Iterator, counts Counts, each func(*models.FigureView)) (int, error) {
	n := 0
	counts, err := orCount(counts, it)
	if err != nil {
		return 0, err
	}
	e.counts = counts
	err = e.write(format.Columns)
	if err == nil {
		err = it(func(v *models.FigureView) error {
			if err := e.figure(v); err != nil {
				return err
			}
			n++
			if each != nil {
				each(v)
			}
			return nil
		})
	}
	if ferr := e.flush(); err == nil {
		err = ferr
	}
	return n, err
}

// Indexes of the numeric and date cells of a figure row in cells.
const (
	nValue = iota
	nValueLow
	nValueHigh
	nPeriodStart
	nPeriodEnd
	nPublishedOn
	nAccessedOn
	nQuoteStart
	nQuoteEnd
	nLastModified
	nVersion
)

func (e *csvEncoder) figure(v *models.FigureView) error {
	f, s := &v.Figure, &v.Source
	c := &e.cells
	c.reset()
	switch {
	case f.Qualifier == models.QualRange:
		c.end()
		c.int(f.ValueLow)
		c.int(f.ValueHigh)
	case f.Qualifier.HasNumber():
		c.int(f.Value)
		c.end()
		c.end()
	default: // no number given: three empty cells, never 0
		c.end()
		c.end()
		c.end()
	}
	c.date(f.Period.Start)
	c.date(f.Period.End)
	c.published(s)
	c.date(s.AccessedOn)
	c.intPtr(f.QuoteStart)
	c.intPtr(f.QuoteEnd)
	c.time(f.UpdatedAt)
	c.int(int64(f.Version))
	n := c.strings()

	link := e.links.Link(s.URL, f.Quote)
	archiveLink := e.links.Link(s.ArchiveURL, f.Quote)
	months, perMonth := rateCells(f)
	countable, group, countedIn := countCells(e.counts, v)

	r := append(e.rec[:0],
		format.Neutralise(f.Key),
		format.Neutralise(f.Metric),
		format.Neutralise(v.Metric.Label),
		n[nValue], n[nValueLow], n[nValueHigh],
		format.Neutralise(string(f.Qualifier)),
		format.Neutralise(f.Unit),
		format.Neutralise(f.ValueText),
		n[nPeriodStart], n[nPeriodEnd],
		format.Neutralise(string(f.Period.Precision)),
		format.Neutralise(string(f.Period.PrecisionOfEnd())),
		format.Neutralise(string(f.Kind)),
		months, perMonth,
		format.Neutralise(f.Population),
		format.Neutralise(f.ActingState),
		format.Neutralise(f.ReceivingState),
		format.Neutralise(f.Location),
		format.Neutralise(f.SubgroupOf),
		format.Neutralise(f.ShareOf),
		strconv.FormatBool(f.Derived),
		format.Neutralise(f.Formula),
		format.Neutralise(string(f.Status)),
		format.Neutralise(f.RetractReason),
		countable,
		format.Neutralise(group),
		format.Neutralise(countedIn),
	)
	r = sourceCells(r, f.Source, s, n[nPublishedOn], n[nAccessedOn])
	r = append(r,
		format.Neutralise(f.Quote),
		n[nQuoteStart], n[nQuoteEnd],
		format.Neutralise(link),
		format.Neutralise(archiveLink),
		format.Neutralise(f.Paraphrase),
		format.Neutralise(f.ParaphrasedBy),
		format.Neutralise(f.ReportedBy),
		format.Neutralise(f.Notes),
		n[nLastModified],
		n[nVersion],
	)
	e.rec = r
	return e.write(r)
}

// sourceCells appends the cells of SourceColumns for s, whose id is id and
// whose dates are already written.
func sourceCells(r []string, id string, s *models.Source, publishedOn, accessedOn string) []string {
	return append(r,
		format.Neutralise(id),
		format.Neutralise(s.Title),
		format.Neutralise(s.TitleEn),
		format.Neutralise(s.TitleKo),
		format.Neutralise(string(s.Kind)),
		format.Neutralise(s.Publisher),
		format.Neutralise(s.Authors),
		format.Neutralise(s.AuthorAffiliation),
		publishedOn,
		format.Neutralise(s.URL),
		format.Neutralise(s.ArchiveURL),
		format.Neutralise(s.Language),
		accessedOn,
		format.Neutralise(s.TextSHA256),
		format.Neutralise(s.Notes),
		format.Neutralise(s.Original),
		strconv.Itoa(s.Version),
	)
}

// writeSources writes sources.csv: a header (SourceColumnNames) and one row
// per source.
func writeSources(w io.Writer, sources []models.Source) error {
	e := newCSVEncoder(w)
	if err := e.write(format.SourceColumnNames); err != nil {
		return err
	}
	for i := range sources {
		s := &sources[i]
		c := &e.cells
		c.reset()
		c.published(s)
		c.date(s.AccessedOn)
		d := c.strings()
		e.rec = sourceCells(e.rec[:0], s.Key, s, d[0], d[1])
		if err := e.write(e.rec); err != nil {
			return err
		}
	}
	return e.flush()
}

// cells collects the numbers and dates of one row in one byte buffer and
// converts it to a string once: one allocation per row rather than one per
// cell. Each cell ends where end was last called.
type cells struct {
	buf  []byte
	ends []int
	out  []string
}

func (c *cells) reset() {
	c.buf = c.buf[:0]
	c.ends = c.ends[:0]
}

func (c *cells) end() { c.ends = append(c.ends, len(c.buf)) }

func (c *cells) int(n int64) {
	c.buf = strconv.AppendInt(c.buf, n, 10)
	c.end()
}

func (c *cells) intPtr(n *int) {
	if n != nil {
		c.buf = strconv.AppendInt(c.buf, int64(*n), 10)
	}
	c.end()
}

// date writes d as YYYY-MM-DD, or nothing when d is unset. It avoids
// Date.String, which goes through fmt.
func (c *cells) date(d models.Date) {
	if !d.IsZero() {
		c.buf = format.AppendDate(c.buf, d)
	}
	c.end()
}

// published writes the source's publication date at its precision
// ("2023-12"), never a day the source did not give.
func (c *cells) published(s *models.Source) {
	if !s.PublishedOn.IsZero() {
		n := len(c.buf)
		c.buf = format.AppendDate(c.buf, s.PublishedOn)
		switch s.PublishedPrecision {
		case models.PrecisionYear:
			c.buf = c.buf[:n+4]
		case models.PrecisionMonth:
			c.buf = c.buf[:n+7]
		}
	}
	c.end()
}

func (c *cells) time(t time.Time) {
	if !t.IsZero() {
		c.buf = t.UTC().AppendFormat(c.buf, time.RFC3339)
	}
	c.end()
}

// strings returns the cells as strings sharing one allocation; they stay
// valid after the next reset (only the slice holding them is reused).
func (c *cells) strings() []string {
	all := string(c.buf)
	c.out = c.out[:0]
	start := 0
	for _, end := range c.ends {
		c.out = append(c.out, all[start:end])
		start = end
	}
	return c.out
}

// rateCells writes the period's length in months and, for a flow that is
// not a range, its value per month, both with at most two decimals.
func rateCells(f *models.Figure) (string, string) {
	m, rate, ok := format.Rate(f)
	if m == 0 {
		return "", ""
	}
	months := strconv.FormatFloat(format.Round2(m), 'f', -1, 64)
	if !ok {
		return months, ""
	}
	return months, strconv.FormatFloat(format.Round2(rate), 'f', -1, 64)
}
