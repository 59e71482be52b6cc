package store

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"forcedreturns/internal/store/internal/bulksize"
	"forcedreturns/models"
)

// StreamWriter applies a large import chunk by chunk inside one write
// transaction (ApplyStream), so that the file need not be held in memory
// while staying all-or-nothing: on any problem in any chunk the whole
// transaction is rolled back.
//
// Each chunk goes through the same checks and writes as ApplyBatch, so
// every rule of a batch holds per entry. What needs the whole file is
// handled as follows: an entry whose reference (subgroup_of, share_of, a
// formula's figures, a source's original, a figure's source) is neither
// in its chunk nor stored yet is put off (Deferred) and given again with
// the next chunk, until the last, where what is still missing is reported
// unknown; entries of earlier chunks are already written, so later chunks
// see them through the database. Duplicate keys across chunks are the
// caller's to refuse, through FirstRows (a staging table of the ids read).
type StreamWriter struct {
	s      *Store
	tx     *gorm.DB
	c      models.Change
	ts     time.Time
	opts   models.Batch // Overwrite, Restore, Report
	res    models.BatchResult
	failed bool // a chunk had problems: later chunks are checked, not written
	staged bool // the staging table of FirstRows exists
	// stored is how many figures the table held when the stream began
	// (SQLite), and bulk the bulk load begun once the stream wrote enough
	// (see bulk.go), nil before.
	stored  int64
	written int
	bulk    *bulkLoad
	// analyzed is how many figures the stream had created when it last
	// gathered statistics (PostgreSQL, analyze).
	analyzed int
	// changed is how many figures the stream created or updated, and
	// pageNotesOff says that it stopped noting them in page_dirty and
	// forgets the page anchors at its end (PostgreSQL, pageNotes).
	changed      int
	pageNotesOff bool

	// OnRebuild, if not nil, is called before a bulk load builds again
	// the indexes it dropped: the last step of a large import, after its
	// last chunk, which takes a while.
	OnRebuild func()
	// OnSummarise, if not nil, is called once a stream that wrote more
	// figures than a bulk load's bound (bulkDirty) has committed, before
	// the planner's statistics and the overview's summaries are brought
	// up to date (summariseAfterWrite), which after such a write computes
	// every summary again: as long as building the indexes.
	OnSummarise func()
	// spilled: the bulk load built its indexes able to spill their sorts
	// to disk (bulkLoad.end).
	spilled bool
}

// bulkIndexRows is how many figures a stream writes before it drops the
// indexes only readers use, when it writes at least as many figures as
// the table held: building an index again from all the rows, a sort,
// then costs less than inserting the rest into it one by one: 20,000,
// lower in tests (bulksize).
func bulkIndexRows() int {
	if n := bulksize.IndexRows.Load(); n > 0 {
		return int(n)
	}
	return 20000
}

// bulkIndexes says whether a bulk load that writes written figures into
// a table that held stored drops the indexes only readers use and builds
// them once at its end: when it writes at least bulkIndexRows and as many
// as the table held (an import into a new or small database, dev
// generate): then one build costs less than keeping them up to date.
func bulkIndexes(written int, stored int64) bool {
	return written >= bulkIndexRows() && int64(written) >= stored
}

// Deferred lists, by index into the chunk given, the entries a
// StreamWriter put off to the next chunk.
type Deferred struct {
	Sources []int
	Figures []int
}

// ApplyStream runs fn with a StreamWriter whose chunks are written in one
// transaction, committed when fn returns nil (rolled back on a dry run).
// opts gives the options of every chunk: Overwrite, Restore and Report.
func (s *Store) ApplyStream(ctx context.Context, opts models.Batch, c models.Change, dryRun bool, fn func(w *StreamWriter) error) (models.BatchResult, error) {
	var res models.BatchResult
	var onSummarise func()
	err := s.write(withTempFilesLater(withCopy(ctx)), func(tx *gorm.DB) error {
		tx, done := s.withPrepared(tx)
		defer done()
		w := &StreamWriter{s: s, tx: tx, c: c, ts: now(), opts: opts}
		if s.dialect == DialectSQLite {
			// The figures' indexes take many more pages than SQLite's
			// default 2 MiB cache: past it, inserts read and wrote their
			// pages back through the WAL again and again. Restored
			// afterwards: connections are pooled.
			restore, err := largerCache(tx)
			if err != nil {
				return err
			}
			defer restore()
			if err := tx.Raw("SELECT COUNT(*) FROM figures").Row().Scan(&w.stored); err != nil {
				return err
			}
		}
		if err := fn(w); err != nil {
			return err
		}
		if w.failed {
			return errors.New("store: a chunk of the stream had problems the caller did not return")
		}
		// At its end, so that the anchors' state is held for the commit
		// alone (a refresh of the anchors meanwhile waits on it).
		if w.pageNotesOff && !dryRun {
			if err := forgetPageAnchors(tx); err != nil {
				return err
			}
		}
		if w.bulk != nil && !dryRun { // a dry run is rolled back: nothing to build again
			if len(w.bulk.indexes) > 0 && w.OnRebuild != nil {
				w.OnRebuild()
			}
			// The stream's garbage, most of the Go heap's 80 MB, would
			// stay resident while SQLite's sorts and page cache, which
			// it does not share, take their own memory beside it (200
			// MB at a million figures): returned to the system first.
			debug.FreeOSMemory()
			if err := w.bulk.end(tx); err != nil {
				return err
			}
			w.spilled = w.bulk.spilled
		}
		// Dropped after the index builds: they would take its pages from
		// the free list, and a page taken back is first copied into the
		// build's statement journal, which the stream keeps in memory
		// (withTempFilesLater): 60 MB more at a million figures. Built
		// into new pages, the indexes leave the staging table's pages
		// free for the summaries computed next (summariseAfterWrite).
		if err := w.dropStaged(); err != nil {
			return err
		}
		res, onSummarise = w.res, w.OnSummarise
		if res.Created+res.Updated == 0 {
			noteWrite(tx, false)
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		err = nil
	}
	if err != nil {
		var e *models.Error
		if errors.As(err, &e) {
			return models.BatchResult{}, err
		}
		return models.BatchResult{}, wrap(err, "apply stream")
	}
	if !dryRun && res.Created+res.Updated > 0 {
		if onSummarise != nil && res.Created+res.Updated > bulkDirty() {
			onSummarise()
		}
		s.summariseAfterWrite(ctx)
	}
	return res, nil
}

// Apply checks a chunk and, unless an earlier chunk had problems, writes
// it. Unless final, entries whose references are not there yet are put
// off and listed in the Deferred it returns; the caller gives them again
// with the next chunk. Problems come back as an EInvalid *models.Error
// whose fields index the chunk as given ("figures[3].value"); after one,
// later chunks are still checked, so that one run lists the problems of
// the whole file, but nothing is written.
func (w *StreamWriter) Apply(b models.Batch, final bool) (Deferred, error) {
	var d Deferred
	b.Overwrite, b.Restore, b.Report, b.CreateOnly = w.opts.Overwrite, w.opts.Restore, w.opts.Report, false
	srcAt, figAt := identity(len(b.Sources)), identity(len(b.Figures))
	if !final {
		var err error
		if d, err = w.unresolved(b); err != nil {
			return d, err
		}
		b.Sources, srcAt = without(b.Sources, d.Sources)
		b.Figures, figAt = without(b.Figures, d.Figures)
	} else if w.failed {
		// What is still put off refers to entries of a refused chunk or
		// to nothing: the problems already listed say why.
		return d, nil
	}
	if w.failed {
		pb, _, err := batchEntries(w.tx, b)
		if err != nil {
			return d, err
		}
		return d, reindex(w.s.checkBatch(w.tx, pb), srcAt, figAt)
	}
	res, err := w.s.applyBatch(w.tx, b, w.c, w.ts)
	if err != nil {
		if e := (*models.Error)(nil); errors.As(err, &e) && e.Code == models.EInvalid {
			w.failed = true
			return d, reindex(err, srcAt, figAt)
		}
		return d, err
	}
	w.res.Created += res.Created
	w.res.Updated += res.Updated
	w.res.Unchanged += res.Unchanged
	if w.s.dialect == DialectPostgres {
		if err := w.analyze(res.Created); err != nil {
			return d, err
		}
		return d, w.pageNotes(res.Created + res.Updated)
	}
	return d, w.beginBulk(res.Created + res.Updated)
}

// pageNotes stops the page_dirty triggers from noting the stream's
// writes (PostgreSQL: pageNotesOff), once the stream, with the n figures
// its last chunk created or changed, has written more than a bulk load's
// bound (bulkDirty, as on SQLite): the page anchors are forgotten at its
// end instead (forgetPageAnchors).
func (w *StreamWriter) pageNotes(n int) error {
	w.changed += n
	if w.pageNotesOff || w.changed <= bulkDirty() {
		return nil
	}
	w.pageNotesOff = true
	return pageNotesOff(w.tx)
}

// analyzeRows is how many figures a stream creates on PostgreSQL before
// it first gathers the table's statistics again (analyze).
var analyzeRows = 5000 // a variable for the tests

// analyze gathers the statistics of figures again, within
// the stream's transaction (PostgreSQL counts its own uncommitted rows),
// each time the stream, with the n figures its last chunk created, has
// created twice as many as at the last time (analyzeRows the first). The
// plans PostgreSQL keeps for the chunks' reads (the stored figures among
// a chunk's keys) and for the foreign-key checks were made while the
// table was small: each then scanned the whole table, a time growing
// with the square of the import (0.1 to 1.7 s a chunk at 89,000
// figures). New statistics make it plan them again, through the indexes.
// Autovacuum cannot: it does not see rows not yet committed.
func (w *StreamWriter) analyze(n int) error {
	w.written += n
	if w.written < max(analyzeRows, 2*w.analyzed) {
		return nil
	}
	w.analyzed = w.written
	// Like a bulk load's index builds, it takes a while by nature: not
	// logged as a slow statement (streamingKey).
	tx := w.tx.WithContext(context.WithValue(w.tx.Statement.Context, streamingKey{}, true))
	return tx.Exec("ANALYZE figures (" + strings.Join(analyzeColumns, ", ") + ")").Error
}

// analyzeColumns are the columns of figures a stream's own reads and
// foreign-key checks look rows up by (the table's size is counted
// whichever columns are named): the statistics of the other thirty, which
// only pages read, took three quarters of each analysis (1 s of CPU at
// 89,000 figures; autovacuum gathers them once the import is committed).
var analyzeColumns = []string{"key", "subgroup_of", "share_of", "derived"}

// beginBulk begins a bulk load (SQLite), for the chunks to come, once
// the stream, with the n entries its last chunk created or changed, has
// written more than a refresh of the checks goes through unit by unit,
// and drops the indexes only readers use once it has written at least
// bulkIndexRows and as many as the table held before. A file imported
// again unchanged writes nothing, and stays an ordinary write.
func (w *StreamWriter) beginBulk(n int) error {
	if w.s.dialect != DialectSQLite {
		return nil
	}
	w.written += n
	var err error
	if w.bulk == nil && w.written > bulkDirty() {
		if w.bulk, err = beginBulk(w.tx, false); err != nil {
			return err
		}
	}
	if w.bulk != nil && bulkIndexes(w.written, w.stored) {
		return w.bulk.dropIndexes(w.tx)
	}
	return nil
}

// largerCache sets the page cache of tx's connection to 16 MiB (more
// bought little, measured, against an import's bound on memory) and
// returns the function that restores it.
func largerCache(tx *gorm.DB) (func(), error) {
	var cache int
	if err := tx.Raw("PRAGMA cache_size").Row().Scan(&cache); err != nil {
		return nil, err
	}
	if err := tx.Exec("PRAGMA cache_size = -16384").Error; err != nil {
		return nil, err
	}
	return func() {
		tx.WithContext(context.WithoutCancel(tx.Statement.Context)).Exec("PRAGMA cache_size = " + strconv.Itoa(cache))
	}, nil
}

// Failed reports whether a chunk had problems.
func (w *StreamWriter) Failed() bool { return w.failed }

// stagedKeysTable is the staging table of a stream: the figure ids read
// so far, with the row of the file that first used each, so that a
// duplicate id is found through its primary key however far apart the two
// rows are, and the file's ids are never held in memory. It is created in
// the stream's transaction and dropped before it ends, so no other
// connection ever sees it: on PostgreSQL a temporary table; on SQLite a
// table of the database itself, whose pages, past the page cache, go to
// the WAL file rather than memory (a temporary table lives in memory
// there, where the writer keeps its temporary files, and would keep the
// bulk load's index builds from spilling to disk: see bulkLoad.end).
const stagedKeysTable = "import_staged_keys"

// FirstRows records the figure ids keys, read on rows (one each, in the
// order of the file), and returns for each the row that used it first
// when that is an earlier row (of this call or of an earlier one), or 0.
// Only the first row of an id is recorded.
func (w *StreamWriter) FirstRows(keys []string, rows []int) ([]int, error) {
	if !w.staged {
		create := "CREATE TEMPORARY TABLE " + stagedKeysTable + " (figure_key TEXT PRIMARY KEY, first_row INTEGER NOT NULL)"
		if w.s.dialect == DialectSQLite {
			create = "CREATE TABLE " + stagedKeysTable + " (figure_key TEXT PRIMARY KEY, first_row INTEGER NOT NULL) WITHOUT ROWID"
		}
		if err := w.tx.Exec(create).Error; err != nil {
			return nil, err
		}
		w.staged = true
	}
	first := make([]int, len(keys))
	earlier := make(map[string]int, len(keys)) // this call's own
	var fresh []any
	for chunk := range slices.Chunk(slices.Clone(keys), 500) {
		var found []struct {
			FigureKey string
			FirstRow  int
		}
		if err := w.tx.Raw("SELECT figure_key, first_row FROM "+stagedKeysTable+" WHERE figure_key IN ?", chunk).Scan(&found).Error; err != nil {
			return nil, err
		}
		for _, f := range found {
			earlier[f.FigureKey] = f.FirstRow
		}
	}
	for i, k := range keys {
		if r, ok := earlier[k]; ok {
			first[i] = r
			continue
		}
		earlier[k] = rows[i]
		fresh = append(fresh, k, rows[i])
	}
	// Two bound parameters a row, far below both databases' limits.
	for chunk := range slices.Chunk(fresh, 2*400) {
		q := "INSERT INTO " + stagedKeysTable + " (figure_key, first_row) VALUES (?, ?)" + strings.Repeat(", (?, ?)", len(chunk)/2-1)
		if err := w.tx.Exec(q, chunk...).Error; err != nil {
			return nil, err
		}
	}
	return first, nil
}

// dropStaged drops the staging table before the transaction ends (a
// temporary table would outlive the transaction, on its connection).
func (w *StreamWriter) dropStaged() error {
	if !w.staged {
		return nil
	}
	w.staged = false
	return w.tx.Exec("DROP TABLE " + stagedKeysTable).Error
}

// unresolved finds the entries of b that refer to entries neither in b
// nor stored: sources whose original is missing, figures whose source,
// parent, base or formula figures are missing, and, in turn, entries
// referring to those.
func (w *StreamWriter) unresolved(b models.Batch) (Deferred, error) {
	var d Deferred
	srcIn := make(map[string]bool, len(b.Sources))
	for _, s := range b.Sources {
		srcIn[s.Key] = true
	}
	figIn := make(map[string]bool, len(b.Figures))
	for _, f := range b.Figures {
		figIn[f.Key] = true
	}
	var srcRefs, figRefs []string
	for _, s := range b.Sources {
		if s.Original != "" && !srcIn[s.Original] {
			srcRefs = append(srcRefs, s.Original)
		}
	}
	for i := range b.Figures {
		f := &b.Figures[i]
		if !srcIn[f.Source] {
			srcRefs = append(srcRefs, f.Source)
		}
		for _, r := range figureRefs(f) {
			if !figIn[r] {
				figRefs = append(figRefs, r)
			}
		}
	}
	srcStored, err := storedKeys(w.tx, "sources", srcRefs)
	if err != nil {
		return d, err
	}
	figStored, err := storedKeys(w.tx, "figures", figRefs)
	if err != nil {
		return d, err
	}
	srcOK := func(k string) bool { return k == "" || srcIn[k] || srcStored[k] }
	figOK := func(k string) bool { return figIn[k] || figStored[k] }
	srcOff := make([]bool, len(b.Sources))
	figOff := make([]bool, len(b.Figures))
	for changed := true; changed; {
		changed = false
		for i, s := range b.Sources {
			if !srcOff[i] && !srcOK(s.Original) {
				srcOff[i], changed = true, true
				delete(srcIn, s.Key)
			}
		}
		for i := range b.Figures {
			f := &b.Figures[i]
			if figOff[i] {
				continue
			}
			off := !srcOK(f.Source)
			for _, r := range figureRefs(f) {
				off = off || !figOK(r)
			}
			if off {
				figOff[i], changed = true, true
				delete(figIn, f.Key)
			}
		}
	}
	for i, off := range srcOff {
		if off {
			d.Sources = append(d.Sources, i)
		}
	}
	for i, off := range figOff {
		if off {
			d.Figures = append(d.Figures, i)
		}
	}
	return d, nil
}

// figureRefs lists the figures f refers to.
func figureRefs(f *models.Figure) []string {
	var refs []string
	if f.SubgroupOf != "" {
		refs = append(refs, f.SubgroupOf)
	}
	if f.ShareOf != "" {
		refs = append(refs, f.ShareOf)
	}
	if f.Formula != "" {
		if expr, err := models.ParseFormula(f.Formula); err == nil {
			refs = append(refs, expr.Refs()...)
		}
	}
	return refs
}

// storedKeys says which of keys the table holds.
func storedKeys(tx *gorm.DB, table string, keys []string) (map[string]bool, error) {
	slices.Sort(keys)
	keys = slices.Compact(keys)
	out := make(map[string]bool, len(keys))
	for chunk := range slices.Chunk(keys, 500) {
		var found []string
		if err := tx.Table(table).Where("key IN ?", chunk).Pluck("key", &found).Error; err != nil {
			return nil, err
		}
		for _, k := range found {
			out[k] = true
		}
	}
	return out, nil
}

func identity(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// without returns xs without the entries at the sorted indexes drop, and
// the index in xs of each entry kept.
func without[T any](xs []T, drop []int) ([]T, []int) {
	if len(drop) == 0 {
		return xs, identity(len(xs))
	}
	kept := make([]T, 0, len(xs)-len(drop))
	at := make([]int, 0, len(xs)-len(drop))
	for i := range xs {
		if len(drop) > 0 && drop[0] == i {
			drop = drop[1:]
			continue
		}
		kept = append(kept, xs[i])
		at = append(at, i)
	}
	return kept, at
}

// reindex rewrites the fields "sources[i]." and "figures[i]." of an
// EInvalid error to the indexes srcAt[i] and figAt[i].
func reindex(err error, srcAt, figAt []int) error {
	var e *models.Error
	if !errors.As(err, &e) {
		return err
	}
	out := &models.Error{Code: e.Code, Message: e.Message, Fields: make([]models.FieldError, len(e.Fields))}
	for i, f := range e.Fields {
		out.Fields[i] = f
		for _, m := range []struct {
			prefix string
			at     []int
		}{{"sources[", srcAt}, {"figures[", figAt}} {
			rest, ok := strings.CutPrefix(f.Field, m.prefix)
			if !ok {
				continue
			}
			idx, field, ok := strings.Cut(rest, "]")
			n, convErr := strconv.Atoi(idx)
			if ok && convErr == nil && n >= 0 && n < len(m.at) {
				out.Fields[i].Field = fmt.Sprintf("%s%d]%s", m.prefix, m.at[n], field)
			}
		}
	}
	return out
}
