package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// Synthetic data exists to exercise exports, charts and pagination at
// scale; it is not editorial data. So GenerateFigures writes no revision
// per figure (a million snapshots would triple the time and the database
// for nothing anyone reads), only for the few metrics and sources it adds.
const (
	generateRowsPerTx     = 5000 // short transactions let readers and other writers in
	generatedSourcePrefix = "synthetic-source-"
)

// generateJournalInMemory says whether dev generate into a new SQLite
// database keeps its journal in memory (journalInMemory; a variable for
// the tests, which compare both ways).
var generateJournalInMemory = true

// GenerateFigures adds n synthetic figures, reproducible from seed, that
// satisfy every validation rule: varied metrics, qualifiers (ranges
// included), periods at all precisions, states, statuses (some retracted,
// with reasons), subgroups, and quotes with commas, quotation marks and
// new lines, cited to a few synthetic sources. Their keys start with
// "syn-" and the seed in hex, so a second run with the same seed is an
// EConflict. Figures are written with multi-row inserts, 5,000 per
// transaction (on SQLite, all in one when they are most of the table), and their periods advance from 2000 to 2024 with their
// number (see period).
func (s *Store) GenerateFigures(ctx context.Context, n int, seed int64) error {
	if n < 0 {
		return models.Errorf(models.EInvalid, "the number of figures to generate must not be negative, got %d", n)
	}
	c := models.Change{Editor: "generator", Reason: "synthetic data"}
	err := s.write(ctx, func(tx *gorm.DB) error {
		ts := now()
		for _, m := range syntheticMetrics {
			if _, err := loadMetric(tx, m.Slug); models.ErrorCode(err) == models.ENotFound {
				if err := insertMetric(tx, &m, c, ts); err != nil {
					return err
				}
			} else if err != nil {
				return err
			}
		}
		for i := range syntheticSources {
			src := syntheticSource(i)
			if _, err := loadSource(tx, src.Key, false); models.ErrorCode(err) == models.ENotFound {
				if err := insertSource(tx, &src, c, ts); err != nil {
					return err
				}
			} else if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil || n == 0 {
		return wrap(err, "generate figures")
	}
	g := newGenerator(n, seed)
	// One connection for the whole run, so that its settings hold for
	// every transaction.
	err = s.wdb.WithContext(ctx).Connection(func(conn *gorm.DB) error {
		if s.dialect == DialectSQLite {
			// A multi-row insert keeps a statement journal (to undo a
			// half-applied statement) that spills to a temporary file past
			// 64 KiB: a fifth of the cost of bulk loading, measured. It stays
			// in memory with temp_store = MEMORY, which must be set before
			// the transaction begins. Only while generating: the sorts of
			// big exports must still be able to spill to disk.
			if err := conn.Exec("PRAGMA temp_store = MEMORY").Error; err != nil {
				return err
			}
			defer conn.WithContext(context.WithoutCancel(ctx)).Exec("PRAGMA temp_store = DEFAULT")
			// Five secondary indexes take each insert; with the default
			// 2 MiB page cache, a table of a million figures was read and
			// written back page by page (a third of the time in system
			// calls). Restored afterwards: connections are pooled.
			var cache int
			if err := conn.Raw("PRAGMA cache_size").Row().Scan(&cache); err != nil {
				return err
			}
			if err := conn.Exec("PRAGMA cache_size = -131072").Error; err != nil { // 128 MiB
				return err
			}
			defer conn.WithContext(context.WithoutCancel(ctx)).Exec("PRAGMA cache_size = " + strconv.Itoa(cache))
		}
		// On SQLite, each transaction is a bulk load (bulk.go): one
		// full-rebuild marker for the stored checks instead of a note per
		// figure. When the run writes at least as many figures as the
		// table holds, it is one transaction that also builds the
		// readers' indexes once at its end (readers, in WAL mode, go on
		// meanwhile; other writers wait for it).
		perTx := generateRowsPerTx
		if s.dialect == DialectSQLite && n >= bulkIndexRows() {
			var stored int64
			if err := conn.Raw("SELECT COUNT(*) FROM figures").Row().Scan(&stored); err != nil {
				return err
			}
			if bulkIndexes(n, stored) {
				perTx = n
			}
			if stored == 0 && generateJournalInMemory {
				restore, err := s.journalInMemory(conn)
				if err != nil {
					return err
				}
				defer restore()
			}
		}
		for done := 0; done < n; done += perTx {
			err := conn.Transaction(func(tx *gorm.DB) error {
				count := min(perTx, n-done)
				var bulk *bulkLoad
				if s.dialect == DialectSQLite && count > bulkDirty() {
					var err error
					if bulk, err = beginBulk(tx, perTx == n); err != nil {
						return err
					}
				}
				// PostgreSQL: the page anchors forgotten, as by a large
				// streamed import (StreamWriter.pageNotes).
				forget := s.dialect == DialectPostgres && count > bulkDirty()
				if forget {
					if err := pageNotesOff(tx); err != nil {
						return err
					}
				}
				if err := s.insertGenerated(ctx, tx, g, done, count); err != nil {
					return err
				}
				if bulk != nil {
					if err := bulk.end(tx); err != nil {
						return err
					}
				}
				if forget {
					if err := forgetPageAnchors(tx); err != nil {
						return err
					}
				}
				return bumpDataVersion(tx, true)
			})
			if err != nil {
				return err
			}
		}
		// Fresh statistics, so that the planners know the table's new shape
		// (SQLite has none until asked; PostgreSQL's autovacuum comes later,
		// if it is on). PostgreSQL also needs the table vacuumed: until its
		// pages are marked all-visible, a page of /figures by offset cannot
		// step over the rows before it inside the order's index (an
		// index-only scan) and reads them from the table, so the planner
		// sorts the whole table instead (1.9 s against 0.12 s for a page
		// in the middle of 100,000 figures).
		// SQLite's in full (analysis_limit 0): sampled, they say that each
		// status matches a thousand figures (see FreshStatistics).
		if s.dialect == DialectSQLite {
			if err := conn.Exec("PRAGMA analysis_limit = 0").Error; err != nil {
				return err
			}
			return conn.Exec("ANALYZE").Error
		}
		return conn.Exec("VACUUM (ANALYZE) figures").Error
	})
	if err == nil {
		s.summariseAfterWrite(ctx)
	}
	return wrap(err, "generate figures")
}

// journalInMemory switches the SQLite writer's connection conn from WAL
// to a rollback journal kept in memory, for dev generate into a table of
// no figures (a new database), and returns the function that switches it
// back. Under WAL every page the run writes is written twice (to the WAL,
// then copied into the database by the checkpoint); with a rollback
// journal, pages past the file's end at the start (nearly all of them)
// are not journaled at all, and the few that are stay in memory. A
// failed run still rolls back; a crash or power loss in the middle of
// the run leaves the file unusable (its schema pages half-written with
// no journal on disk): acceptable for synthetic data in a new file, and
// the reason it is never done otherwise. SQLite changes the mode only
// when no other connection has the file open: the idle readers of this
// process are closed first (the pool opens new ones when asked); when
// another process has it open, the mode stays WAL and the run goes on as
// before.
func (s *Store) journalInMemory(conn *gorm.DB) (func(), error) {
	idle := s.sqlDB.Stats().MaxOpenConnections
	s.sqlDB.SetMaxIdleConns(0)
	s.sqlDB.SetMaxIdleConns(idle)
	var mode string
	if err := conn.Raw("PRAGMA journal_mode = MEMORY").Row().Scan(&mode); err != nil {
		if c := sqliteCode(err); c != sqliteBusy && c != sqliteLocked {
			return nil, err
		}
		// Another process has the file open (a serve on it): the mode
		// cannot change, and the run goes on under WAL.
		mode = "wal"
	}
	s.generateJournal = mode
	if mode != "memory" {
		return func() {}, nil
	}
	ctx := context.WithoutCancel(conn.Statement.Context)
	return func() { conn.WithContext(ctx).Exec("PRAGMA journal_mode = WAL") }, nil
}

// insertGenerated inserts figures first to first+count-1 of g. The
// figures are made, and their values laid out, on another goroutine
// while the inserts of the ones before run (a tenth of the work, on the
// second core); g is that goroutine's alone until insertGenerated
// returns, and the figures are the same, in the same order, as made one
// by one.
func (s *Store) insertGenerated(ctx context.Context, tx *gorm.DB, g *generator, first, count int) error {
	ins := s.newRowInserter(tx, "figures", figureWriteColumns)
	defer ins.close()
	type block struct {
		args []any
		keys []string // each row's key, for the error of a duplicate
	}
	const stmtsPerBlock, blocks = 64, 3
	rowsPerBlock := stmtsPerBlock * ins.per
	full := make(chan *block, blocks) // never blocks: at most blocks exist
	free := make(chan *block, blocks)
	for range blocks {
		free <- &block{args: make([]any, 0, rowsPerBlock*ins.cols), keys: make([]string, 0, rowsPerBlock)}
	}
	stop, made := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(made)
		defer close(full)
		ts := now()
		var f models.Figure
		for i := 0; i < count; {
			var b *block
			select {
			case b = <-free:
			case <-stop:
				return
			}
			b.args, b.keys = b.args[:0], b.keys[:0]
			rows := min(rowsPerBlock, count-i)
			for j := range rows {
				g.figure(&f, first+i+j, ts)
				b.args = figureArgs(b.args, &f)
				b.keys = append(b.keys, f.Key)
			}
			i += rows
			full <- b
		}
	}()
	defer func() {
		close(stop)
		<-made
	}()
	for b := range full {
		for r := 0; r < len(b.keys); r += ins.per {
			rows := min(ins.per, len(b.keys)-r)
			if err := ins.exec(ctx, b.args[r*ins.cols:(r+rows)*ins.cols]); err != nil {
				return conflictOnDuplicate(err, "figure", b.keys[r])
			}
		}
		free <- b
	}
	return nil
}

// rowInserter writes rows into one table of a transaction as multi-row
// inserts, each size prepared once: pgx then plans the insert once on
// the server (the SQLite driver compiles each execution regardless), and
// the statement goes to the driver directly (GORM would re-scan every
// placeholder of every execution to rewrite it).
type rowInserter struct {
	s     *Store
	tx    *gorm.DB
	head  string
	cols  int
	per   int // rows per statement
	stmts map[int]*sql.Stmt
}

// newRowInserter sizes the statements. The SQLite driver matches each
// placeholder to its argument by a linear search, so a statement's
// binding cost grows with the square of its parameters: a few hundred
// parameters per statement is the sweet spot there (8 figures). pgx binds
// in linear time, and fewer round trips win (up to 500 rows, far below
// PostgreSQL's 65,535 parameters).
func (s *Store) newRowInserter(tx *gorm.DB, table string, cols []string) *rowInserter {
	per := min(500, 20000/len(cols))
	if s.dialect == DialectSQLite {
		per = max(1, 280/len(cols))
	}
	return &rowInserter{s: s, tx: tx, head: "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ",
		cols: len(cols), per: per, stmts: map[int]*sql.Stmt{}}
}

// exec inserts the rows whose values args holds, row after row.
func (in *rowInserter) exec(ctx context.Context, args []any) error {
	for len(args) > 0 {
		rows := min(in.per, len(args)/in.cols)
		st, ok := in.stmts[rows]
		if !ok {
			var err error
			if st, err = in.tx.Statement.ConnPool.PrepareContext(ctx, in.head+in.s.valuesList(rows, in.cols)); err != nil {
				return err
			}
			in.stmts[rows] = st
		}
		if _, err := st.ExecContext(ctx, args[:rows*in.cols]...); err != nil {
			return err
		}
		args = args[rows*in.cols:]
	}
	return nil
}

func (in *rowInserter) close() {
	for _, st := range in.stmts {
		st.Close()
	}
}

// valuesList writes the VALUES tuples of a multi-row insert in the
// dialect's placeholder style.
func (s *Store) valuesList(rows, cols int) string {
	var b strings.Builder
	b.Grow(rows * cols * 6)
	n := 0
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			n++
			if s.dialect == DialectPostgres {
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(n))
			} else {
				b.WriteByte('?')
			}
		}
		b.WriteByte(')')
	}
	return b.String()
}

var syntheticMetrics = []models.Metric{
	{Slug: "apprehended", Label: "Apprehended", Definition: "People apprehended by the authorities of the acting state.", Unit: "people"},
	{Slug: "forcibly_returned", Label: "Forcibly returned", Definition: "People sent back against their will to the receiving state.", Unit: "people"},
	{Slug: "in_custody", Label: "In custody", Definition: "People held in detention at a date.", Unit: "people"},
	{Slug: "released", Label: "Released", Definition: "People released from custody, including to a third country.", Unit: "people"},
	{Slug: "deaths", Label: "Deaths", Definition: "Deaths reported among the population.", Unit: "people"},
}

var syntheticSources = []struct{ publisher, kind string }{
	{"Synthetic Human Rights Monitor", "ngo_report"},
	{"Synthetic Daily News", "news"},
	{"Synthetic Research Institute, Inc.", "dataset"},
	{"Synthetic UN Special Rapporteur", "un"},
	{"Synthetic Ministry of Information", "government"},
	{"Synthetic Commentary \"Review\"", "commentary"},
	{"Synthetic Press Office", "press_release"},
	{"Synthetic Wire Service", "news"},
}

func syntheticSource(i int) models.Source {
	sp := syntheticSources[i]
	pub := models.NewDate(2010+i*2, time.Month(1+i), 10+i)
	return models.Source{
		Key:         generatedSourcePrefix + strconv.Itoa(i+1),
		Title:       fmt.Sprintf("Synthetic report %d: returns, detentions, and \"disappearances\"", i+1),
		Kind:        models.SourceKind(sp.kind),
		Publisher:   sp.publisher,
		Authors:     "A. Example, B. Example",
		PublishedOn: pub,
		URL:         "https://example.org/synthetic/report-" + strconv.Itoa(i+1),
		Language:    "en",
		AccessedOn:  pub.AddDays(30),
		Notes:       "Generated for tests and benchmarks; not a real document.",
	}
}

// newGenerator returns the generator of a run of n figures from seed.
func newGenerator(n int, seed int64) *generator {
	return &generator{rng: rand.New(rand.NewPCG(uint64(seed), 0x5eed)), prefix: "syn-" + strconv.FormatUint(uint64(seed), 16) + "-", n: n}
}

type generator struct {
	rng    *rand.Rand
	prefix string
	n      int           // figures in the run
	last   models.Figure // the previous figure, parent of the next subgroup
}

var (
	synActing     = []string{"CN", "CN", "CN", "RU", "LA", "TH", "VN", "MN"}
	synPopulation = []string{"North Koreans", "North Korean women", "North Korean children", "North Korean defectors"}
	synLocation   = []string{"", "", "Jilin province", "Liaoning province", "Shenyang, Liaoning", "Yunnan, near the Laos border", "Vladivostok"}
	synReporter   = []string{"Synthetic Human Rights Monitor", "family members and activists", "a church-based network", "Synthetic Daily News, citing sources"}
	synQuals      = []models.Qualifier{
		models.QualExact, models.QualExact, models.QualExact, models.QualExact, models.QualDocumented, models.QualDocumented,
		models.QualAtLeast, models.QualAtLeast, models.QualMoreThan, models.QualAbout, models.QualAtMost, models.QualRange,
		models.QualUnquantified,
	}
	synWords = []string{"a number of", "dozens", "scores of", "hundreds of"}
)

// figure fills f with synthetic figure number i, overwriting every field.
// Every tenth figure after the first is a subgroup of the one before it,
// which is written earlier in the same statement or a previous one.
func (g *generator) figure(f *models.Figure, i int, ts time.Time) {
	r := g.rng
	*f = models.Figure{
		Key:            g.prefix + fmt.Sprintf("%07d", i+1), // zero-padded: the key index only appends
		Metric:         syntheticMetrics[r.IntN(len(syntheticMetrics))].Slug,
		Qualifier:      synQuals[r.IntN(len(synQuals))],
		Unit:           "people",
		Population:     synPopulation[r.IntN(len(synPopulation))],
		ActingState:    synActing[r.IntN(len(synActing))],
		ReceivingState: "KP",
		Location:       synLocation[r.IntN(len(synLocation))],
		Source:         generatedSourcePrefix + strconv.Itoa(1+r.IntN(len(syntheticSources))),
		ReportedBy:     synReporter[r.IntN(len(synReporter))],
		Status:         models.StatusPublished,
		Version:        1,
		CreatedAt:      ts,
		UpdatedAt:      ts,
	}
	v := int64(1 + r.ExpFloat64()*300)
	switch {
	case f.Qualifier == models.QualRange:
		f.ValueLow, f.ValueHigh = v, v+1+int64(r.IntN(200))
	case !f.Qualifier.HasNumber():
		f.ValueText = synWords[r.IntN(len(synWords))]
	default:
		f.Value = v
	}
	if f.Qualifier.HasNumber() {
		f.ValueText = f.Quantity().Text()
	}
	f.Kind = models.Flow
	if r.IntN(4) == 0 {
		f.Kind = models.Cumulative
	}
	if f.Metric == "in_custody" {
		f.Kind = models.Stock
	}
	f.Period = g.period(i, f.Kind == models.Stock)
	if p := &g.last; i%10 == 9 && p.Key != "" {
		// A subgroup of the previous figure: same metric, kind and period,
		// and no more than its parent.
		f.SubgroupOf, f.Metric, f.Kind, f.Period = p.Key, p.Metric, p.Kind, p.Period
		f.Population = "children among them"
		f.Qualifier, f.Value, f.ValueLow, f.ValueHigh = models.QualExact, 1+int64(r.IntN(int(max(1, p.Value, p.ValueLow)))), 0, 0
		f.ValueText = f.Quantity().Text()
	}
	switch k := r.IntN(20); {
	case k == 0:
		f.Status, f.RetractReason = models.StatusRetracted, "Synthetic retraction: the count, it turned out, was \"double-counted\"."
	case k <= 2:
		f.Status = models.StatusDraft
	}
	if f.SubgroupOf != "" && !g.last.Status.Public() {
		// A public figure never leans on a draft (see checkSubgroup).
		f.Status, f.RetractReason = models.StatusDraft, ""
	}
	f.Quote = fmt.Sprintf("According to %s, %s %s were %s in %s, including families with children.\n\"We don't know how many more,\" one activist said.",
		f.ReportedBy, f.ValueText, strings.ToLower(f.Population[:1])+f.Population[1:], strings.ReplaceAll(f.Metric, "_", " "), f.Period.Label())
	if r.IntN(5) == 0 {
		start := r.IntN(5000)
		end := start + len(f.Quote)
		f.QuoteStart, f.QuoteEnd = &start, &end
	}
	if r.IntN(8) == 0 {
		f.Notes = "Synthetic note, with a comma; and a \"quotation\"."
	}
	g.last = *f
}

// period returns a period at a random precision between 2000 and 2024;
// a stock's is one day. Figure i's year moves from 2000 to 2024 over the
// run, give or take a year, the way a researcher works through the
// years: each transaction then inserts into a small stretch of the
// period indexes, which stay in the page cache, instead of all over them
// (at a million figures, random periods made generation I/O-bound).
func (g *generator) period(i int, stock bool) models.Period {
	r := g.rng
	y := min(2000+int(int64(i)*25/int64(max(g.n, 1)))+r.IntN(2), 2024)
	if stock {
		d := models.NewDate(y, 1, 1).AddDays(r.IntN(365))
		return models.Period{Start: d, End: d, Precision: models.PrecisionDay}
	}
	switch r.IntN(10) {
	case 0, 1:
		return models.Period{Start: models.NewDate(y, 1, 1), End: models.NewDate(y+r.IntN(3), 12, 31), Precision: models.PrecisionYear}
	case 2, 3, 4:
		d := models.NewDate(y, 1, 1).AddDays(r.IntN(365))
		return models.Period{Start: d, End: d.AddDays(r.IntN(90)), Precision: models.PrecisionDay}
	}
	m := time.Month(1 + r.IntN(12))
	return models.Period{Start: models.NewDate(y, m, 1), End: models.NewDate(y, m+time.Month(1+r.IntN(12)), 0), Precision: models.PrecisionMonth}
}
