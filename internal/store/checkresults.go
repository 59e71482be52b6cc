package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/pace"
	"forcedreturns/internal/store/internal/bulksize"
	"forcedreturns/models"
)

// The checks' results are stored (migration 14), one generation per
// audience, by unit (checks.Owner), and computed again only for the
// units a write touched: every write to a figure notes the figure as it
// was and as it is in check_dirty (a trigger, so no write path can miss
// it), and RefreshChecks turns those notes into units (the figure's
// subject before and after, and its people under a cohort rule's metric,
// the parent it is a subgroup of, the units whose figures name it) and
// computes each again (checks.Options.RunUnit) over the figures of its
// subject (or its people's under the cohort metrics), read by index. A
// stamp of the checks' version (checks.Version, not the build: a new
// binary of the same checks keeps the stored results) and of what they
// read of the sources tags each generation: when it changes, or a write
// touched too many figures to go unit by unit (an import, whose bulk
// load leaves a single marker instead of a note per figure: see bulk.go),
// everything is computed again, one subject at a time, into a new generation that
// replaces the old at the end.

// bulkDirty is the number of noted writes beyond which RefreshChecks
// computes everything again rather than unit by unit: 2,000, lower in
// tests (bulksize).
func bulkDirty() int {
	if n := bulksize.Dirty.Load(); n > 0 {
		return int(n)
	}
	return 2000
}

// unitBatch is how many units RefreshChecks computes and writes at once.
const unitBatch = 200

// rebuildBatch is how many results (and references) a full computation
// hands at once to the goroutine that writes them (flushTxResults a
// transaction), while it computes the next: a few thousand, each result
// with its texts in two languages a few kilobytes in memory until it is
// written (a batch of 10,000 held 30 MB, three at once in flight). A
// unit's results split by a batch's end are counted in a row of
// check_counts each side (the counts are summed where read): another
// size writes other rows. A variable for the tests.
var rebuildBatch = 2500

func audienceName(aud models.Audience) string {
	if aud == models.AudienceEditors {
		return "editors"
	}
	return "public"
}

var audiences = []models.Audience{models.AudiencePublic, models.AudienceEditors}

// ownerKey writes a unit as stored in the owner column of the results,
// counts and references.
func ownerKey(o checks.Owner) string {
	parts := []string{o.Subject.Population, o.Subject.ActingState, o.Subject.ReceivingState, o.Subject.Unit, o.Subject.Metric}
	if o.Parent != "" {
		parts = []string{o.Parent}
	}
	b, _ := json.Marshal(parts)
	return string(b)
}

func parseOwner(k string) (checks.Owner, error) {
	var parts []string
	if err := json.Unmarshal([]byte(k), &parts); err != nil {
		return checks.Owner{}, fmt.Errorf("store: stored check owner %q: %w", k, err)
	}
	switch len(parts) {
	case 1:
		return checks.Owner{Parent: parts[0]}, nil
	case 5:
		return checks.Owner{Subject: checks.Subject{Population: parts[0], ActingState: parts[1], ReceivingState: parts[2], Unit: parts[3], Metric: parts[4]}}, nil
	}
	return checks.Owner{}, fmt.Errorf("store: stored check owner %q: expected 1 or 5 parts", k)
}

// checkStamp names what stored results depend on besides the figures:
// the version of the checks' logic (checks.Version: a new build of the
// same checks keeps them), and what the options hold (cohort rules, each
// source's publication date, the carried sources, the name each metric
// is given in each language).
func checkStamp(o checks.Options) string {
	h := sha256.New()
	fmt.Fprintln(h, "checks", checks.Version)
	keys := make([]string, 0, len(o.Sources))
	for k := range o.Sources {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	type src struct {
		Key, Text string
		Zero      bool
		Published models.PartialDate
	}
	srcs := make([]src, len(keys))
	for i, k := range keys {
		s := o.Sources[k]
		srcs[i] = src{Key: k, Text: s.PublishedText(), Zero: s.PublishedOn.IsZero(), Published: s.Published()}
	}
	// The names the results give each metric, in every language: an
	// editor's new label computes again the results that name it.
	names := map[string][]string{}
	for slug := range o.Metrics {
		for _, l := range models.Langs {
			names[slug] = append(names[slug], o.Metrics.Name(l, slug))
		}
	}
	b, err := json.Marshal(struct {
		Cohorts []checks.CohortRule
		Carried checks.Carried
		Sources []src
		Metrics map[string][]string
	}{o.Cohorts, o.Carried, srcs, names})
	if err != nil {
		panic(err)
	}
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// storedResult is a result as check_results.result holds it: the result
// with its English text, as the API writes it, and its Korean text
// (checks.Result.Korean), so that a page or an answer in either language
// reads it without computing anything. A result stored before the checks
// spoke Korean has none (Result.In then gives the English): checks.Version
// changed with them, so the next refresh computes every result again.
type storedResult struct {
	checks.Result
	Korean *checks.Text `json:"ko,omitempty"`
}

type checkState struct {
	gen   int64
	stamp string
}

// staleStamp is the stamp of a generation kept only to be shown while
// it is computed again (a full computation of the other audience found
// it out of date): it matches no options.
const staleStamp = ""

func (s *Store) checkStates(ctx context.Context) (map[string]checkState, error) {
	rows, err := s.sqlDB.QueryContext(ctx, "SELECT audience, gen, stamp FROM check_state")
	if err != nil {
		return nil, wrap(err, "read the checks' state")
	}
	defer rows.Close()
	out := map[string]checkState{}
	for rows.Next() {
		var a string
		var st checkState
		if err := rows.Scan(&a, &st.gen, &st.stamp); err != nil {
			return nil, wrap(err, "read the checks' state")
		}
		out[a] = st
	}
	return out, wrap(rows.Err(), "read the checks' state")
}

type dirtyRow struct {
	id                                                       int64
	key, population, acting, receiving, unit, metric, parent string
}

// checkPlan is what RefreshChecks has to do for an audience.
type checkPlan struct {
	stamp  string
	states map[string]checkState
	mine   checkState
	stored bool
	notes  int64
	full   bool
}

func (s *Store) planChecks(ctx context.Context, aud models.Audience, o checks.Options) (checkPlan, error) {
	p := checkPlan{stamp: checkStamp(o)}
	var err error
	if p.states, err = s.checkStates(ctx); err != nil {
		return p, err
	}
	var marked int64 // bulk loads' markers: '' is fullRebuildKey
	if err := s.sqlDB.QueryRowContext(ctx, "SELECT COUNT(*), COUNT(CASE WHEN key = '' THEN 1 END) FROM check_dirty").Scan(&p.notes, &marked); err != nil {
		return p, wrap(err, "count the checks to compute again")
	}
	p.mine, p.stored = p.states[audienceName(aud)]
	// Too many notes to go unit by unit, or a bulk load's marker
	// (beginBulk): everything is computed again.
	p.full = !p.stored || p.mine.stamp != p.stamp || p.notes > int64(bulkDirty()) || marked > 0
	return p, nil
}

// CheckStatus says, without computing anything, what RefreshChecks would
// do for aud (checks.Freshness): callers answer from the stored results at once when it
// would take long (Full), and compute them in the background.
func (s *Store) CheckStatus(ctx context.Context, aud models.Audience, o checks.Options) (checks.Freshness, error) {
	p, err := s.planChecks(ctx, aud, o)
	if err != nil {
		return checks.Freshness{}, err
	}
	return checks.Freshness{Stored: p.stored, Current: !p.full && p.notes == 0, Full: p.full}, nil
}

// RefreshChecks brings the stored checks of aud up to date with the
// figures and with o (see above); CheckPage then reads them. Callers
// should run one refresh at a time: two at once compute the same units
// twice, and a full computation may miss what another writes meanwhile
// into the generation it replaces. Until it ends, CheckPage answers from
// the last generation completed.
func (s *Store) RefreshChecks(ctx context.Context, aud models.Audience, o checks.Options) error {
	// Every write before this is in what the notes read next and the
	// figures streamed after it say.
	asOf := now()
	p, err := s.planChecks(ctx, aud, o)
	if err != nil {
		return err
	}
	if !p.full && p.notes == 0 {
		return nil
	}
	stamp, states, full := p.stamp, p.states, p.full
	var dirty []dirtyRow
	if p.notes <= int64(bulkDirty()) {
		if dirty, err = s.dirtyRows(ctx); err != nil {
			return err
		}
	}
	if slices.ContainsFunc(dirty, func(d dirtyRow) bool { return d.key == fullRebuildKey }) {
		// A bulk load's marker written since planChecks.
		full = true
	}
	if full {
		var ids []int64
		if p.notes <= int64(bulkDirty()) && !slices.ContainsFunc(dirty, func(d dirtyRow) bool { return d.key == fullRebuildKey }) {
			ids = dirtyIDs(dirty)
		} else {
			// The notes stand for everything: none is followed unit by unit.
			dirty = nil
			if ids, err = s.dirtyIDs(ctx); err != nil {
				return err
			}
		}
		if err := s.rebuildChecks(ctx, aud, o, stamp, p.mine.gen+1, asOf); err != nil {
			return err
		}
		// The other audience follows the notes unit by unit if they are
		// few; else it keeps its generation, to be shown until it is
		// computed again when next asked.
		for _, a := range audiences {
			st, ok := states[audienceName(a)]
			if a == aud || !ok {
				continue
			}
			if st.stamp != stamp || dirty == nil && len(ids) > 0 {
				if err := s.writeTx(ctx, false, func(tx *gorm.DB) error {
					return tx.Exec("UPDATE check_state SET stamp = ? WHERE audience = ?", staleStamp, audienceName(a)).Error
				}); err != nil {
					return wrap(err, "mark the stored checks out of date")
				}
				continue
			}
			if err := s.recomputeDirty(ctx, a, st.gen, o, dirty, asOf); err != nil {
				return err
			}
		}
		return s.dropDirty(ctx, ids)
	}
	for _, a := range audiences {
		if st, ok := states[audienceName(a)]; ok && st.stamp == stamp {
			if err := s.recomputeDirty(ctx, a, st.gen, o, dirty, asOf); err != nil {
				return err
			}
		}
	}
	return s.dropDirty(ctx, dirtyIDs(dirty))
}

func dirtyIDs(dirty []dirtyRow) []int64 {
	ids := make([]int64, len(dirty))
	for i, d := range dirty {
		ids[i] = d.id
	}
	return ids
}

func (s *Store) dirtyRows(ctx context.Context) ([]dirtyRow, error) {
	rows, err := s.sqlDB.QueryContext(ctx, `SELECT id, key, population, acting_state, receiving_state, unit, metric, COALESCE(subgroup_of, '') FROM check_dirty`)
	if err != nil {
		return nil, wrap(err, "read the checks to compute again")
	}
	defer rows.Close()
	var out []dirtyRow
	for rows.Next() {
		var d dirtyRow
		if err := rows.Scan(&d.id, &d.key, &d.population, &d.acting, &d.receiving, &d.unit, &d.metric, &d.parent); err != nil {
			return nil, wrap(err, "read the checks to compute again")
		}
		out = append(out, d)
	}
	return out, wrap(rows.Err(), "read the checks to compute again")
}

func (s *Store) dirtyIDs(ctx context.Context) ([]int64, error) {
	rows, err := s.sqlDB.QueryContext(ctx, `SELECT id FROM check_dirty`)
	if err != nil {
		return nil, wrap(err, "read the checks to compute again")
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, wrap(err, "read the checks to compute again")
		}
		out = append(out, id)
	}
	return out, wrap(rows.Err(), "read the checks to compute again")
}

// dropDirty deletes the notes that were read, not those written since:
// 10,000 a transaction (an import leaves one per figure), 500 a statement.
func (s *Store) dropDirty(ctx context.Context, ids []int64) error {
	for batch := range slices.Chunk(ids, 10000) {
		err := s.writeTx(ctx, false, func(tx *gorm.DB) error {
			for chunk := range slices.Chunk(batch, 500) {
				if err := tx.Exec("DELETE FROM check_dirty WHERE id IN ?", chunk).Error; err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return wrap(err, "drop the checks computed again")
		}
	}
	return nil
}

// dirtyUnits returns the units the noted writes touch: the subject of
// each figure as it was and as it is (and its people, under a metric of
// o's cohort rules), the figure's key as a parent and the parent it is a
// subgroup of (with that parent's subject), and every unit whose figures
// name the figure.
func (s *Store) dirtyUnits(ctx context.Context, o checks.Options, dirty []dirtyRow) ([]checks.Owner, error) {
	seen := map[checks.Owner]bool{}
	var out []checks.Owner
	add := func(o checks.Owner) {
		if !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	var keys, parents []string
	cohort := cohortMetrics(o)
	for _, d := range dirty {
		subj := checks.Subject{Population: d.population, ActingState: d.acting, ReceivingState: d.receiving, Unit: d.unit, Metric: d.metric}
		add(checks.Owner{Subject: subj})
		if slices.Contains(cohort, d.metric) {
			add(checks.Owner{Subject: subj.People()})
		}
		add(checks.Owner{Parent: d.key})
		keys = append(keys, d.key)
		if d.parent != "" {
			add(checks.Owner{Parent: d.parent})
			parents = append(parents, d.parent)
		}
	}
	slices.Sort(keys)
	slices.Sort(parents)
	err := s.read(ctx, func(tx *gorm.DB) error {
		for chunk := range slices.Chunk(slices.Compact(parents), 500) {
			rows, err := tx.Raw("SELECT population, acting_state, receiving_state, unit, metric FROM figures WHERE key IN ?", chunk).Rows()
			if err != nil {
				return err
			}
			for rows.Next() {
				var p checks.Subject
				if err := rows.Scan(&p.Population, &p.ActingState, &p.ReceivingState, &p.Unit, &p.Metric); err != nil {
					rows.Close()
					return err
				}
				add(checks.Owner{Subject: p})
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		for chunk := range slices.Chunk(slices.Compact(keys), 500) {
			rows, err := tx.Raw("SELECT DISTINCT owner FROM check_refs WHERE ref IN ?", chunk).Rows()
			if err != nil {
				return err
			}
			for rows.Next() {
				var k string
				if err := rows.Scan(&k); err != nil {
					rows.Close()
					return err
				}
				o, err := parseOwner(k)
				if err != nil {
					rows.Close()
					return err
				}
				add(o)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	return out, wrap(err, "find the checks to compute again")
}

// recomputeDirty computes again, in aud's generation gen, the units the
// noted writes touch, then records that it is as of asOf.
func (s *Store) recomputeDirty(ctx context.Context, aud models.Audience, gen int64, o checks.Options, dirty []dirtyRow, asOf time.Time) error {
	units, err := s.dirtyUnits(ctx, o, dirty)
	if err != nil {
		return err
	}
	look := s.CheckLookup(aud)
	cohort := cohortMetrics(o)
	for batch := range slices.Chunk(units, unitBatch) {
		w := s.newCheckWriter(aud, gen)
		for _, u := range batch {
			figs, err := s.unitFigures(ctx, aud, u, cohort)
			if err != nil {
				return err
			}
			rs, err := o.RunUnit(ctx, u, figs, look)
			if err != nil {
				return err
			}
			for _, f := range figs {
				w.note(&f)
				if u.Subject.Metric != "" {
					w.refsOf(u, &f)
				}
			}
			w.unit(u)
			w.results(u, rs)
		}
		if err := w.flush(ctx); err != nil {
			return err
		}
	}
	err = s.writeTx(ctx, false, func(tx *gorm.DB) error {
		return tx.Exec("UPDATE check_state SET as_of = ? WHERE audience = ? AND gen = ?", asOf.UnixMilli(), audienceName(aud), gen).Error
	})
	return wrap(err, "store checks")
}

// unitFigures reads, by index, the figures of unit u that aud sees, as
// checks.Options.RunUnit takes them: a subject's, or a people's under
// the cohort metrics; none for a parent's key. The large texts, which no
// check reads, are dropped.
func (s *Store) unitFigures(ctx context.Context, aud models.Audience, u checks.Owner, cohort []string) ([]models.Figure, error) {
	if u.Parent != "" {
		return nil, nil
	}
	metrics := []string{u.Subject.Metric}
	if u.Subject.Metric == "" {
		metrics = cohort
	}
	var figs []models.Figure
	err := s.EachFigureOfPeople(ctx, aud, u.Subject.People(), metrics, func(f *models.Figure) error {
		f.Quote, f.Notes, f.Paraphrase = "", "", ""
		figs = append(figs, *f)
		return nil
	})
	return figs, err
}

// rebuildChecks computes every check of aud into generation gen, one
// subject at a time, writing as it goes, then makes gen aud's, as of
// asOf (before the figures were read).
func (s *Store) rebuildChecks(ctx context.Context, aud models.Audience, o checks.Options, stamp string, gen int64, asOf time.Time) error {
	name := audienceName(aud)
	clear := func(tx *gorm.DB, cond string) error {
		for _, t := range checkTables {
			if err := tx.Exec("DELETE FROM "+t+" WHERE audience = ? AND "+cond, name, gen).Error; err != nil {
				return err
			}
		}
		return nil
	}
	// The slot of gen is emptied, without its indexes: each would take
	// a random insert per result, which at a million figures writes
	// every page of the index over and over; they are built at the end,
	// a sort each.
	err := s.writeTxUnbounded(ctx, false, func(tx *gorm.DB) error {
		if err := clear(tx, "gen = ?"); err != nil {
			return err
		}
		return s.emptyResults(tx, aud, gen, true)
	})
	if err != nil {
		return wrap(err, "clear the stored checks")
	}
	// The results are written by batches in a goroutine of their own,
	// while the next are computed: one batch waits at most. The writers
	// go round (free), each emptied once written; what the figures read
	// say of them (seen) stays on this side, shared by the writers.
	wctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	// Three writers in all: one filled here, one written, one free. free
	// holds all three, so that the writing goroutine never waits to hand
	// one back, even when a cancellation leaves this one without taking
	// it (with room for two only, a shutdown during the computation hung
	// there for good).
	const writers = 3
	pending := make(chan *checkWriter, 1)
	free := make(chan *checkWriter, writers)
	wrote := make(chan error, 1)
	go func() {
		var err error
		for w := range pending {
			if err == nil {
				if err = w.flush(wctx); err != nil {
					cancel(err)
				}
			}
			w.reset()
			free <- w
		}
		wrote <- err
	}()
	w := s.newCheckWriter(aud, gen)
	seen, writing, computing := w.seen, s.requests.Pacer(), s.requests.Pacer()
	w.pace = writing
	for range writers - 1 {
		n := s.newCheckWriter(aud, gen)
		n.seen, n.pace = seen, writing
		free <- n
	}
	send := func() error {
		select {
		case pending <- w:
		case <-wctx.Done():
			return context.Cause(wctx)
		}
		select {
		case w = <-free:
			return nil
		case <-wctx.Done():
			return context.Cause(wctx)
		}
	}
	// The long reads that hold much memory take turns (heavy.go): one
	// that waits goes first when a subject is done.
	if err := s.heavy.take(wctx); err != nil {
		cancel(err)
		close(pending)
		<-wrote
		return err
	}
	held := true
	defer func() {
		if held {
			s.heavy.give()
		}
	}()
	var subject checks.Subject
	err = o.RunOwned(wctx, func(fn func(*models.Figure) error) error {
		return s.eachFigureBySubjects(wctx, aud, func(f *models.Figure) error {
			if err := computing.GiveWay(wctx); err != nil {
				return err
			}
			sj := checks.SubjectOf(*f)
			w.note(f)
			w.refsOf(checks.Owner{Subject: sj}, f)
			if err := fn(f); err != nil {
				return err
			}
			// The first figure of a subject: the one before it is
			// computed (fn), its results handed to the writers.
			if sj != subject {
				subject = sj
				if afterSubject != nil {
					afterSubject()
				}
				handed, err := s.heavy.handOver(wctx)
				if err != nil {
					held = false
					return err
				}
				if handed {
					s.heavyHandedOver.Add(1)
				}
			}
			return nil
		})
	}, s.CheckLookup(aud), func(u checks.Owner, rs []checks.Result) error {
		w.results(u, rs)
		if w.size() >= rebuildBatch {
			return send()
		}
		return nil
	})
	if err == nil {
		err = send()
	} else {
		cancel(err)
	}
	close(pending)
	if werr := <-wrote; err != nil || werr != nil {
		return context.Cause(wctx) // whichever failed first
	}
	// What the batches held goes back to the system before the index
	// builds, whose sorts take memory of their own (SQLite's, outside
	// Go's heap and its limit): serve's peak stays that of the batches.
	debug.FreeOSMemory()
	// Each index is built by a sort, which the writer's connection would
	// keep in memory with its other temporary files (temp_store = MEMORY):
	// at a million figures, hundreds of megabytes. It sorts through
	// temporary files instead, as an import's index builds do (tempFiles).
	// Within the transaction SQLite may refuse the change (tempFiles
	// then leaves the sort in memory: 1.2 GB at a million figures, which
	// this build measured), so it is asked first on the writer's one
	// connection, outside any transaction, and set back after.
	if s.dialect == DialectSQLite {
		if _, err := s.wsqlDB.ExecContext(ctx, "PRAGMA temp_store = FILE"); err == nil {
			defer s.wsqlDB.ExecContext(context.WithoutCancel(ctx), "PRAGMA temp_store = MEMORY")
		}
	}
	err = s.writeTxUnbounded(ctx, false, func(tx *gorm.DB) error {
		tx = tx.WithContext(context.WithValue(tx.Statement.Context, streamingKey{}, true))
		if s.dialect == DialectSQLite {
			restore, err := tempFiles(tx)
			if err != nil {
				return err
			}
			if restore != nil {
				defer restore()
			}
		}
		for _, ix := range checkResultIndexes(aud, gen) {
			if err := tx.Exec(ix).Error; err != nil {
				return err
			}
		}
		return mergeCounts(tx, name, gen)
	})
	if err != nil {
		return wrap(err, "index the stored checks")
	}
	// The planner's statistics (and on PostgreSQL the visibility map),
	// as autovacuum would make them later: then a page reads the order
	// index, not every stored result.
	for _, t := range []string{resultsTable(aud, gen), namesTable(aud, gen)} {
		if s.dialect == DialectPostgres {
			err = s.execUnbounded(ctx, "VACUUM (ANALYZE) "+t)
		} else {
			err = s.writeTx(ctx, false, func(tx *gorm.DB) error {
				if err := tx.Exec("PRAGMA analysis_limit = 1000").Error; err != nil {
					return err
				}
				return tx.Exec("ANALYZE " + t).Error
			})
		}
		if err != nil {
			break
		}
	}
	if err != nil {
		return wrap(err, "analyze the stored checks")
	}
	err = s.writeTxUnbounded(ctx, false, func(tx *gorm.DB) error {
		if err := tx.Exec("DELETE FROM check_state WHERE audience = ?", name).Error; err != nil {
			return err
		}
		if err := tx.Exec("INSERT INTO check_state (audience, gen, stamp, as_of) VALUES (?, ?, ?, ?)", name, gen, stamp, asOf.UnixMilli()).Error; err != nil {
			return err
		}
		return clear(tx, "gen <> ?")
	})
	if err != nil {
		return wrap(err, "store the checks")
	}
	// The generation replaced is read no more.
	err = s.writeTxUnbounded(ctx, false, func(tx *gorm.DB) error { return s.emptyResults(tx, aud, gen+1, false) })
	return wrap(err, "clear the stored checks")
}

// mergeCounts makes one row of each cell of check_counts and each set of
// check_sets of generation gen of the audience called name, where a full
// computation wrote a row for each batch a unit's results were written
// in (rebuildBatch): the filters sum the sets' rows (271,755 rows at a
// million figures, 84,449 merged).
func mergeCounts(tx *gorm.DB, name string, gen int64) error {
	for _, t := range []struct{ table, cols string }{
		{"check_counts", "audience, gen, owner, outcome_rank, kind_rank"},
		{"check_sets", "audience, gen, owner, outcome_rank, kind_rank, metrics, sources"},
	} {
		merged, of := t.table+"_merged", []any{name, gen}
		for _, st := range []struct {
			q    string
			args []any
		}{
			{"CREATE TEMPORARY TABLE " + merged + " AS SELECT " + t.cols + ", SUM(n) AS n FROM " + t.table + " WHERE audience = ? AND gen = ? GROUP BY " + t.cols, of},
			{"DELETE FROM " + t.table + " WHERE audience = ? AND gen = ?", of},
			{"INSERT INTO " + t.table + " (" + t.cols + ", n) SELECT " + t.cols + ", n FROM " + merged, nil},
			{"DROP TABLE " + merged, nil},
		} {
			if err := tx.Exec(st.q, st.args...).Error; err != nil {
				return err
			}
		}
	}
	return nil
}

// checkTables hold the stored checks' counts and references, by
// audience, generation and unit; the results are in resultsTable.
var checkTables = []string{"check_counts", "check_sets", "check_refs"}

// resultsTable is the table of aud's results of generation gen: one of
// two slots (migration 20), gen % 2, so that a full computation writes
// into the slot the current generation is not in.
func resultsTable(aud models.Audience, gen int64) string {
	return "check_results_" + audienceName(aud) + "_" + strconv.FormatInt(gen%2, 10)
}

// namesTable is the table of what the results of resultsTable(aud, gen)
// name (migration 23): their figures, metrics and sources.
func namesTable(aud models.Audience, gen int64) string {
	return "check_result_names_" + audienceName(aud) + "_" + strconv.FormatInt(gen%2, 10)
}

// checkResultIndexes are the indexes of a slot's tables of results and
// names, built at the end of a full computation: the order /checks reads
// the results in (the id ends it: SQLite has it in every index,
// PostgreSQL needs it named, so that a page is a walk of the index, not
// a sort), the unit, whose rows a write replaces, and the names, by
// which a figure's page finds the results naming the figure and the
// filters count and find theirs (the ranks in it, a count by outcome
// and kind reads the index alone).
func checkResultIndexes(aud models.Audience, gen int64) []string {
	table, names := resultsTable(aud, gen), namesTable(aud, gen)
	return []string{
		"CREATE INDEX IF NOT EXISTS " + table + "_order ON " + table + " (outcome_rank, kind_rank, title, figures, id)",
		"CREATE INDEX IF NOT EXISTS " + table + "_owner ON " + table + " (owner)",
		"CREATE INDEX IF NOT EXISTS " + names + "_name ON " + names + " (what, name, outcome_rank, kind_rank, result)",
	}
}

// emptyResults deletes every row of a slot's tables of results and
// names (PostgreSQL's TRUNCATE, SQLite's DELETE without WHERE: neither
// visits the rows), and with dropIndexes their indexes too.
func (s *Store) emptyResults(tx *gorm.DB, aud models.Audience, gen int64, dropIndexes bool) error {
	table, names := resultsTable(aud, gen), namesTable(aud, gen)
	if dropIndexes {
		for _, ix := range []string{table + "_order", table + "_owner", names + "_name"} {
			if err := tx.Exec("DROP INDEX IF EXISTS " + ix).Error; err != nil {
				return err
			}
		}
	}
	for _, t := range []string{table, names} {
		q := "DELETE FROM " + t
		if s.dialect == DialectPostgres {
			q = "TRUNCATE " + t
		}
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return nil
}

// checkWriter gathers the results and references of units and writes
// them, replacing what the units held. A full computation hands its
// writers, in turn, to a goroutine that writes them while it fills the
// next (rebuildChecks), and reuses each once written (reset): their
// buffers are kept, so that a million figures' results are not a million
// figures' garbage.
type checkWriter struct {
	s   *Store
	aud models.Audience
	gen int64
	// pace, if set, has the writer give way to the requests being
	// served between two transactions: a full computation's writers
	// share the writing goroutine's.
	pace  *pace.Pacer
	units []string
	rows  []ownedResult
	refs  [][2]string
	// seen holds the metric and source of the figures read lately,
	// which most results name: the computing side's, shared by the
	// writers of one computation and never read by flush.
	seen map[string]figureRef
	// named holds the metric and source of the figures this batch's
	// results name that seen knew when they were added; flush reads the
	// others (missing) by key.
	named   map[string]figureRef
	missing []string
	// What flush reuses from one batch to the next.
	vals, nameVals []any
	json           bytes.Buffer
	enc            *json.Encoder
	names          [3][]string
	counts         map[setCell]int
	cells          []setCell
	// sets holds the text of each set of names written lately (nameSet),
	// so that a result's sets are not a string each.
	sets    map[string]string
	setText []byte
}

type figureRef struct{ metric, source string }

type ownedResult struct {
	owner string
	r     checks.Result
}

// checkCell is a row of check_counts: a unit's results of one outcome
// and kind.
type checkCell struct {
	owner          string
	outcome, kinds int
}

// setCell is a row of check_sets (migration 37): a cell's results naming
// one set of metrics and one set of sources (nameSet).
type setCell struct {
	checkCell
	metrics, sources string
}

func (s *Store) newCheckWriter(aud models.Audience, gen int64) *checkWriter {
	w := &checkWriter{s: s, aud: aud, gen: gen, seen: map[string]figureRef{}, named: map[string]figureRef{}, counts: map[setCell]int{}, sets: map[string]string{}}
	w.enc = json.NewEncoder(&w.json)
	return w
}

// reset empties w for the next batch, keeping its buffers (and seen).
func (w *checkWriter) reset() {
	clear(w.units)
	clear(w.rows)
	clear(w.refs)
	w.units, w.rows, w.refs = w.units[:0], w.rows[:0], w.refs[:0]
	clear(w.named)
	w.missing = w.missing[:0]
	clear(w.counts)
	w.cells = w.cells[:0]
}

func (w *checkWriter) size() int { return len(w.rows) + len(w.refs) }

// note remembers f's metric and source, for the results that name it.
func (w *checkWriter) note(f *models.Figure) {
	if len(w.seen) >= 40000 { // bounded, should few results come
		clear(w.seen)
	}
	w.seen[f.Key] = figureRef{f.Metric, f.Source}
}

// unit notes that u is computed again: its rows are replaced.
func (w *checkWriter) unit(u checks.Owner) { w.units = append(w.units, ownerKey(u)) }

// results adds u's results rs, and what seen knows of the figures they
// name: note the figures first.
func (w *checkWriter) results(u checks.Owner, rs []checks.Result) {
	k := ownerKey(u)
	for _, r := range rs {
		w.rows = append(w.rows, ownedResult{k, r})
		for _, f := range r.Figures {
			if _, ok := w.named[f]; ok {
				continue
			}
			if ref, ok := w.seen[f]; ok {
				w.named[f] = ref
			} else {
				w.missing = append(w.missing, f)
			}
		}
	}
}

// refsOf notes the keys f names in other units: a share's base, a
// derived figure's inputs.
func (w *checkWriter) refsOf(u checks.Owner, f *models.Figure) {
	var refs []string
	if f.ShareOf != "" {
		refs = append(refs, f.ShareOf)
	}
	if expr, err := models.ParseFormula(f.Formula); f.Derived && err == nil {
		refs = append(refs, expr.Refs()...)
	}
	if len(refs) == 0 {
		return
	}
	k := ownerKey(u)
	for _, r := range refs {
		w.refs = append(w.refs, [2]string{k, r})
	}
}

// cohortMetrics lists the metrics of o's cohort rules, sorted.
func cohortMetrics(o checks.Options) []string {
	var out []string
	for _, r := range o.Cohorts {
		out = append(out, r.Cohort, r.Stock, r.Outflow)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func rankOf[T comparable](xs []T, x T) int { return max(slices.Index(xs, x), 0) }

// What a result names (the names tables, migration 23): its figures,
// and the metrics and sources of those figures the audience sees.
const (
	namesFigure = iota
	namesMetric
	namesSource
)

// resultNames appends to vals the rows of the names table for result id
// (of outcome and kind ranks outcome, kind) naming figures: one per
// figure, per metric and per source, each once. scratch holds the three
// lists, reused; it is left holding them sorted, each name once, indexed
// by what (namesFigure, namesMetric, namesSource): the sets of check_sets
// are read from there.
func resultNames(vals []any, scratch *[3][]string, id int64, outcome, kind int, figures []string, refs map[string]figureRef) []any {
	figs, metrics, sources := append(scratch[0][:0], figures...), scratch[1][:0], scratch[2][:0]
	for _, k := range figures {
		if f, ok := refs[k]; ok {
			metrics, sources = append(metrics, f.metric), append(sources, f.source)
		}
	}
	*scratch = [3][]string{figs, metrics, sources}
	idv := any(id) // boxed once for all its rows
	for what, names := range scratch {
		slices.Sort(names)
		scratch[what] = slices.Compact(names)
		for _, n := range scratch[what] {
			vals = append(vals, idv, what, n, outcome, kind)
		}
	}
	return vals
}

// nameSet returns the text of a set of names as check_sets holds it
// (migration 37): names, sorted and each once, each between newlines
// ("\na\nb\n"; "\n" for none), so that setsHold finds a name by its
// text between newlines. Metric slugs and source keys hold no newline.
func (w *checkWriter) nameSet(names []string) string {
	b := append(w.setText[:0], '\n')
	for _, n := range names {
		b = append(append(b, n...), '\n')
	}
	w.setText = b
	if t, ok := w.sets[string(b)]; ok {
		return t
	}
	if len(w.sets) >= 10000 { // bounded: a few hundred sets are usual
		clear(w.sets)
	}
	t := string(b)
	w.sets[t] = t
	return t
}

// setsHold is the condition that a row of check_sets names one of the
// values of each of facets, with its arguments: a value's text between
// newlines within the set's (nameSet), compared byte for byte.
func (s *Store) setsHold(facets []checkFacet) (string, []any) {
	find := "instr(%s, ?) > 0"
	if s.dialect == DialectPostgres {
		find = "strpos(%s, ?) > 0"
	}
	var cond string
	var args []any
	for _, f := range facets {
		col := "metrics"
		if f.what == namesSource {
			col = "sources"
		}
		alts := make([]string, len(f.want))
		for i, v := range f.want {
			alts[i] = fmt.Sprintf(find, col)
			args = append(args, "\n"+v+"\n")
		}
		cond += " AND (" + strings.Join(alts, " OR ") + ")"
	}
	return cond, args
}

// flushTxResults is how many results a full computation writes in one
// transaction: the write lock (SQLite's one writer) is held a short time,
// so that another writer (the overview's cells after a public write, a
// sign-in) waits that long at most, not a whole batch's. A variable for
// the tests.
var flushTxResults = 250

func (w *checkWriter) flush(ctx context.Context) error {
	if len(w.units) == 0 && len(w.rows) == 0 && len(w.refs) == 0 {
		return nil
	}
	// The metric and source of every figure the results name, as the
	// audience sees them, for the filters: those seen were noted as the
	// results were added; the others are read by key.
	refs := w.named
	keys := w.missing
	slices.Sort(keys)
	keys = slices.DeleteFunc(slices.Compact(keys), func(k string) bool { _, ok := refs[k]; return ok })
	figs, err := w.s.FiguresOfKeys(ctx, keys, w.aud)
	if err != nil {
		return err
	}
	for _, f := range figs {
		refs[f.Key] = figureRef{f.Metric, f.Source}
	}
	name, table, names := audienceName(w.aud), resultsTable(w.aud, w.gen), namesTable(w.aud, w.gen)
	// The units' old rows are replaced in the transaction that writes
	// their new ones. A full computation replaces none (it writes a
	// generation not yet shown): it writes its results a few hundred a
	// transaction, the counts and references with the last.
	parts := [][]ownedResult{w.rows}
	if len(w.units) == 0 && len(w.rows) > flushTxResults {
		parts = slices.Collect(slices.Chunk(w.rows, flushTxResults))
	}
	for i, part := range parts {
		if w.pace != nil {
			if err = w.pace.GiveWay(ctx); err != nil {
				break
			}
		}
		err = w.s.writeTx(ctx, false, func(tx *gorm.DB) error {
			if i == 0 {
				if err := w.replaceUnits(tx, name, table, names); err != nil {
					return err
				}
			}
			if err := w.writeResults(ctx, tx, table, names, part, refs); err != nil {
				return err
			}
			if i < len(parts)-1 {
				return nil
			}
			return w.writeCountsAndRefs(ctx, tx, name)
		})
		if err != nil {
			break
		}
	}
	w.reset()
	return wrap(err, "store checks")
}

// replaceUnits deletes the rows of the units w computes again.
func (w *checkWriter) replaceUnits(tx *gorm.DB, name, table, names string) error {
	for chunk := range slices.Chunk(w.units, 500) {
		for _, t := range checkTables {
			if err := tx.Exec("DELETE FROM "+t+" WHERE audience = ? AND gen = ? AND owner IN ?", name, w.gen, chunk).Error; err != nil {
				return err
			}
		}
		if err := tx.Exec("DELETE FROM "+names+" WHERE result IN (SELECT id FROM "+table+" WHERE owner IN ?)", chunk).Error; err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM "+table+" WHERE owner IN ?", chunk).Error; err != nil {
			return err
		}
	}
	return nil
}

// writeResults writes rows and their names, counting them by unit,
// outcome and kind (w.counts).
func (w *checkWriter) writeResults(ctx context.Context, tx *gorm.DB, table, names string, rows []ownedResult, refs map[string]figureRef) error {
	if len(rows) == 0 {
		return nil
	}
	// The results' ids are given here, so that their names can say
	// which they belong to: after the last, in increasing order (one
	// writer at a time; on PostgreSQL the lock makes sure of it).
	var last int64
	if w.s.dialect == DialectPostgres {
		if err := tx.Exec("LOCK TABLE " + table + " IN EXCLUSIVE MODE").Error; err != nil {
			return err
		}
	}
	if err := tx.Raw("SELECT COALESCE(MAX(id), 0) FROM " + table).Row().Scan(&last); err != nil {
		return err
	}
	results := w.s.newRowInserter(tx, table, []string{"id", "owner", "outcome_rank", "kind_rank", "title", "figures", "result"})
	defer results.close()
	named := w.s.newRowInserter(tx, names, []string{"result", "what", "name", "outcome_rank", "kind_rank"})
	defer named.close()
	// A few hundred results at a time, so that their JSON is not
	// all held at once.
	for part := range slices.Chunk(rows, 500) {
		// Each result's JSON and figures, one after the other in one
		// buffer, then one string for them all, which each row's
		// values are slices of.
		w.json.Reset()
		ends := make([]int, 0, 2*len(part))
		for _, r := range part {
			if err := w.enc.Encode(storedResult{Result: r.r, Korean: r.r.Korean}); err != nil {
				return err
			}
			w.json.Truncate(w.json.Len() - 1) // Encode's newline: as json.Marshal writes it
			ends = append(ends, w.json.Len())
			for i, f := range r.r.Figures {
				if i > 0 {
					w.json.WriteByte(',')
				}
				w.json.WriteString(f)
			}
			ends = append(ends, w.json.Len())
		}
		text := w.json.String()
		vals, nameVals := w.vals[:0], w.nameVals[:0]
		at := 0
		for i, r := range part {
			c := checkCell{r.owner, rankOf(checks.Outcomes, r.r.Status), rankOf(checks.Kinds, r.r.Kind)}
			last++
			result, figures := text[at:ends[2*i]], text[ends[2*i]:ends[2*i+1]]
			at = ends[2*i+1]
			vals = append(vals, last, r.owner, c.outcome, c.kinds, r.r.Title, figures, result)
			nameVals = resultNames(nameVals, &w.names, last, c.outcome, c.kinds, r.r.Figures, refs)
			sc := setCell{c, w.nameSet(w.names[namesMetric]), w.nameSet(w.names[namesSource])}
			if w.counts[sc] == 0 {
				w.cells = append(w.cells, sc)
			}
			w.counts[sc]++
		}
		err := results.exec(ctx, vals)
		if err == nil {
			err = named.exec(ctx, nameVals)
		}
		// Kept for the next part, emptied so as not to hold this one's.
		clear(vals)
		clear(nameVals)
		w.vals, w.nameVals = vals[:0], nameVals[:0]
		if err != nil {
			return err
		}
	}
	return nil
}

// writeCountsAndRefs writes what w counted (writeResults) and the
// references of its units.
func (w *checkWriter) writeCountsAndRefs(ctx context.Context, tx *gorm.DB, name string) error {
	// check_counts sums check_sets over the sets.
	args := make([]any, 0, len(w.cells)*8)
	cells := map[checkCell]int{}
	var order []checkCell
	for _, c := range w.cells {
		n := w.counts[c]
		args = append(args, name, w.gen, c.owner, c.outcome, c.kinds, c.metrics, c.sources, n)
		if cells[c.checkCell] == 0 {
			order = append(order, c.checkCell)
		}
		cells[c.checkCell] += n
	}
	sets := w.s.newRowInserter(tx, "check_sets", []string{"audience", "gen", "owner", "outcome_rank", "kind_rank", "metrics", "sources", "n"})
	defer sets.close()
	if err := sets.exec(ctx, args); err != nil {
		return err
	}
	args = make([]any, 0, len(order)*6)
	for _, c := range order {
		args = append(args, name, w.gen, c.owner, c.outcome, c.kinds, cells[c])
	}
	counted := w.s.newRowInserter(tx, "check_counts", []string{"audience", "gen", "owner", "outcome_rank", "kind_rank", "n"})
	defer counted.close()
	if err := counted.exec(ctx, args); err != nil {
		return err
	}
	args = make([]any, 0, len(w.refs)*4)
	for _, r := range w.refs {
		args = append(args, name, w.gen, r[0], r[1])
	}
	refsOf := w.s.newRowInserter(tx, "check_refs", []string{"audience", "gen", "owner", "ref"})
	defer refsOf.close()
	return refsOf.exec(ctx, args)
}

// CheckPage answers q from aud's stored checks (RefreshChecks first):
// what checks.Index.Page answers over every result of a run, from the
// last generation completed (Page.Stored, Page.AsOf), or an empty page
// if none has been.
func (s *Store) CheckPage(ctx context.Context, aud models.Audience, q checks.Query) (checks.Page, error) {
	if q.Limit <= 0 {
		q.Limit = checks.DefaultPageSize
	}
	p := checks.Page{Limit: q.Limit, Offset: max(q.Offset, 0), Items: []checks.Result{}}
	name := audienceName(aud)
	err := s.read(ctx, func(tx *gorm.DB) error {
		p.Items = []checks.Result{}
		var gen, asOf int64
		switch err := tx.Raw("SELECT gen, as_of FROM check_state WHERE audience = ?", name).Row().Scan(&gen, &asOf); {
		case errors.Is(err, sql.ErrNoRows):
			return nil // nothing computed yet: an empty page, not Stored
		case err != nil:
			return err
		}
		p.Stored = true
		if asOf > 0 {
			p.AsOf = time.UnixMilli(asOf).UTC()
		}
		base := "audience = ? AND gen = ?" // of check_counts
		args := []any{name, gen}
		table, names := resultsTable(aud, gen), namesTable(aud, gen)
		// The filters: results naming one of the metrics asked for and
		// one of the sources, found by the names' index.
		var facets []checkFacet
		for _, f := range []checkFacet{{namesMetric, q.Metrics}, {namesSource, q.Sources}} {
			if len(f.want) > 0 {
				f.want = slices.Compact(slices.Sorted(slices.Values(f.want)))
				facets = append(facets, f)
			}
		}
		// One count per outcome and kind, from which the summary follows:
		// without filters, the sums of the units' counts; with them, the
		// sums of the counts of the sets of names holding one of each
		// filter's values (check_sets), each result once however many of
		// them it names. How many results each cell holds in all:
		alls, err := cellCounts(tx, "SELECT outcome_rank, kind_rank, SUM(n) FROM check_counts WHERE "+base+" GROUP BY outcome_rank, kind_rank", args)
		if err != nil {
			return err
		}
		counts := alls
		if len(facets) > 0 {
			held, hargs := s.setsHold(facets)
			if counts, err = cellCounts(tx, "SELECT outcome_rank, kind_rank, SUM(n) FROM check_sets WHERE "+base+held+" GROUP BY outcome_rank, kind_rank", append(slices.Clone(args), hargs...)); err != nil {
				return err
			}
		}
		for _, n := range alls {
			p.All += n
		}
		var outRanks, kindRanks []any
		for _, o := range q.Outcomes {
			outRanks = append(outRanks, rankOf(checks.Outcomes, o))
		}
		for _, k := range q.Kinds {
			kindRanks = append(kindRanks, rankOf(checks.Kinds, k))
		}
		in := func(rs []any, r int) bool { return len(rs) == 0 || slices.Contains(rs, any(r)) }
		byOutcome, byKind := map[int]int{}, map[int]int{}
		for ok, n := range counts {
			inOutcome, inKind := in(outRanks, ok[0]), in(kindRanks, ok[1])
			if inKind {
				byOutcome[ok[0]] += n
			}
			if inOutcome {
				byKind[ok[1]] += n
			}
			if inKind && inOutcome {
				p.Total += n
			}
		}
		for i, o := range checks.Outcomes {
			p.Outcomes = append(p.Outcomes, checks.Tally{Name: string(o), Label: o.Label(), Count: byOutcome[i]})
		}
		for i, k := range checks.Kinds {
			p.Kinds = append(p.Kinds, checks.Tally{Name: k, Label: checks.KindLabel(k), Count: byKind[i]})
		}
		if p.Offset >= p.Total {
			return nil
		}
		// The page is read cell by cell (outcome and kind: the order's
		// first two columns), from the cell its first result is in: each
		// cell's results are a range of the order index, and the counts
		// say which cell a position falls in, so a deep page steps over
		// results of its own cell only, and the set of the results naming
		// the filter, when one is built, holds that cell's alone (the
		// 3,000th page of a metric named by 1.5 million results at a
		// million figures built a set of all of them).
		r := p.Offset
		for o := range checks.Outcomes {
			for k := range checks.Kinds {
				c := pageCell{o: o, k: k, matching: counts[[2]int{o, k}], all: alls[[2]int{o, k}]}
				if !in(outRanks, o) || !in(kindRanks, k) || c.matching == 0 || len(p.Items) == p.Limit {
					continue
				}
				if r >= c.matching {
					r -= c.matching
					continue
				}
				n := min(p.Limit-len(p.Items), c.matching-r)
				if p.Items, err = s.cellPage(tx, table, names, facets, c, r, n, p.Items); err != nil {
					return err
				}
				r = 0
			}
		}
		return nil
	})
	return p, wrap(err, "read the stored checks")
}

// pageCell is one cell of the stored checks' order (an outcome and a
// kind, by rank), with how many of its results a query keeps and how
// many it holds in all.
type pageCell struct{ o, k, matching, all int }

// checkFacet is a filter of the stored checks by their names: results
// naming one of want as what (namesMetric, namesSource).
type checkFacet struct {
	what int
	want []string
}

// cellPage appends to out the n results of cell c a query keeps from its
// r-th on (from 0), in the order; facets are the query's filters by name.
func (s *Store) cellPage(tx *gorm.DB, table, names string, facets []checkFacet, c pageCell, r, n int, out []checks.Result) ([]checks.Result, error) {
	// A page nearer the cell's end than its start is read from the end,
	// in the reverse order: a walk steps over what follows it instead of
	// what precedes it (the counts are exact: read in this transaction).
	offset, back := r, false
	if rest := c.matching - r - n; rest < r {
		offset, back = rest, true
	}
	where, wargs := "outcome_rank = ? AND kind_rank = ?", []any{c.o, c.k}
	if c.matching < c.all {
		// The page is found one of two ways, whichever costs less: a
		// walk of the cell in the order index, keeping the results that
		// match (about (offset + n) × all / matching entries, read from
		// the index alone), or the matching results found by the names'
		// index and sorted (a table row read for each, then the sort).
		// On SQLite a sorted result costs about 16 walked entries
		// (174,378 results naming a metric, at a million figures: the
		// 2,000th page 0.83–1.04 s sorted, 0.30 s walked, in sqlite3); on
		// PostgreSQL about one (its sort is parallel; the 200th page
		// 0.26 s sorted, 0.59 s walked).
		sortCost := int64(1)
		if s.dialect == DialectSQLite {
			sortCost = 16
		}
		walked := int64(offset+n) * int64(c.all) / int64(c.matching)
		walk := walked < sortCost*int64(c.matching)
		// A walk keeps the results naming what the filters want either
		// by a set of them built first (IN) or by asking of each result
		// it steps over (EXISTS, one seek in the names' primary key,
		// about 8 times what a result costs the set in sqlite3 at a
		// million figures, 13 times through the driver): the set when
		// the walk is long beside it.
		// A source named by half the results built a set of 1,050,000
		// for the first page: 0.45 s, against 2 ms asking.
		ask := walk && 16*walked < int64(c.matching)
		way := 2
		if ask {
			way = 0
		} else if walk {
			way = 1
		}
		s.checkPageWays[way].Add(1)
		// The set of a cell's results naming a facet's values: a range
		// of the names' index.
		named := "id IN (SELECT result FROM " + names + " WHERE what = ? AND name IN ? AND outcome_rank = ? AND kind_rank = ?)"
		switch {
		case ask:
			named = "EXISTS (SELECT 1 FROM " + names + " n WHERE n.result = " + table + ".id AND n.what = ? AND n.name IN ?)"
		case walk:
			named = "+" + named // the order index drives
		}
		// The names last, so that a result's ranks are tested before
		// its names are asked for.
		for _, f := range facets {
			where += " AND " + named
			wargs = append(wargs, f.what, f.want)
			if !ask {
				wargs = append(wargs, c.o, c.k)
			}
		}
	}
	// The page's keys are found first and only its rows' JSON read after
	// (a deferred join): PostgreSQL otherwise sorted the JSON of every
	// result it kept (1.4–2.5 s for a deep page of one metric at a
	// million figures, its keys alone 0.35–0.59 s).
	const order = "outcome_rank, kind_rank, title, figures, id"
	inner := order
	if back {
		inner = "outcome_rank DESC, kind_rank DESC, title DESC, figures DESC, id DESC"
	}
	q := "SELECT r.result FROM (SELECT " + order + " FROM " + table + " WHERE " + where + " ORDER BY " + inner + " LIMIT ? OFFSET ?) p JOIN " +
		table + " r ON r.id = p.id ORDER BY p.outcome_rank, p.kind_rank, p.title, p.figures, p.id"
	rows, err := tx.Raw(q, append(wargs, n, offset)...).Rows()
	if err != nil {
		return out, err
	}
	return scanResults(rows, out)
}

// cellCounts reads the rows (outcome rank, kind rank, count) query q
// answers.
func cellCounts(tx *gorm.DB, q string, args []any) (map[[2]int]int, error) {
	rows, err := tx.Raw(q, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[[2]int]int{}
	for rows.Next() {
		var o, k, n int
		if err := rows.Scan(&o, &k, &n); err != nil {
			return nil, err
		}
		counts[[2]int{o, k}] += n
	}
	return counts, rows.Err()
}

func likeEscape(v string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(v)
}
