package store

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"slices"
	"strings"

	"gorm.io/gorm"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/store/internal/bulksize"
	"forcedreturns/models"
)

// After a public write the stored countable columns (figure_counts) are
// brought up to date subject by subject, as the overview's summaries are,
// instead of counted again from every figure (two minutes at a million):
// CountsDelta counts again, with checks.Counting, the subjects the noted
// writes touched and every subject whose answer may depend on them, and
// SaveCountsDelta stores the result in one short transaction.
//
// What checks.Counting reads of a figure beyond its own subject: the
// metric and status of the figures its formula names (Input, for the
// derived figures that restate another), and, for a group counted in a
// figure of another subject (a subgroup, a share, a restating derived
// figure), where that figure's group is counted, and so on along the
// chain (Finish resolves it through the Links of the figures on it;
// Target only says which of them to keep). Of the subjects a chain
// passes through, each step is named by a figure of the subject before
// it. So a write changes the answers of the subjects it wrote a figure
// out of and into, and of every subject with a figure that names, by
// subgroup_of, share_of or formula, a figure of a subject that changes
// (any figure of it, not only the one written: a write can make another
// figure of its subject countable or not), further and further: the
// subjects from which the written ones can be reached along those names.
// Those are counted again; for the chains that leave them, the Links of
// the figures of the other subjects are read from figure_counts
// (points_to), which no write since changed: a Link depends only on its
// subject and what its formulas name.

// bulkCountNotes and bulkCountSubjects bound an update subject by
// subject: past them (an import, a generation) CountsDelta returns nil,
// and the caller counts every figure again.
func bulkCountNotes() int {
	if n := bulksize.Dirty.Load(); n > 0 {
		return int(n)
	}
	return 2000
}

var bulkCountSubjects = 64

// CountsDelta is the stored answer brought up to date for some subjects:
// the answer of every figure of those subjects (Figures; a figure among
// Touched without an answer is in no group), as of data version Version,
// to be applied on the stored answer of version Base.
type CountsDelta struct {
	Base, Version int64
	// Touched are the ids of every figure of the subjects counted again,
	// whatever its status: their stored rows are replaced.
	Touched map[int64]bool
	// Rows are the new answers, by figure id.
	Rows  map[int64]CountsRow
	notes []int64
	// Subjects are the subjects counted again (for tests): those in
	// recount from their figures, the others from their stored groups.
	Subjects []checks.Subject
	recount  map[checks.Subject]bool
}

// UpdatesCounts marks a CountsDelta as a models.CountsUpdate.
func (*CountsDelta) UpdatesCounts() {}

// CountsDelta works out, in one snapshot, the stored answer brought up to
// date with the writes noted since it was computed (see above). It
// returns nil, and no error, when no answer is stored (or one is being
// filled), or the notes are too many or stand for a bulk load: the caller
// then counts every figure. A delta whose Version is Base changes
// nothing but the version.
func (s *Store) CountsDelta(ctx context.Context) (models.CountsUpdate, error) {
	var d *CountsDelta
	err := s.read(ctx, func(tx *gorm.DB) error {
		d = nil
		var st countsState
		var rule string
		err := tx.Raw("SELECT version, COALESCE(filler, ''), COALESCE(rule, '') FROM figure_counts_state WHERE id = 1").Row().Scan(&st.version, &st.filler, &rule)
		if err != nil || st.filler != "" || st.version < 0 || rule != checks.CountingRule {
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			return err
		}
		var now int64
		if err := tx.Raw("SELECT public_n FROM data_version WHERE id = 1").Row().Scan(&now); err != nil {
			return err
		}
		delta := &CountsDelta{Base: st.version, Version: now, Touched: map[int64]bool{}, Rows: map[int64]CountsRow{}}
		rows, err := tx.Raw("SELECT id, key, population, acting_state, receiving_state, unit, metric FROM count_dirty ORDER BY id LIMIT ?", bulkCountNotes()+1).Rows()
		if err != nil {
			return err
		}
		written := map[checks.Subject]bool{}
		var keys []string
		for rows.Next() {
			var id int64
			var k string
			var sj checks.Subject
			if err := rows.Scan(&id, &k, &sj.Population, &sj.ActingState, &sj.ReceivingState, &sj.Unit, &sj.Metric); err != nil {
				rows.Close()
				return err
			}
			if k == fullRebuildKey {
				rows.Close()
				return nil // a bulk load's marker
			}
			delta.notes = append(delta.notes, id)
			written[sj] = true
			keys = append(keys, k)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(delta.notes) > bulkCountNotes() {
			return nil
		}
		if len(written) == 0 {
			d = delta // no figure written: the answer holds as it is
			return nil
		}
		subjects, recount, err := s.countsReach(tx, written, keys)
		if err != nil || subjects == nil {
			return err
		}
		delta.recount = recount
		if narrow := bulksize.NarrowCounts.Load(); narrow != nil {
			subjects = (*narrow)(len(written), subjects)
		}
		delta.Subjects = subjects
		if err := s.countSubjects(tx, delta); err != nil {
			return err
		}
		d = delta
		return nil
	})
	if err != nil || d == nil {
		return nil, wrap(err, "bring the countable columns up to date")
	}
	return d, nil
}

// countsReach returns the subjects written and every subject with a
// public figure that names, by subgroup_of, share_of or formula, a figure
// of one of them or a key written (a figure may have left the public
// ones), further and further; nil if more than bulkCountSubjects.
//
// Of those, only the subjects written and those with a formula naming a
// key written (recount) are counted again from their figures: what
// checks.Counting.Subject decides of a subject (its groups, which count
// and where the others are counted: their Links) depends on its figures
// and on the metric and status of what its formulas name, nothing else.
// In the other subjects only where their groups counted in another
// subject's figure end up counted (the chains that Finish resolves)
// changes: Counting.Resolve works it out again from their stored Links.
func (s *Store) countsReach(tx *gorm.DB, written map[checks.Subject]bool, keys []string) ([]checks.Subject, map[checks.Subject]bool, error) {
	recount := maps.Clone(written)
	public, pargs := s.filterSQL(models.FigureFilter{})
	in := map[checks.Subject]bool{}
	var out []checks.Subject
	add := func(sj checks.Subject) {
		if !in[sj] {
			in[sj] = true
			out = append(out, sj)
		}
	}
	for _, sj := range slices.SortedFunc(maps.Keys(written), compareSubjects) {
		add(sj)
	}
	// The formulas, each with its figure's subject and the subjects of
	// the figures it names: few figures are derived (a partial index
	// finds them).
	type named struct{ by, of checks.Subject }
	var formulaEdges []named
	formulaKeys := map[string][]checks.Subject{} // a key a formula names: the subjects naming it
	frows, err := tx.Raw("SELECT f.formula, "+subjectSelect+" FROM figures f WHERE f.derived AND f.formula <> '' AND "+public, pargs...).Rows()
	if err != nil {
		return nil, nil, err
	}
	for frows.Next() {
		var formula string
		var sj checks.Subject
		if err := frows.Scan(subjectDest(&sj, []any{&formula})...); err != nil {
			frows.Close()
			return nil, nil, err
		}
		if expr, err := models.ParseFormula(formula); err == nil {
			for _, k := range expr.Refs() {
				formulaKeys[k] = append(formulaKeys[k], sj)
			}
		}
	}
	frows.Close()
	if err := frows.Err(); err != nil {
		return nil, nil, err
	}
	if len(formulaKeys) > 0 {
		refs := slices.Sorted(maps.Keys(formulaKeys))
		for chunk := range slices.Chunk(refs, 500) {
			rows, err := tx.Raw("SELECT f.key, "+subjectSelect+" FROM figures f WHERE f.key IN ?", chunk).Rows()
			if err != nil {
				return nil, nil, err
			}
			for rows.Next() {
				var k string
				var sj checks.Subject
				if err := rows.Scan(subjectDest(&sj, []any{&k})...); err != nil {
					rows.Close()
					return nil, nil, err
				}
				for _, by := range formulaKeys[k] {
					formulaEdges = append(formulaEdges, named{by, sj})
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return nil, nil, err
			}
		}
	}
	scanSubjects := func(q string, args ...any) error {
		rows, err := tx.Raw(q, args...).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var sj checks.Subject
			if err := rows.Scan(subjectDest(&sj, nil)...); err != nil {
				return err
			}
			add(sj)
		}
		return rows.Err()
	}
	// The keys written, which may name no public figure now.
	slices.Sort(keys)
	keys = slices.Compact(keys)
	for chunk := range slices.Chunk(keys, 500) {
		for _, col := range []string{"subgroup_of", "share_of"} {
			if err := scanSubjects("SELECT DISTINCT "+subjectSelect+" FROM figures f WHERE f."+col+" IN ? AND "+public, append([]any{chunk}, pargs...)...); err != nil {
				return nil, nil, err
			}
		}
		for _, k := range chunk {
			for _, by := range formulaKeys[k] {
				add(by)
				recount[by] = true
			}
		}
	}
	// Then subject after subject, the subjects naming a figure of it.
	for i := 0; i < len(out); i++ {
		if len(out) > bulkCountSubjects {
			return nil, nil, nil
		}
		sj := out[i]
		sargs := []any{sj.Metric, sj.Population, sj.ActingState, sj.ReceivingState, sj.Unit}
		// From the subject's figures to those naming each (a nested
		// loop over the indexes of subgroup_of and share_of):
		// PostgreSQL otherwise merged the subject with every subgroup,
		// 0.9–1.7 s a subject at 1M (it expects most figures to be
		// subgroups), 0.17 s so. OFFSET 0 keeps it from flattening the
		// subquery into that join. Only public figures: a draft's
		// changes change no answer, and a figure that left the public
		// ones was written.
		pwhere := strings.ReplaceAll(public, "f.", "p.")
		q := "SELECT DISTINCT " + subjectSelect + " FROM figures f JOIN figures p ON p.key = f.subgroup_of OR p.key = f.share_of" +
			" WHERE p.metric = ? AND p.population = ? AND p.acting_state = ? AND p.receiving_state = ? AND p.unit = ? AND " + pwhere + " AND " + public
		args := append(append(append([]any{}, sargs...), pargs...), pargs...)
		if s.dialect == DialectPostgres {
			q = "SELECT DISTINCT " + subjectSelect + " FROM figures p CROSS JOIN LATERAL (SELECT " + subjectSelect +
				" FROM figures f WHERE (f.subgroup_of = p.key OR f.share_of = p.key) AND " + public + " OFFSET 0) f" +
				" WHERE p.metric = ? AND p.population = ? AND p.acting_state = ? AND p.receiving_state = ? AND p.unit = ? AND " + pwhere
			args = append(append(append([]any{}, pargs...), sargs...), pargs...)
		}
		if err := scanSubjects(q, args...); err != nil {
			return nil, nil, err
		}
		for _, e := range formulaEdges {
			if e.of == sj {
				add(e.by)
			}
		}
	}
	if len(out) > bulkCountSubjects {
		return nil, nil, nil
	}
	return out, recount, nil
}

// subjectSelect are the columns of a figure's subject (checks.SubjectOf),
// in the order subjectDest scans them.
const subjectSelect = "f.metric, f.population, f.acting_state, f.receiving_state, f.unit"

// subjectDest is where a row's subjectSelect columns are scanned to,
// after the destinations before them and before those after.
func subjectDest(sj *checks.Subject, before []any, after ...any) []any {
	return append(append(before, &sj.Metric, &sj.Population, &sj.ActingState, &sj.ReceivingState, &sj.Unit), after...)
}

func compareSubjects(a, b checks.Subject) int {
	for _, c := range [][2]string{{a.Metric, b.Metric}, {a.Population, b.Population}, {a.ActingState, b.ActingState}, {a.ReceivingState, b.ReceivingState}, {a.Unit, b.Unit}} {
		if c[0] != c[1] {
			if c[0] < c[1] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// countSubjects counts d.Subjects again (checks.Counting, as export.Count
// does for every subject), reading the Links of the figures outside them
// that chains reach from figure_counts, and fills d.
func (s *Store) countSubjects(tx *gorm.DB, d *CountsDelta) error {
	in := map[checks.Subject]bool{} // the subjects counted from their figures
	for _, sj := range d.Subjects {
		in[sj] = d.recount[sj]
	}
	bySubject := make([][]models.Figure, len(d.Subjects))
	own := map[string]bool{}         // the keys of the figures counted
	names := map[string]bool{}       // the keys they name
	formulaRefs := map[string]bool{} // the keys their formulas name
	// The grouped figures of the other subjects counted where another
	// figure is (points_to), as stored.
	type pointed struct {
		id               int64
		key, to          string
		countable        bool
		group, countedIn *string
	}
	var again []pointed
	for i, sj := range d.Subjects {
		f := models.FigureFilter{Metrics: []string{sj.Metric}, Populations: []string{sj.Population},
			ActingStates: []string{sj.ActingState}, ReceivingStates: []string{sj.ReceivingState}, Units: []string{sj.Unit}}
		if !in[sj] {
			where, args := s.filterSQL(f)
			rows, err := tx.Raw("SELECT f.id, f.key, c.countable, c.grp, c.counted_in, c.points_to FROM figures f JOIN figure_counts c ON c.figure_id = f.id WHERE c.points_to IS NOT NULL AND "+where, args...).Rows()
			if err != nil {
				return err
			}
			for rows.Next() {
				var p pointed
				if err := rows.Scan(&p.id, &p.key, &p.countable, &p.group, &p.countedIn, &p.to); err != nil {
					rows.Close()
					return err
				}
				again = append(again, p)
				if p.to != "" {
					names[p.to] = true
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			continue
		}
		// Every figure of the subject, for Touched; the public ones are
		// counted.
		all := f
		all.Statuses = []models.Status{models.StatusDraft, models.StatusPublished, models.StatusRetracted}
		all.Audience = models.AudienceEditors
		where, args := s.filterSQL(all)
		rows, err := tx.Raw("SELECT f.id FROM figures f WHERE "+where, args...).Rows()
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			d.Touched[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		where, args = s.filterSQL(f)
		rows, err = tx.Raw("SELECT "+countingColumns+" FROM figures f WHERE "+where+" ORDER BY f.key", args...).Rows()
		if err != nil {
			return err
		}
		sc := newCountingScanner()
		for rows.Next() {
			if err := sc.scan(rows); err != nil {
				rows.Close()
				return err
			}
			fig := sc.f
			if checks.SubjectOf(fig) != sj {
				continue // a column compared otherwise than in Go (none is expected)
			}
			bySubject[i] = append(bySubject[i], fig)
			own[fig.Key] = true
			for _, k := range []string{fig.SubgroupOf, fig.ShareOf} {
				if k != "" {
					names[k] = true
				}
			}
			if fig.Formula != "" {
				if expr, err := models.ParseFormula(fig.Formula); err == nil {
					for _, k := range expr.Refs() {
						formulaRefs[k] = true
						names[k] = true
					}
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	public, pargs := s.filterSQL(models.FigureFilter{})
	c := checks.NewCountingLinks(func(f checks.FigureRef, n checks.Count, l checks.Link) {
		d.Rows[f.ID] = countsRow(f, n, l)
	})
	// The formulas' inputs among the public figures (FormulaInputs).
	for chunk := range slices.Chunk(slices.Sorted(maps.Keys(formulaRefs)), 500) {
		rows, err := tx.Raw("SELECT f.key, f.metric, f.status FROM figures f WHERE f.key IN ? AND "+public+" ORDER BY f.key", append([]any{chunk}, pargs...)...).Rows()
		if err != nil {
			return err
		}
		for rows.Next() {
			var k, metric, status string
			if err := rows.Scan(&k, &metric, &status); err != nil {
				rows.Close()
				return err
			}
			c.Input(k, metric, models.Status(status))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for k := range own {
		c.Target(k)
	}
	// The Links of the figures outside the subjects that the chains from
	// them pass through, as stored: each step is named by the figure
	// before it, or by its group (points_to).
	seen := map[string]bool{}
	next := slices.Sorted(maps.Keys(names))
	for len(next) > 0 {
		var more []string
		for chunk := range slices.Chunk(next, 500) {
			var ask []string
			for _, k := range chunk {
				if !seen[k] && !own[k] {
					seen[k] = true
					ask = append(ask, k)
				}
			}
			if len(ask) == 0 {
				continue
			}
			rows, err := tx.Raw("SELECT f.key, "+subjectSelect+", f.status, c.figure_id, c.grp, c.points_to FROM figures f LEFT JOIN figure_counts c ON c.figure_id = f.id WHERE f.key IN ?", ask).Rows()
			if err != nil {
				return err
			}
			for rows.Next() {
				var k, status string
				var sj checks.Subject
				var stored *int64
				var grp, to *string
				if err := rows.Scan(subjectDest(&sj, []any{&k}, &status, &stored, &grp, &to)...); err != nil {
					rows.Close()
					return err
				}
				if in[sj] {
					continue // counted again here
				}
				if stored == nil {
					if models.Status(status) == models.StatusRetracted {
						// In no group, and what names it is counted
						// nowhere, as Subject says of it (a draft is no
						// public figure: Subject never sees one).
						c.Linked(k, checks.Link{})
					}
					continue
				}
				l := checks.Link{Group: k, Pointed: to != nil}
				if grp != nil {
					l.Group = *grp
				}
				if to != nil {
					l.Next = *to
					if *to != "" {
						more = append(more, *to)
					}
				}
				c.Linked(k, l)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		slices.Sort(more)
		next = slices.Compact(more)
	}
	for _, figs := range bySubject {
		if len(figs) > 0 {
			c.Subject(figs)
		}
	}
	// Stored countable, group and points_to; counted_in as the chain
	// now ends. Only the rows that change are written.
	for _, p := range again {
		in := c.Resolve(p.to)
		was := p.key // NULL: the figure's own key
		if p.countedIn != nil {
			was = *p.countedIn
		}
		if in == was {
			continue
		}
		r := CountsRow{ID: p.id, Countable: p.countable, Group: p.group, CountedIn: &in, PointsTo: &p.to}
		d.Touched[p.id] = true
		d.Rows[p.id] = r
	}
	c.Finish()
	return nil
}

// countsRow is one answer as figure_counts keeps it: group and counted_in
// nil when they are the figure's own key, points_to nil when its group is
// counted in none.
func countsRow(f checks.FigureRef, n checks.Count, l checks.Link) CountsRow {
	r := CountsRow{ID: f.ID, Countable: n.Countable}
	name := func(k string) *string {
		if k == f.Key {
			return nil
		}
		return &k
	}
	// counted_in written out even when it is the figure's own key (a
	// derived figure restating itself): the column holds no NULL.
	r.Group, r.CountedIn = name(n.Group), &n.CountedIn
	if l.Pointed {
		r.PointsTo = &l.Next
	}
	return r
}

// SaveCountsDelta stores what CountsDelta worked out, in one short
// transaction, if the stored answer is still the one it was worked out
// from (else another brought it up to date meanwhile: false). Written
// figures noted after it keep their notes: the answer is stored as of
// its version, and the next delta counts their subjects.
func (s *Store) SaveCountsDelta(ctx context.Context, u models.CountsUpdate) (bool, error) {
	d, ok := u.(*CountsDelta)
	if !ok || d == nil {
		return false, nil
	}
	saved := false
	err := s.writeTx(ctx, false, func(tx *gorm.DB) error {
		st, err := lockCountsState(tx, s.dialect)
		if err != nil {
			return err
		}
		if st.filler != "" || st.version != d.Base {
			return nil
		}
		ids := slices.Sorted(maps.Keys(d.Touched))
		for chunk := range slices.Chunk(ids, 500) {
			if err := tx.Exec("DELETE FROM figure_counts WHERE figure_id IN ?", chunk).Error; err != nil {
				return err
			}
		}
		rows := slices.SortedFunc(maps.Values(d.Rows), func(a, b CountsRow) int { return int(a.ID - b.ID) })
		if err := s.insertCounts(tx, len(rows), func(i int) CountsRow { return rows[i] }); err != nil {
			return err
		}
		if err := dropNotes(tx, d.notes); err != nil {
			return err
		}
		saved = true
		return setCountsState(tx, d.Version, "")
	})
	if err != nil {
		return false, wrap(err, "store the countable columns brought up to date")
	}
	return saved, nil
}
