package export

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"forcedreturns/internal/checks"
	"forcedreturns/models"
)

// Whether a figure may be added up (the countable, group and counted_in
// columns) depends on the other figures of its subject: its parts, the
// total it lies in, the other reports of its event. So every export reads
// the figures twice: a first pass keeps, of each figure, only what
// checks.Counting looks at (key, subject, period, kind, quantity,
// status, subgroup_of, share_of, formula, source) in a compact record with shared
// strings, and the second writes the rows with its answer. Quotes, notes
// and sources are never held. The records are then counted one subject at
// a time (checks.Counting), so only one subject's models.Figure values and
// groups exist at once: measured on 200,000 figures the process peaks near
// 130 MB, about 450 bytes per figure, of which only the answer, about 85
// bytes per figure, is kept while the rows are written. The countability
// describes the exported figures: a filtered export is counted among
// itself, and a figure changed between the two passes is written with what
// the first pass saw of it (or, if it is new, as not countable, in no
// group).
//
// The callers that hold a store (the export command, the dashboard's
// downloads) skip that first pass: Count reads from the store only the
// columns counting looks at, ordered by subject, so that it holds one
// subject's figures at a time and never a record of every figure, and
// Write then reads the rows once. countFigures remains for an
// Iterator alone (Write with nil counts).

// Counts is checks.Counting's answer for the figures of one export: what
// fills the countable, group and counted_in columns. A figure absent from
// it is not countable and in no group. Count's answer holds about 16
// bytes a figure (its id and the answer packed, see idCounts); the first
// pass over an Iterator keeps it by key (keyCounts).
type Counts interface {
	of(v *models.FigureView) checks.Count
	// Len is how many figures have an answer: those in a group.
	Len() int
}

// orCount returns c, or if c is nil, the counts of a first pass over it.
func orCount(c Counts, it Iterator) (Counts, error) {
	if c != nil {
		return c, nil
	}
	return countFigures(it)
}

// keyCounts is a Counts by figure key.
type keyCounts map[string]checks.Count

func (c keyCounts) of(v *models.FigureView) checks.Count { return c[v.Figure.Key] }

func (c keyCounts) Len() int { return len(c) }

// idCounts is a Counts by figure id, for figures read from a store (whose
// ids the rows carry): an answer is 8 bytes beside its id, the keys it
// names (a group other than the figure's own, a counted_in) once each in
// keys. The keys are what made an answer by key large: a million figures
// kept 150 MB of them, where these take 16 MB.
type idCounts struct {
	rows []idAnswer // by id
	keys []string   // the keys the answers name: reference i+refKeys is keys[i]
}

// idAnswer is one figure's answer: group and counted_in as references
// (refNone, refSelf, or refKeys and up into idCounts.keys), 31 bits each,
// and countableBit.
type idAnswer struct {
	id  int64
	ans uint64
	// next is where the figure's group is counted (checks.Link, stored
	// for the updates subject by subject): 0 when it is not pointed, else
	// a reference plus one.
	next uint32
}

// The references an answer packs: the empty string, the figure's own key,
// or one of idCounts.keys.
const (
	refNone = iota
	refSelf
	refKeys
)

// countableBit marks a countable answer; group and counted_in take 31 bits each.
const countableBit = 1 << 63

func (c *idCounts) Len() int { return len(c.rows) }

func (c *idCounts) of(v *models.FigureView) checks.Count {
	f := &v.Figure
	i, ok := slices.BinarySearchFunc(c.rows, f.ID, func(r idAnswer, id int64) int { return cmp.Compare(r.id, id) })
	if !ok {
		return checks.Count{}
	}
	_, countable, group, countedIn, _ := c.row(i)
	name := func(k *string) string {
		if k == nil {
			return f.Key
		}
		return *k
	}
	return checks.Count{Countable: countable, Group: name(group), CountedIn: name(countedIn)}
}

// idCountsBuilder collects the answers of a checks.Counting as they come
// (add), in any order, and sorts them once, in place (done).
type idCountsBuilder struct {
	c    idCounts
	refs map[string]uint64
}

func (b *idCountsBuilder) add(f checks.FigureRef, n checks.Count, l checks.Link) {
	ref := func(k string) uint64 {
		switch k {
		case "":
			return refNone
		case f.Key:
			return refSelf
		}
		r, ok := b.refs[k]
		if !ok {
			r = uint64(len(b.c.keys)) + refKeys
			b.refs[k] = r
			b.c.keys = append(b.c.keys, k)
		}
		return r
	}
	// counted_in never refSelf: the store's column holds no NULL, and a
	// derived figure restating itself is counted in itself.
	self := f.Key
	f.Key = ""
	in := ref(n.CountedIn)
	f.Key = self
	a := ref(n.Group) | in<<31
	if n.Countable {
		a |= countableBit
	}
	var next uint32
	if l.Pointed {
		// Never refSelf: a stored points_to names its key.
		f.Key = ""
		next = uint32(ref(l.Next)) + 1
		f.Key = self
	}
	b.c.rows = append(b.c.rows, idAnswer{f.ID, a, next})
}

func (b *idCountsBuilder) done() (*idCounts, error) {
	if len(b.c.keys) >= 1<<31-refKeys {
		return nil, fmt.Errorf("count figures: %d keys named by groups, more than an answer packs", len(b.c.keys))
	}
	rows := b.c.rows
	slices.SortFunc(rows, func(x, y idAnswer) int { return cmp.Compare(x.id, y.id) })
	for i := 1; i < len(rows); i++ {
		if rows[i].id == rows[i-1].id {
			return nil, fmt.Errorf("count figures: figure id %d counted twice", rows[i].id)
		}
	}
	b.refs = nil
	return &b.c, nil
}

// SpareReader is a CountSource that can lend a read connection for a read
// beside another (store.SpareRead): one fewer than its pool at most, so
// that readers holding one connection while they wait for another never
// take them all.
type SpareReader interface {
	SpareRead() (release func(), ok bool)
}

// spareRead lends a read connection of src, if it is a SpareReader and
// has one to spare.
func spareRead(src any) (release func(), ok bool) {
	if r, is := src.(SpareReader); is {
		return r.SpareRead()
	}
	return func() {}, false
}

// CountSource reads an export's figures narrowly, for Count: the store's
// FormulaInputs, CountingTargets and EachFigureBySubject.
type CountSource interface {
	FormulaInputs(ctx context.Context, f models.FigureFilter) ([]models.Figure, error)
	CountingTargets(ctx context.Context, f models.FigureFilter) ([]string, error)
	EachFigureBySubject(ctx context.Context, f models.FigureFilter, fn func(*models.Figure) error) error
}

// Count works out the countable columns of the figures filter matches, for
// Write with an Iterator over the same filter. It reads from src only the
// columns counting looks at, one subject after another, and holds one
// subject's figures at a time, what a later subject may need of the
// figures that subgroups, shares and formulas name, and the answer by
// figure id (idCounts, about 16 bytes a figure): much less than
// countFigures, which has to keep a record of every figure because an
// Iterator comes in the export's order.
func Count(ctx context.Context, src CountSource, filter models.FigureFilter) (Counts, error) {
	// What counting needs before the first subject (the keys formulas,
	// subgroups and shares name) is read beside the figures when the
	// store can spare a connection for it (SpareReader): the figures'
	// read (on SQLite their sort by subject, half a second for 125,000
	// figures at a million) then no longer waits for it, nor it for them.
	type first struct {
		inputs  []models.Figure
		targets []string
		err     error
	}
	readFirst := func(ctx context.Context) (p first) {
		if p.inputs, p.err = src.FormulaInputs(ctx, filter); p.err == nil {
			p.targets, p.err = src.CountingTargets(ctx, filter)
		}
		return p
	}
	ready := make(chan first, 1)
	release, beside := spareRead(src)
	defer release()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if beside {
		go func() { ready <- readFirst(ctx) }()
	} else {
		p := readFirst(ctx)
		if p.err != nil {
			return nil, p.err
		}
		ready <- p
	}
	b := idCountsBuilder{refs: map[string]uint64{}}
	c := checks.NewCountingLinks(b.add)
	var firstErr error
	// The figures are read on this goroutine and counted, a subject at a
	// time, on another, so that reading and counting overlap on two
	// cores; at most two subjects are held besides the one being counted.
	subjects := make(chan []models.Figure, 1)
	free := make(chan []models.Figure, 2) // counted subjects' slices, for reuse
	counted := make(chan struct{})
	go func() {
		defer close(counted)
		p := <-ready
		if p.err != nil {
			// The figures' read stops (cancelled); what it sends meanwhile
			// is dropped.
			firstErr = p.err
			cancel()
			for range subjects {
			}
			return
		}
		for _, f := range p.inputs {
			c.Input(f.Key, f.Metric, f.Status)
		}
		for _, k := range p.targets {
			c.Target(k)
		}
		for same := range subjects {
			c.Subject(same)
			select {
			case free <- same[:0]:
			default:
			}
		}
	}()
	var (
		same []models.Figure
		cur  checks.Subject
		done = map[checks.Subject]bool{}
	)
	flush := func() {
		if len(same) > 0 {
			subjects <- same
			done[cur] = true
			select {
			case same = <-free:
			default:
				same = nil
			}
		}
	}
	err := src.EachFigureBySubject(ctx, filter, func(f *models.Figure) error {
		if s := checks.SubjectOf(*f); s != cur || len(same) == 0 {
			flush()
			if done[s] {
				// Counting the rest of a subject apart would count it wrong.
				return fmt.Errorf("count figures: %s came after another subject's figures; expected them ordered by subject", f.Key)
			}
			cur = s
		}
		same = append(same, *f)
		return nil
	})
	if err == nil {
		flush()
	}
	close(subjects)
	<-counted
	if firstErr != nil {
		return nil, firstErr
	}
	if err != nil {
		return nil, err
	}
	c.Finish()
	ids, err := b.done()
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// slimFigure is what the first pass keeps of a figure: the strings that
// repeat (source, qualifier, kind, status, precision) as indexes in the
// pass's table of them, the dates packed.
type slimFigure struct {
	key, subgroupOf, shareOf, formula string
	value, low, high                  int64
	start, end                        slimDate
	source, qualifier, kind, status   uint32
	prec, endPrec                     uint32 // the precisions of the period's start and end
	subject                           int32  // index in the pass's subjects
	derived                           bool
}

// slimDate is a models.Date in 8 bytes; stored dates have four-digit years.
type slimDate struct {
	year       int32
	month, day int16
}

func packDate(d models.Date) slimDate {
	return slimDate{int32(d.Year), int16(d.Month), int16(d.Day)}
}

func (d slimDate) date() models.Date {
	return models.Date{Year: int(d.year), Month: time.Month(d.month), Day: int(d.day)}
}

// slimChunk is how many records are allocated together, so that the
// records never move (a growing slice would briefly hold two copies).
const slimChunk = 4096

// countFigures reads it once and returns checks.Counting's answer for its
// figures, holding them as slimFigure records and counting them one
// subject at a time.
func countFigures(it Iterator) (keyCounts, error) {
	var (
		chunks   [][]slimFigure
		n        int
		subjects []checks.Subject
		sizes    []int
		table    []string            // the repeated strings, by index
		refs     = map[string]bool{} // keys a formula refers to
		targets  = map[string]bool{} // keys a subgroup_of or share_of names
	)
	at := map[checks.Subject]int32{}
	strs := map[string]string{}
	intern := func(s string) string {
		if v, ok := strs[s]; ok {
			return v
		}
		strs[s] = s
		return s
	}
	codes := map[string]uint32{}
	code := func(s string) uint32 {
		if c, ok := codes[s]; ok {
			return c
		}
		c := uint32(len(table))
		codes[s] = c
		table = append(table, s)
		return c
	}
	err := it(func(v *models.FigureView) error {
		f := &v.Figure
		s := checks.SubjectOf(*f)
		s.Metric, s.Population, s.ActingState, s.ReceivingState, s.Unit = intern(s.Metric), intern(s.Population),
			intern(s.ActingState), intern(s.ReceivingState), intern(s.Unit)
		i, ok := at[s]
		if !ok {
			i = int32(len(subjects))
			at[s] = i
			subjects = append(subjects, s)
			sizes = append(sizes, 0)
		}
		sizes[i]++
		for _, k := range []string{f.SubgroupOf, f.ShareOf} {
			if k != "" {
				targets[k] = true
			}
		}
		if f.Formula != "" {
			if expr, err := models.ParseFormula(f.Formula); err == nil {
				for _, k := range expr.Refs() {
					refs[k] = true
				}
			}
		}
		if n%slimChunk == 0 {
			chunks = append(chunks, make([]slimFigure, 0, slimChunk))
		}
		last := &chunks[len(chunks)-1]
		*last = append(*last, slimFigure{
			key: f.Key, subgroupOf: f.SubgroupOf, shareOf: f.ShareOf, formula: f.Formula,
			value: f.Value, low: f.ValueLow, high: f.ValueHigh,
			start: packDate(f.Period.Start), end: packDate(f.Period.End),
			source: code(f.Source), qualifier: code(string(f.Qualifier)), kind: code(string(f.Kind)),
			status: code(string(f.Status)), prec: code(string(f.Period.Precision)), endPrec: code(string(f.Period.PrecisionOfEnd())),
			subject: i, derived: f.Derived,
		})
		n++
		return nil
	})
	if err != nil {
		return nil, err
	}
	strs, at, codes = nil, nil, nil
	fig := func(i int32) *slimFigure { return &chunks[i/slimChunk][i%slimChunk] }
	out := make(keyCounts, n)
	c := checks.NewCountingTo(func(f checks.FigureRef, n checks.Count) { out[f.Key] = n })
	for i := range int32(n) {
		if f := fig(i); refs[f.key] {
			c.Input(f.key, subjects[f.subject].Metric, models.Status(table[f.status]))
		}
	}
	for k := range targets {
		c.Target(k)
	}
	refs, targets = nil, nil
	// The figures of each subject, in the order they came, found by a
	// counting sort.
	start := make([]int, len(subjects)+1)
	for i, k := range sizes {
		start[i+1] = start[i] + k
	}
	order := make([]int32, n)
	next := append([]int(nil), start[:len(subjects)]...)
	for i := range int32(n) {
		s := fig(i).subject
		order[next[s]] = i
		next[s]++
	}
	var same []models.Figure
	for s, subj := range subjects {
		same = same[:0]
		for _, i := range order[start[s]:start[s+1]] {
			f := fig(i)
			same = append(same, models.Figure{
				Key: f.key, Metric: subj.Metric, Qualifier: models.Qualifier(table[f.qualifier]),
				Value: f.value, ValueLow: f.low, ValueHigh: f.high,
				Period: models.Period{Start: f.start.date(), End: f.end.date(),
					Precision: models.Precision(table[f.prec]), EndPrecision: models.Precision(table[f.endPrec])},
				Kind: models.QuantityKind(table[f.kind]), Population: subj.Population,
				ActingState: subj.ActingState, ReceivingState: subj.ReceivingState, Unit: subj.Unit,
				SubgroupOf: f.subgroupOf, ShareOf: f.shareOf, Derived: f.derived, Formula: f.formula,
				Source: table[f.source], Status: models.Status(table[f.status]),
			})
		}
		c.Subject(same)
	}
	c.Finish()
	return out, nil
}

// countCells returns the countable, group and counted_in cells of the
// figure with key (neither countable nor grouped if the first pass did not
// see it).
func countCells(counts Counts, v *models.FigureView) (string, string, string) {
	c := counts.of(v)
	countable := "false"
	if c.Countable {
		countable = "true"
	}
	return countable, c.Group, c.CountedIn
}
