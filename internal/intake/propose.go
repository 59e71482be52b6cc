package intake

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// maxQuoteRunes is the longest quote a figure may hold (models.Figure's
// quote field); a longer sentence is quoted in part, around the number.
const maxQuoteRunes = 2000

// candidate is a proposal in the making, with what later steps need.
type candidate struct {
	p          Proposal
	sent       int // index of the sentence
	para       int
	first      int  // token of the number
	last       int  // its last token
	headline   bool // its sentence is a title: no closing punctuation
	explicitP  bool
	periodText string
	subParent  int // index of the parent candidate, -1 when none
	qualSet    bool
	merged     bool
	ownMetric  string // the metric its own words gave, "" when inherited
	fromText   bool   // its period comes from the text (its sentence, its paragraph, its whole)
	into       int    // the candidate a merged one is proposed as
}

// docContext is what the whole report says that a sentence may leave out.
type docContext struct {
	population string // the people the report is about ("North Koreans")
	popState   string // their state
	acting     string // the state the report most names besides theirs
}

// Propose reads a report's text and proposes the figures it states, each
// tied to its sentence, in the order of the text. src is the report's
// source: its Key, publication date (and precision) and Language are used
// (the lexicon is the language's, English when there is none for it);
// its Publisher is the fallback for reported_by. It never fails: a text
// without figures gives none.
func Propose(text string, src models.Source, opts Options) []Proposal {
	lx, _ := LexiconFor(src.Language)
	pub := src.Published()
	if src.PublishedOn.IsZero() {
		pub = models.PartialDate{}
	}
	known := map[string]bool{}
	for _, m := range opts.Metrics {
		known[m.Slug] = true
	}
	sents := Sentences(text)
	toks := make([][]token, len(sents))
	for i, s := range sents {
		toks[i] = tokenize(text, s.Start, s.End)
	}
	ctx := lx.context(toks)
	var cands []candidate
	var lastPeriod periodPhrase // the last period phrase of the paragraph so far
	lastPara := -1
	for si, s := range sents {
		if s.Paragraph != lastPara {
			lastPeriod, lastPara = periodPhrase{}, s.Paragraph
		}
		ts := toks[si]
		phrases := lx.periods(text, ts, pub)
		nums := lx.numbers(text, ts, phrases)
		var here []int // indexes in cands of this sentence's candidates
		for ni := range nums {
			var before *candidate
			if len(here) > 0 {
				before = &cands[here[len(here)-1]]
			}
			var earlier *candidate
			if len(cands) > 0 && cands[len(cands)-1].sent < si {
				earlier = &cands[len(cands)-1]
			}
			c, ok := lx.candidate(text, s, ts, nums, ni, phrases, pub, ctx, src.Key, before, earlier)
			if !ok {
				continue
			}
			c.sent, c.para = si, s.Paragraph
			c.subParent = -1
			lastRune, _ := utf8.DecodeLastRuneInString(text[s.Start:s.End])
			c.headline = !strings.ContainsRune(".!?…\"'’”)", lastRune)
			cands = append(cands, c)
			here = append(here, len(cands)-1)
			if c2, ok := lx.alsoCounted(ts, c, phrases, pub); ok {
				cands = append(cands, c2)
				here = append(here, len(cands)-1)
			}
		}
		lx.subgroups(cands, here, ts, si)
		for _, ci := range here {
			c := &cands[ci]
			if !c.explicitP && c.subParent < 0 && lastPeriod.written != "" && c.p.Figure.Kind != models.Stock {
				c.p.Figure.Period = lastPeriod.period
				c.periodText, c.fromText = lastPeriod.written, true
				c.p.setGuess("period", periodValue(lastPeriod.period), lastWhy(lastPeriod))
				if lastPeriod.since && c.p.Figure.Kind == models.Flow {
					c.p.Figure.Kind = models.Cumulative
				}
			}
		}
		if len(phrases) > 0 {
			lastPeriod = phrases[len(phrases)-1]
		}
	}
	inheritSubgroups(cands)
	contextPeriods(cands)
	mergeRestatements(cands)
	mergeHeadlines(cands)
	fillReporters(cands, src)
	var out []Proposal
	seen := map[string]int{}
	for i := range cands {
		c := &cands[i]
		if c.merged {
			continue
		}
		if c.p.Figure.Metric != "" && len(known) > 0 && !known[c.p.Figure.Metric] {
			c.p.setGuess("metric", c.p.Figure.Metric, noSuchMetric(mustGuess(c.p, "metric").why))
		}
		// Keys stay unique even for two identical sentences.
		if n := seen[c.p.Fingerprint]; n > 0 {
			c.p.Fingerprint = Fingerprint(c.p.Figure.Quote, c.p.Written, 1000*n)
		}
		seen[c.p.Fingerprint]++
		c.p.ID = "p-" + c.p.Fingerprint[:12]
		c.p.Figure.Key = figureKey(src.Key, c.p.Fingerprint)
		out = append(out, c.p)
	}
	// Ids are known only now: subgroup_of and restates point at them.
	ids := map[int]string{}
	keys := map[int]string{}
	j := 0
	for i := range cands {
		if !cands[i].merged {
			ids[i], keys[i] = out[j].ID, out[j].Figure.Key
			j++
		}
	}
	restates := map[int][]string{}
	for k := range cands {
		if cands[k].merged {
			r := root(cands, k)
			restates[r] = append(restates[r], "p-"+cands[k].p.Fingerprint[:12])
		}
	}
	j = 0
	for i := range cands {
		c := &cands[i]
		if c.merged {
			continue
		}
		p := &out[j]
		j++
		if c.subParent >= 0 {
			par := root(cands, c.subParent)
			p.Figure.SubgroupOf = keys[par]
			p.setGuess("subgroup_of", keys[par], mustGuess(*p, "subgroup_of").why)
		}
		p.Restates = restates[i]
		p.Figure.Notes = "Proposed by intake (fingerprint " + p.Fingerprint[:16] + "): every field but the quote is a guess to review."
		p.Problems = problemsOf(p.Figure)
	}
	return out
}

// alsoCounted proposes the people of a figure again when its sentence
// counts them by another metric: "detained 36 … and deported them this
// week" is 36 apprehended and 36 forcibly returned, each with its own
// period.
func (lx *Lexicon) alsoCounted(ts []token, c candidate, phrases []periodPhrase, pub models.PartialDate) (candidate, bool) {
	for k := c.last + 1; k+2 < len(ts); k++ {
		if inPeriod(phrases, k) {
			continue
		}
		if ts[k].kind == tNum || ts[k].text == ";" {
			return candidate{}, false
		}
		if !contains(lx.Ands, ts[k].low) {
			continue
		}
		cue, n := lx.cueAt(ts, k+1)
		if n == 0 || cue.Means.Slug == c.p.Figure.Metric || k+1+n >= len(ts) || ts[k+1+n].low != "them" {
			continue
		}
		c2 := c
		c2.p.Guesses = append([]Guess(nil), c.p.Guesses...)
		f := &c2.p.Figure
		f.Metric = cue.Means.Slug
		c2.ownMetric = f.Metric
		words := joinTokens(ts, k, k+n+1)
		c2.p.setGuess("metric", f.Metric, func(l models.Lang) string { return i18n.T(l, "why.other_metric", "Words", words) })
		f.Kind = models.Flow
		if cue.Means.Kind == models.Stock {
			f.Kind = models.Stock
		}
		c2.p.setGuess("quantity_kind", string(f.Kind), quotedWhy(words))
		for _, ph := range phrases {
			if ph.first > k+n {
				f.Period = ph.period
				c2.explicitP, c2.fromText, c2.periodText = true, true, ph.written
				c2.p.setGuess("period", periodValue(ph.period), fromAfter(ph, words))
				break
			}
		}
		c2.p.Fingerprint = Fingerprint(f.Quote, c.p.Written+"\x00"+f.Metric, 0)
		return c2, true
	}
	return candidate{}, false
}

// root follows merges to the candidate a merged one was proposed as.
func root(cands []candidate, i int) int {
	for n := 0; cands[i].merged && n < len(cands); n++ {
		i = cands[i].into
	}
	return i
}

func mustGuess(p Proposal, field string) Guess {
	g, _ := p.Guess(field)
	return g
}

// setGuess replaces the guess for field, or adds it.
func (p *Proposal) setGuess(field, value string, reason why) {
	for i := range p.Guesses {
		if p.Guesses[i].Field == field {
			p.Guesses[i] = Guess{Field: field, Value: value, Reason: reason.in(models.English), why: reason}
			return
		}
	}
	p.guess(field, value, reason)
}

// dropGuess removes the guess for field.
func (p *Proposal) dropGuess(field string) {
	out := p.Guesses[:0]
	for _, g := range p.Guesses {
		if g.Field != field {
			out = append(out, g)
		}
	}
	p.Guesses = out
}

// problemsOf lists what Validate says of a draft, field by field.
func problemsOf(f models.Figure) []models.FieldError {
	g := f
	g.Normalize()
	err := g.Validate()
	if err == nil {
		return nil
	}
	var me *models.Error
	if errors.As(err, &me) && len(me.Fields) > 0 {
		return me.Fields
	}
	return []models.FieldError{{Message: err.Error()}}
}

// periodValue writes a period as the import format's start and end.
func periodValue(p models.Period) string {
	if p.Start == p.End && !p.Mixed() || p.StartText() == p.EndText() {
		return p.StartText()
	}
	return p.StartText() + " to " + p.EndText()
}

// context reads what the whole report says: the population it is most
// about and the state it most names besides theirs.
func (lx *Lexicon) context(all [][]token) docContext {
	pops := map[string]int{}
	popWritten := map[string]string{}
	states := map[string]int{}
	for _, ts := range all {
		for i := 0; i < len(ts); i++ {
			if d, n := lx.demonymAt(ts, i); n > 0 {
				key := strings.ToLower(d)
				if _, adjective := lx.Countries[key]; adjective {
					// "Chinese custody": the word names the state's
					// things as often as its people
					i += n - 1
					continue
				}
				pops[key]++
				popWritten[key] = d
				i += n - 1
				continue
			}
			if code, n := lx.countryAt(ts, i); n > 0 {
				states[code]++
				i += n - 1
			}
		}
	}
	var c docContext
	best := 0
	for k, n := range pops {
		if n > best || n == best && k < strings.ToLower(c.population) {
			best, c.population = n, popWritten[k]
		}
	}
	if c.population != "" {
		c.popState = lx.Demonyms[strings.ToLower(c.population)]
	}
	best = 0
	for code, n := range states {
		if code == c.popState {
			continue
		}
		if n > best || n == best && code < c.acting {
			best, c.acting = n, code
		}
	}
	return c
}

// demonymAt reads a plural demonym at token i ("North Koreans"), as written.
func (lx *Lexicon) demonymAt(ts []token, i int) (string, int) {
	if _, n := lx.namedAt(ts, i, lx.Demonyms); n > 0 {
		return strings.Join(strings.Fields(joinTokens(ts, i, i+n-1)), " "), n
	}
	return "", 0
}

// countryAt reads a state's name, adjective or capital at token i.
func (lx *Lexicon) countryAt(ts []token, i int) (string, int) {
	return lx.namedAt(ts, i, lx.Countries)
}

// namedAt reads the longest entry of table (up to three words, the first
// capitalised) at token i: its state code and its length in tokens.
func (lx *Lexicon) namedAt(ts []token, i int, table map[string]string) (string, int) {
	if i >= len(ts) || ts[i].kind != tWord || !unicode.IsUpper(firstRune(ts[i].text)) || !lx.periodLists().firstWords[ts[i].low] {
		return "", 0
	}
	for n := 3; n >= 1; n-- {
		if i+n > len(ts) {
			continue
		}
		key := ts[i].low
		for k := i + 1; k < i+n; k++ {
			key += " " + ts[k].low
		}
		if code, ok := table[key]; ok {
			return code, n
		}
	}
	return "", 0
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// joinTokens writes tokens a..b with single spaces where the text had
// space.
func joinTokens(ts []token, a, b int) string {
	if a > b {
		return ""
	}
	return ts[a].text + spanText(ts, a, b)
}

// spanText rebuilds the text after token a up to token b.
func spanText(ts []token, a, b int) string {
	var sb strings.Builder
	for k := a + 1; k <= b; k++ {
		if ts[k].start > ts[k-1].end {
			sb.WriteByte(' ')
		}
		sb.WriteString(ts[k].text)
	}
	return sb.String()
}

// inPeriod reports whether token i is part of a period phrase.
func inPeriod(phrases []periodPhrase, i int) bool {
	for _, p := range phrases {
		if i >= p.first && i <= p.last {
			return true
		}
	}
	return false
}

// numbers finds the quantities of a sentence outside its period phrases,
// ranges read as one.
func (lx *Lexicon) numbers(text string, ts []token, phrases []periodPhrase) []number {
	var out []number
	for i := 0; i < len(ts); i++ {
		if inPeriod(phrases, i) {
			continue
		}
		nb, ok := lx.numberAt(text, ts, i)
		if !ok {
			continue
		}
		// A range: "between 30 and 40", "30 to 40", "30-40".
		if nb.q == models.QualExact && !nb.article {
			opener := i > 0 && contains(lx.RangeOpener, ts[i-1].low)
			j := nb.last + 1
			if j < len(ts) {
				joins := lx.RangeJoins
				if !opener {
					joins = []string{"to", "-", "–", "—"}
				}
				if k := anyWords(ts, j, joins); k > 0 && j+k < len(ts) && !inPeriod(phrases, j+k) {
					if nb2, ok := lx.numberAt(text, ts, j+k); ok && nb2.q == models.QualExact && !nb2.article && nb2.value > nb.value {
						first := i
						if opener {
							first = i - 1
						}
						nb = number{first: first, last: nb2.last, q: models.QualRange, low: nb.value, high: nb2.value, reason: rangeWhy(ts[j].text)}
					}
				}
			}
		}
		out = append(out, nb)
		i = nb.last
	}
	return out
}

// peopleAt looks for the people a number counts in the tokens after it
// (skipping "of", "the", adjectives): the noun phrase as written, its
// last token, and whether its head names no one in particular.
func (lx *Lexicon) peopleAt(ts []token, from int) (np string, head string, end int, ok bool) {
	i := from
	if i < len(ts) && ts[i].text == "," { // "hundreds of thousands, if not millions, of people"
		i++
	}
	if i < len(ts) && ts[i].low == "of" {
		i++
	}
	if i < len(ts) && (ts[i].low == "the" || ts[i].low == "them" || ts[i].low == "whom") {
		i++
	}
	start := i
	for k := i; k < len(ts) && k < i+5; k++ {
		t := ts[k]
		if t.kind == tNum || t.kind == tPunct && t.text != "-" || contains(lx.Verbs, t.low) {
			break
		}
		if d, n := lx.demonymAt(ts, k); n > 0 {
			_ = d
			return joinTokens(ts, start, k+n-1), ts[k+n-1].low, k + n - 1, true
		}
		if n := anyWords(ts, k, lx.People); n > 0 && ts[k+n-1].low != "" {
			// "asylum seekers" matches at "asylum"
			return joinTokens(ts, start, k+n-1), ts[k+n-1].low, k + n - 1, true
		}
		if k > start && (contains(lx.Ands, t.low) || t.low == "who" || t.low == "were" || t.low == "are" || t.low == "was") {
			break
		}
	}
	return "", "", 0, false
}

// cueAt returns the metric cue written at token i, and its length.
func (lx *Lexicon) cueAt(ts []token, i int) (Phrase[MetricCue], int) {
	var best Phrase[MetricCue]
	bestN := 0
	if i >= len(ts) || ts[i].low == "" {
		return best, 0
	}
	for _, p := range lx.Metrics {
		if p.Words[0] != ts[i].low[0] {
			continue
		}
		words := splitPhrase(p.Words)
		n := len(words)
		if i+n > len(ts) {
			continue
		}
		ok := true
		for k, w := range words {
			t := ts[i+k].low
			if k == n-1 {
				ok = ok && strings.HasPrefix(t, w)
			} else {
				ok = ok && t == w
			}
		}
		if ok && n > bestN {
			best, bestN = p, n
		}
	}
	return best, bestN
}

// metricFor finds the metric cue of the number at tokens [first, last]:
// its own verb right after it ("63 were deported", "46 are still in
// custody"), one just before it ("deported at least 52", "the
// apprehending of 41"), then the nearest after it in its clause (past an
// "among them …" aside, up to the next number), then the nearest before
// it. It returns the cue, where it is and its words.
func (lx *Lexicon) metricFor(ts []token, first, last, next, prev int) (MetricCue, int, string, bool) {
	try := func(k int) (MetricCue, int, string, bool) {
		if c, n := lx.cueAt(ts, k); n > 0 {
			return c.Means, k, joinTokens(ts, k, k+n-1), true
		}
		return MetricCue{}, 0, "", false
	}
	// its own verb: only words between it and the number
	for k := last + 1; k < len(ts) && k < next && k <= last+8; k++ {
		if ts[k].kind != tWord {
			break
		}
		if c, at, w, ok := try(k); ok {
			return c, at, w, ok
		}
	}
	// just before: up to three tokens back
	for k := first - 1; k >= 0 && k >= first-4 && k > prev; k-- {
		if c, at, w, ok := try(k); ok && at+len(strings.Fields(w)) >= first-3 {
			return c, at, w, ok
		}
	}
	for k := last + 1; k < len(ts) && k <= last+16; k++ {
		t := ts[k]
		if t.text == ";" {
			break
		}
		if t.text == "," && k+1 < len(ts) {
			if n := anyWords(ts, k+1, lx.Subgroup); n > 0 {
				// an aside, "among them a dozen teenagers,": read past it
				j := k + 1
				for j < len(ts) && ts[j].text != "," && ts[j].text != ";" {
					j++
				}
				k = j
				continue
			}
			if contains(lx.Ands, ts[k+1].low) || ts[k+1].low == "but" || ts[k+1].low == "while" || ts[k+1].low == "whereas" {
				break // another clause
			}
		}
		if k == next {
			break
		}
		if c, at, w, ok := try(k); ok {
			return c, at, w, ok
		}
	}
	for k := first - 1; k >= 0 && k > first-16; k-- {
		if ts[k].text == ";" {
			break
		}
		if c, at, w, ok := try(k); ok {
			return c, at, w, ok
		}
	}
	return MetricCue{}, 0, "", false
}

// candidate decides whether the ni-th number of a sentence is a figure and
// proposes it.
func (lx *Lexicon) candidate(text string, s Sentence, ts []token, nums []number, ni int, phrases []periodPhrase, pub models.PartialDate, ctx docContext, src string, before, earlier *candidate) (candidate, bool) {
	nb := nums[ni]
	f, l := nb.first, nb.last
	next, prev := len(ts), -1
	if ni+1 < len(nums) {
		next = nums[ni+1].first
	}
	if ni > 0 {
		prev = nums[ni-1].last
	}
	// Numbers that are not counts of people.
	unit := models.UnitPeople
	if nb.q != models.QualUnquantified && !nb.article {
		if nb.q == models.QualExact && len(ts[f].text) == 4 && ts[f].kind == tNum && nb.value >= 1900 && nb.value <= 2099 && f == l {
			if _, _, _, ok := lx.peopleAt(ts, l+1); !ok || l+1 >= len(ts) || !unicode.IsLower(firstRune(ts[l+1].text)) {
				return candidate{}, false // a year ("the 1951 Refugee Convention")
			}
		}
		if _, n := endsWith(ts, f-1, lx.Before); n > 0 {
			return candidate{}, false
		}
		// "1 in 5": a proportion
		if f >= 2 && anyWords(ts, f-1, lx.Ratio) == 1 && (ts[f-2].kind == tNum || lx.Units[ts[f-2].low] > 0) ||
			l+2 < len(ts) && anyWords(ts, l+1, lx.Ratio) > 0 && ts[l+1+anyWords(ts, l+1, lx.Ratio)].kind == tNum && !isYear(ts[l+1+anyWords(ts, l+1, lx.Ratio)]) {
			return candidate{}, false
		}
		if f >= 2 && ts[f-1].text == "-" && ts[f-2].kind == tWord && ts[f-2].end == ts[f-1].start && ts[f-1].end == ts[f].start {
			return candidate{}, false // part of a name: COVID-19, A-4
		}
		if ts[f].low == "one" && (f > 0 && contains(lx.Pronominal, ts[f-1].low) || l+1 < len(ts) && ts[l+1].low == "of") {
			return candidate{}, false // "no one", "one of them": a pronoun
		}
		if f > 0 && (ts[f-1].text == "+" || ts[f-1].text == "(" || ts[f-1].text == "#" || ts[f-1].text == "/" || ts[f-1].text == ":") {
			return candidate{}, false // a phone number, a reference, a time
		}
		if l+1 < len(ts) && (ts[l+1].kind == tNum || ts[l+1].text == "/" || ts[l+1].text == ":" || ts[l+1].text == ")" ||
			(ts[l+1].text == "-" && l+2 < len(ts) && ts[l+2].kind == tNum)) {
			return candidate{}, false // digit groups: a phone number, a date, a time
		}
		if ph, n := longest(ts, l+1, lx.After); n > 0 {
			if ph.Means != NonPercent {
				return candidate{}, false
			}
			unit = models.UnitPercent
			l += n
			if l+1 < len(ts) && contains(lx.Change, ts[l+1].low) {
				return candidate{}, false // "12% more": a change, not a share
			}
		}
		// a day of the month next to a month name
		if nb.value >= 1 && nb.value <= 31 && (f > 0 && lx.isMonth(ts[f-1]) || l+1 < len(ts) && lx.isMonth(ts[l+1])) {
			return candidate{}, false
		}
	}
	c := candidate{first: f, last: nb.last}
	p := &c.p
	fig := &p.Figure
	fig.Status = models.StatusDraft
	fig.Unit = unit
	fig.Source = src
	// The people it counts.
	np, head, npEnd, isPeople := lx.peopleAt(ts, l+1)
	if unit == models.UnitPercent {
		isPeople = false
	}
	cue, cueAt, cueWords, hasCue := lx.metricFor(ts, f, l, next, prev)
	subCtx := lx.subgroupContext(ts, f)
	compared := ""
	ownVerb := hasCue && cueAt > l
	for k := l + 1; ownVerb && k < cueAt; k++ {
		ownVerb = ts[k].kind == tWord
	}
	if before != nil && nb.q != models.QualUnquantified && !ownVerb {
		for _, w := range lx.Compare {
			k := len(strings.Fields(w))
			if f-k > before.first && matchWords(ts, f-k, w) == k {
				compared = joinTokens(ts, f-k, f-1)
			}
		}
	}
	if !hasCue && earlier != nil && nb.q != models.QualUnquantified && unit == earlier.p.Figure.Unit {
		if w := lx.refersBack(ts, f); w != "" {
			// "In 2020, the figure was 640": the figure of the sentence before
			cue = MetricCue{Slug: earlier.p.Figure.Metric}
			hasCue, cueAt, cueWords = true, f-1, w
		}
	}
	switch {
	case compared != "" && unit == before.p.Figure.Unit:
		cue = MetricCue{Slug: before.p.Figure.Metric, Kind: before.p.Figure.Kind}
		hasCue, cueWords = true, ""
		if before.p.Figure.Kind != models.Stock {
			cue.Kind = ""
		}
	case nb.article:
		// "a newborn baby" counts one only as an item of a list of counts.
		if !isPeople || !subCtx || npEnd-l > 3 || !lx.listContinues(ts, npEnd+1) {
			return candidate{}, false
		}
	case unit == models.UnitPercent:
		if !hasCue {
			return candidate{}, false
		}
	case isPeople:
		if !hasCue && !subCtx {
			return candidate{}, false
		}
	default:
		// No noun of people: a count only when a metric verb is right
		// next to it ("51 known to have been caught", "deported 1,204").
		if !hasCue || !(cueAt > l && cueAt <= l+6 || cueAt < f && cueAt >= f-3) {
			if !(hasCue && lx.reachedBefore(ts, f)) {
				return candidate{}, false
			}
		}
		if nb.q == models.QualUnquantified && !(cueAt > l && cueAt <= l+3) {
			return candidate{}, false // "dozens" of what?
		}
	}
	// Value and qualifier.
	written := textOf(text, ts, nb.first, nb.last)
	fig.Qualifier = nb.q
	switch nb.q {
	case models.QualRange:
		fig.ValueLow, fig.ValueHigh = nb.low, nb.high
	case models.QualUnquantified:
		fig.ValueText = nb.words
	default:
		fig.Value = nb.value
	}
	if nb.article {
		written = ts[f].text
		fig.ValueText = textOf(text, ts, f, npEnd)
	} else if nb.q != models.QualUnquantified {
		fig.ValueText = written
	}
	p.guess("value", written, nb.reason)
	if nb.q != models.QualUnquantified && nb.q != models.QualRange {
		if ph, n := endsWith(ts, f-1, lx.Qualifiers); n > 0 && !(f-n-1 >= 0 && contains(lx.Particles, ts[f-n-1].low) && (ph.Words == "over" || ph.Words == "above")) {
			fig.Qualifier = ph.Means
			c.qualSet = true
			p.guess("qualifier", string(ph.Means), quotedAs("before_number", joinTokens(ts, f-n, f-1)))
		} else if w, ok := lx.documented(ts, prev, f, l, next); ok && unit != models.UnitPercent {
			fig.Qualifier = models.QualDocumented
			c.qualSet = true
			p.guess("qualifier", string(models.QualDocumented), quotedAs("documented", w))
		} else {
			p.guess("qualifier", string(fig.Qualifier), func(l models.Lang) string { return i18n.T(l, "why.exact") })
		}
	} else {
		p.guess("qualifier", string(fig.Qualifier), nb.reason)
	}
	// Metric.
	if hasCue {
		fig.Metric = cue.Slug
		c.ownMetric = cue.Slug
		reason := quotedAs("in_clause", cueWords)
		if compared != "" {
			other := before.p.Written
			reason = func(l models.Lang) string { return i18n.T(l, "why.set_beside", "Other", other, "Words", compared) }
			c.ownMetric = ""
		}
		if cue.Slug == "apprehended" && isPeople && contains(lx.Facilitators, head) {
			fig.Metric = "arrested"
			base := reason
			reason = func(l models.Lang) string { return i18n.T(l, "why.helpers", "Reason", base(l), "Words", np) }
		}
		p.guess("metric", fig.Metric, reason)
	}
	// Period and kind.
	fig.Kind = models.Flow
	kindWhy := why(func(l models.Lang) string { return i18n.T(l, "why.kind_flow") })
	if cue.Kind == models.Stock {
		fig.Kind, kindWhy = models.Stock, quotedAs("kind_stock", cueWords)
	} else if w, ok := lx.stockWord(ts, f, l, next); ok {
		fig.Kind, kindWhy = models.Stock, quotedAs("kind_stock", w)
	}
	ph, found := choosePeriod(phrases, f, l, next)
	switch {
	case found:
		c.explicitP, c.periodText, c.fromText = true, ph.written, true
		fig.Period = ph.period
		if ph.since && fig.Kind == models.Flow {
			fig.Kind, kindWhy = models.Cumulative, quotedAs("kind_cumulative", ph.written)
		}
		p.guess("period", periodValue(fig.Period), fromWhy(ph))
	case fig.Kind == models.Stock && !pub.Start.IsZero():
		// Set below: a stock said in the present is counted at the
		// publication date.
	case !pub.Start.IsZero():
		// Events the sentence does not date happened at some time before
		// the publication; which period is not written, and a guess would
		// be stored as fact: the editor must set it.
		p.guess("period", "", func(l models.Lang) string { return i18n.T(l, "why.no_period_published", "Date", pubDateIn(l, pub)) })
	default:
		p.guess("period", "", func(l models.Lang) string { return i18n.T(l, "why.no_period") })
	}
	if fig.Kind == models.Stock {
		// A stock is counted at one date: the one "as of" names, else the
		// publication's ("46 are still in custody" is said as of then).
		end := fig.Period.EndDate()
		before := mustGuess(*p, "period").why
		reason := why(func(l models.Lang) string { return i18n.T(l, "why.stock_at", "Reason", before.in(l)) })
		if !(found && ph.asOf) && !pub.Start.IsZero() {
			end = models.PartialDate{Start: pub.End, End: pub.End, Precision: pub.Precision}
			reason = func(l models.Lang) string { return i18n.T(l, "why.stock_present") }
			c.explicitP = false
		}
		fig.Period = models.Period{Start: end.Start, End: end.End, Precision: end.Precision, EndPrecision: end.Precision}
		if end.Precision == models.PrecisionDay {
			fig.Period.Start = end.End
		}
		p.setGuess("period", periodValue(fig.Period), reason)
	}
	p.guess("quantity_kind", string(fig.Kind), kindWhy)
	// Population.
	switch {
	case isPeople && !contains(lx.Generic, head):
		fig.Population = np
		p.guess("population", np, func(l models.Lang) string { return i18n.T(l, "why.population_written") })
	case ctx.population != "":
		fig.Population = ctx.population
		why := why(func(l models.Lang) string { return i18n.T(l, "why.population_most") })
		if np != "" {
			why = quotedAs("population_most_only", np)
		}
		p.guess("population", ctx.population, why)
	default:
		fig.Population = orWords(np, "people")
		p.guess("population", fig.Population, func(l models.Lang) string { return i18n.T(l, "why.population_none") })
	}
	lx.states(ts, p, ctx)
	// Reported by.
	by, why := lx.reporter(ts, f)
	fig.ReportedBy = by
	p.guess("reported_by", by, why)
	// The quote: the sentence, or a part of it around the number.
	qs, qe := s.Start, s.End
	if utf8.RuneCountInString(text[qs:qe]) > maxQuoteRunes {
		qs, qe = window(text, qs, qe, ts[nb.first].start, ts[nb.last].end)
	}
	fig.Quote = text[qs:qe]
	fig.QuoteStart, fig.QuoteEnd = intp(qs), intp(qe)
	p.Written = text[ts[nb.first].start:ts[nb.last].end]
	p.NumberStart, p.NumberEnd = ts[nb.first].start-qs, ts[nb.last].end-qs
	occ := strings.Count(text[qs:ts[nb.first].start], p.Written)
	p.Fingerprint = Fingerprint(fig.Quote, p.Written, occ)
	return c, true
}

func intp(n int) *int { return &n }

func isYear(t token) bool {
	_, ok := yearOf(t)
	return ok
}

func orWords(s, dflt string) string {
	if s == "" {
		return dflt
	}
	return s
}

// window returns a part of the sentence [s, e) around [a, b) of at most
// maxQuoteRunes runes, cut at white space.
func window(text string, s, e, a, b int) (int, int) {
	const half = maxQuoteRunes / 2 // runes each side of the number, at most
	from, to := a, b
	for n := 0; from > s && n < half-50; n++ {
		_, w := utf8.DecodeLastRuneInString(text[s:from])
		from -= w
	}
	for n := 0; to < e && n < half-50; n++ {
		_, w := utf8.DecodeRuneInString(text[to:e])
		to += w
	}
	// cut at white space, so no word is split
	if from > s {
		if k := strings.IndexFunc(text[from:a], unicode.IsSpace); k >= 0 {
			from += k
		}
	}
	if to < e {
		if k := strings.LastIndexFunc(text[b:to], unicode.IsSpace); k >= 0 {
			to = b + k
		}
	}
	for from < a {
		r, w := utf8.DecodeRuneInString(text[from:])
		if !unicode.IsSpace(r) {
			break
		}
		from += w
	}
	for to > b {
		r, w := utf8.DecodeLastRuneInString(text[:to])
		if !unicode.IsSpace(r) {
			break
		}
		to -= w
	}
	return from, to
}

func (lx *Lexicon) isMonth(t token) bool {
	_, ok := lx.Months[t.low]
	return ok && t.kind == tWord && unicode.IsUpper(firstRune(t.text)) && len(t.low) > 3
}

// subgroupContext reports whether the number at token f is counted among
// a larger one: a subgroup phrase earlier in the sentence.
func (lx *Lexicon) subgroupContext(ts []token, f int) bool {
	for k := 0; k < f; k++ {
		if n := anyWords(ts, k, lx.Subgroup); n > 0 {
			return true
		}
	}
	return false
}

// listContinues reports whether a list of counts goes on at token i: a
// comma or "and", then a number.
func (lx *Lexicon) listContinues(ts []token, i int) bool {
	if i >= len(ts) || !(ts[i].text == "," || contains(lx.Ands, ts[i].low)) {
		return false
	}
	i++
	if i < len(ts) && contains(lx.Ands, ts[i].low) {
		i++
	}
	if i >= len(ts) {
		return false
	}
	if _, ok := digits(ts[i]); ok {
		return true
	}
	_, n := lx.wordValue(ts, i)
	return n > 0
}

// refersBack returns the words by which a sentence states its number as
// the figure of the one before ("the figure was", "that number stood at"),
// or "".
func (lx *Lexicon) refersBack(ts []token, f int) string {
	if !lx.reachedBefore(ts, f) {
		return ""
	}
	for k := 0; k+1 < f; k++ {
		if (ts[k].low == "the" || ts[k].low == "that" || ts[k].low == "this") && contains(lx.Anaphors, ts[k+1].low) {
			return joinTokens(ts, k, f-1)
		}
	}
	return ""
}

// reachedBefore reports whether "rose to", "stood at" and the like are
// written just before token f.
func (lx *Lexicon) reachedBefore(ts []token, f int) bool {
	if f >= 1 && ts[f-1].low == "to" {
		for k := 0; k+2 < f; k++ {
			if (ts[k].low == "number" || ts[k].low == "total" || ts[k].low == "toll") && ts[k+1].low == "of" {
				return true // "bring the number of people sent back … to 388"
			}
		}
	}
	for _, w := range lx.Reached {
		k := len(strings.Fields(w))
		if f-k >= 0 && matchWords(ts, f-k, w) == k {
			return true
		}
	}
	return false
}

// documented finds a word of the clause making the count a documented
// one: before the number back to the previous one, or just after it.
func (lx *Lexicon) documented(ts []token, prev, f, l, next int) (string, bool) {
	for k := f - 1; k > prev && k >= f-12; k-- {
		if ts[k].text == ";" || ts[k].text == "." {
			break
		}
		if n := anyWords(ts, k, lx.Documenters); n > 0 {
			return joinTokens(ts, k, k+n-1), true
		}
	}
	for k := l + 1; k < next && k <= l+7; k++ {
		if ts[k].text == "," || ts[k].text == ";" {
			break
		}
		if n := anyWords(ts, k, lx.Documenters); n > 0 {
			return joinTokens(ts, k, k+n-1), true
		}
	}
	// the sentence's closing attribution: "…, the group has documented."
	last := -1
	for k := len(ts) - 1; k > l; k-- {
		if ts[k].text == "," {
			last = k
			break
		}
	}
	if last > 0 && len(ts)-last <= 8 {
		for k := last + 1; k < len(ts); k++ {
			if ts[k].kind == tNum {
				break
			}
			if n := anyWords(ts, k, lx.Documenters); n > 0 {
				return joinTokens(ts, k, k+n-1), true
			}
		}
	}
	return "", false
}

// stockWord finds a word of a stock ("still", "remain") just after the
// number.
func (lx *Lexicon) stockWord(ts []token, f, l, next int) (string, bool) {
	for k := l + 1; k < next && k <= l+5; k++ {
		if ts[k].text == "," || ts[k].text == ";" {
			break
		}
		if n := anyWords(ts, k, lx.Stock); n > 0 {
			return joinTokens(ts, k, k+n-1), true
		}
	}
	return "", false
}

// choosePeriod picks the period phrase of a number: the first after it
// before the next number, else the nearest before it, else the first
// after it.
func choosePeriod(phrases []periodPhrase, f, l, next int) (periodPhrase, bool) {
	for i, p := range phrases {
		if p.first > l && p.first < next {
			// "the previous year, from July 2016 to June 2017": the
			// written dates say more than the relative words.
			if p.relative && i+1 < len(phrases) && phrases[i+1].first <= p.last+3 {
				return phrases[i+1], true
			}
			return p, true
		}
	}
	for i := len(phrases) - 1; i >= 0; i-- {
		if phrases[i].last < f {
			return phrases[i], true
		}
	}
	for _, p := range phrases {
		if p.first > l {
			return p, true
		}
	}
	return periodPhrase{}, false
}

// states guesses the acting and receiving states.
func (lx *Lexicon) states(ts []token, p *Proposal, ctx docContext) {
	fig := &p.Figure
	popState := ""
	for k := 0; k < len(ts); k++ {
		if d, n := lx.demonymAt(ts, k); n > 0 && strings.Contains(fig.Population, d) {
			popState = lx.Demonyms[strings.ToLower(d)]
		}
	}
	if popState == "" && fig.Population == ctx.population {
		popState = ctx.popState
	}
	var recvWhy why
	// "to Syria" after a word of return
	for k := 0; k+1 < len(ts); k++ {
		if n := anyWords(ts, k, lx.ToWords); n > 0 {
			if code, m := lx.countryAt(ts, k+n); m > 0 && fig.Metric == "forcibly_returned" {
				fig.ReceivingState, recvWhy = code, quotedWhy(joinTokens(ts, k, k+n+m-1))
				break
			}
		}
	}
	if fig.ReceivingState == "" && popState != "" && (fig.Metric == "forcibly_returned" || fig.Metric == "apprehended" || fig.Metric == "in_custody") {
		pop := fig.Population
		fig.ReceivingState, recvWhy = popState, func(l models.Lang) string { return i18n.T(l, "why.receiving_people", "Population", pop) }
	}
	if fig.ReceivingState != "" {
		p.guess("receiving_state", fig.ReceivingState, recvWhy)
	}
	// The acting state: a state the sentence names that is not the
	// receiving one; for imprisonment and deaths, the people's own.
	for k := 0; k < len(ts); k++ {
		if code, n := lx.countryAt(ts, k); n > 0 {
			if code != fig.ReceivingState && (code != popState || fig.Metric == "imprisoned") {
				fig.ActingState = code
				p.guess("acting_state", code, quotedAs("acting_sentence", joinTokens(ts, k, k+n-1)))
				return
			}
			k += n - 1
		}
	}
	switch {
	case fig.Metric == "imprisoned" && popState != "":
		fig.ActingState = popState
		p.guess("acting_state", popState, func(l models.Lang) string { return i18n.T(l, "why.acting_imprisoned") })
	case ctx.acting != "" && ctx.acting != fig.ReceivingState && fig.Metric != "deaths":
		fig.ActingState = ctx.acting
		p.guess("acting_state", ctx.acting, func(l models.Lang) string { return i18n.T(l, "why.acting_most") })
	}
}

// reporter guesses who reports the figure: "according to X", an
// organisation before a verb of reporting, or the source's publisher.
func (lx *Lexicon) reporter(ts []token, f int) (string, why) {
	for k := 0; k+2 < len(ts); k++ {
		if ts[k].low == "according" && ts[k+1].low == "to" {
			e := k + 2
			for e < len(ts) && ts[e].kind == tWord && ts[e].text != "," {
				e++
			}
			if e > k+2 {
				all := joinTokens(ts, k+2, e-1)
				// "figures from the Interior Ministry": the ministry
				b := k + 2
				for j := k + 2; j < e-1; j++ {
					if (ts[j].low == "from" || ts[j].low == "by" || ts[j].low == "of") && !unicode.IsUpper(firstRune(ts[k+2].text)) {
						for n := j + 1; n < e; n++ {
							if unicode.IsUpper(firstRune(ts[n].text)) {
								b = j + 1
								break
							}
						}
						break
					}
				}
				return joinTokens(ts, b, e-1), quotedAs("according_to", all)
			}
		}
	}
	verbs := []string{"documented", "recorded", "said", "says", "reported", "reports", "knows", "counted", "estimated", "estimates", "believes", "found", "verified", "confirmed", "told"}
	for k := 1; k < len(ts); k++ {
		if !contains(verbs, ts[k].low) {
			continue
		}
		e := k - 1
		b := e
		for b >= 0 && ts[b].kind == tWord && (unicode.IsUpper(firstRune(ts[b].text)) || ts[b].low == "of" || ts[b].low == "for") {
			b--
		}
		b++
		for b <= e && !unicode.IsUpper(firstRune(ts[b].text)) {
			b++
		}
		for k2 := b; k2 <= e; k2++ {
			if _, n := lx.demonymAt(ts, k2); n > 0 {
				b = k2 + n
			} else if _, n := lx.countryAt(ts, k2); n > 0 {
				b = k2 + n
			}
		}
		if e-b >= 1 {
			w := joinTokens(ts, b, e)
			return w, quotedWhy(w + " " + ts[k].text)
		}
	}
	return "", nil
}

// subgroups links the candidates of a sentence that are counted among
// another: after "among the N … were", "including", "among them", "of
// whom", "N of them".
func (lx *Lexicon) subgroups(cands []candidate, here []int, ts []token, si int) {
	if len(here) == 0 {
		return
	}
	parent := -1
	var parentWhy why
	for _, ci := range here {
		c := &cands[ci]
		f := c.first
		// "Among the 92 …": this one is the parent of those after it.
		if f >= 2 && ts[f-2].low == "among" && ts[f-1].low == "the" {
			written := c.p.Written
			parent, parentWhy = ci, func(l models.Lang) string { return i18n.T(l, "why.among", "Written", written) }
			continue
		}
		k := lx.subgroupBefore(ts, f)
		if k < 0 {
			k = lx.subgroupAfter(ts, c.first)
		}
		if k >= 0 {
			// the nearest earlier candidate of this sentence, else of the last one
			par := -1
			for _, cj := range here {
				if cj < ci && cands[cj].first < k {
					par = cj
				}
			}
			if par < 0 {
				// the first figure of the last sentence before that has one
				last := -1
				for cj := 0; cj < ci; cj++ {
					if cands[cj].sent < si && cands[cj].sent >= si-3 {
						last = cands[cj].sent
					}
				}
				for cj := 0; cj < ci && last >= 0; cj++ {
					if cands[cj].sent == last && cands[cj].subParent < 0 {
						par = cj
						break
					}
				}
			}
			if par >= 0 {
				words, written := joinTokens(ts, k, k+len(strings.Fields(lx.subgroupWords(ts, k)))-1), cands[par].p.Written
				parent, parentWhy = par, func(l models.Lang) string { return i18n.T(l, "why.words_after", "Words", words, "Written", written) }
			}
		}
		if parent >= 0 && parent != ci {
			c.subParent = parent
			among := parentWhy
			c.p.setGuess("subgroup_of", "", func(l models.Lang) string { return i18n.T(l, "why.counted_among", "Reason", among.in(l)) })
		}
	}
}

// subgroupBefore returns where a subgroup phrase starts before token f in
// the sentence, or -1.
func (lx *Lexicon) subgroupBefore(ts []token, f int) int {
	for k := f - 1; k >= 0 && k >= f-12; k-- {
		if n := anyWords(ts, k, lx.Subgroup); n > 0 && ts[k].low+" "+ts[min(k+1, len(ts)-1)].low != "among the" {
			return k
		}
	}
	return -1
}

// subgroupAfter returns where "were among those …" starts just after
// the number at token f (a verb between them), or -1.
func (lx *Lexicon) subgroupAfter(ts []token, f int) int {
	for k := f + 1; k < len(ts) && k <= f+8; k++ {
		if ts[k].kind != tWord {
			return -1
		}
		if n := anyWords(ts, k, lx.Subgroup); n > 0 && k > 0 && contains(lx.Verbs, ts[k-1].low) {
			return k
		}
	}
	return -1
}

func (lx *Lexicon) subgroupWords(ts []token, k int) string {
	best := ""
	for _, w := range lx.Subgroup {
		if matchWords(ts, k, w) > 0 && len(w) > len(best) {
			best = w
		}
	}
	return best
}

// inheritSubgroups gives a subgroup what its parent says and it does not:
// the metric, the period, the kind, the states, and a documented count.
func inheritSubgroups(cands []candidate) {
	for i := range cands {
		c := &cands[i]
		if c.subParent < 0 {
			continue
		}
		par := &cands[c.subParent]
		pf, f := par.p.Figure, &c.p.Figure
		if f.Unit == models.UnitPercent || c.ownMetric != "" && c.ownMetric != pf.Metric {
			// A share is of its base, which the editor sets; people
			// counted by another metric are no part of the count.
			c.subParent = -1
			c.p.dropGuess("subgroup_of")
			continue
		}
		f.Metric = pf.Metric
		written := par.p.Written
		c.p.setGuess("metric", f.Metric, func(l models.Lang) string { return i18n.T(l, "why.parent_metric", "Written", written) })
		if !c.explicitP || par.explicitP {
			f.Period, f.Kind = pf.Period, pf.Kind
			c.fromText = c.fromText || par.fromText
			c.p.setGuess("period", periodValue(f.Period), func(l models.Lang) string { return i18n.T(l, "why.parent_period", "Written", written) })
			c.p.setGuess("quantity_kind", string(f.Kind), func(l models.Lang) string { return i18n.T(l, "why.parent_kind", "Written", written) })
		}
		f.ActingState, f.ReceivingState = pf.ActingState, pf.ReceivingState
		if pf.Qualifier == models.QualDocumented && (f.Qualifier == models.QualExact) && !c.qualSet {
			f.Qualifier = models.QualDocumented
			c.p.setGuess("qualifier", string(f.Qualifier), func(l models.Lang) string { return i18n.T(l, "why.parent_documented", "Written", written) })
		}
		if f.ReportedBy == "" {
			f.ReportedBy = pf.ReportedBy
		}
	}
}

// fillReporters gives a figure whose sentence names no reporter the one
// the report names most, else the source's publisher.
func fillReporters(cands []candidate, src models.Source) {
	count := map[string]int{}
	best := ""
	for _, c := range cands {
		if by := c.p.Figure.ReportedBy; by != "" {
			count[by]++
			if count[by] > count[best] || count[by] == count[best] && by < best {
				best = by
			}
		}
	}
	why := why(func(l models.Lang) string { return i18n.T(l, "why.reporter_most") })
	if best == "" {
		best, why = src.Publisher, func(l models.Lang) string { return i18n.T(l, "why.reporter_publisher") }
	}
	for i := range cands {
		if p := &cands[i].p; p.Figure.ReportedBy == "" {
			p.Figure.ReportedBy = best
			p.setGuess("reported_by", best, why)
		}
	}
}

// contextPeriods gives a figure whose sentence and paragraph write no
// period the period of the figure it goes on from: one of its own
// sentence that has one, else the last figure before it of the same
// metric that has one ("60 percent of those deported", "Sudan also
// arrested"). A stock keeps its date.
func contextPeriods(cands []candidate) {
	for i := range cands {
		c := &cands[i]
		if c.fromText || c.subParent >= 0 || c.p.Figure.Kind == models.Stock {
			continue
		}
		from, why := -1, why(nil)
		for j := range cands {
			if j != i && cands[j].sent == c.sent && cands[j].fromText && cands[j].p.Figure.Kind != models.Stock {
				written := cands[j].p.Written
				from, why = j, func(l models.Lang) string { return i18n.T(l, "why.period_same_sentence", "Written", written) }
				break
			}
		}
		for j := i - 1; j >= 0 && from < 0; j-- {
			if cands[j].fromText && cands[j].p.Figure.Metric == c.p.Figure.Metric && cands[j].p.Figure.Kind != models.Stock {
				written := cands[j].p.Written
				from, why = j, func(l models.Lang) string { return i18n.T(l, "why.period_last_figure", "Written", written) }
			}
		}
		if from < 0 {
			continue
		}
		f := cands[from].p.Figure
		c.p.Figure.Period = f.Period
		if f.Kind == models.Cumulative {
			c.p.Figure.Kind = models.Cumulative
			c.p.setGuess("quantity_kind", string(models.Cumulative), kindOf(cands[from].p.Written))
		}
		c.fromText = true
		c.p.setGuess("period", periodValue(f.Period), noPeriodParagraph(why))
	}
}

// mergeHeadlines proposes a title's vague figure ("China detained dozens
// of North Koreans") as the figure of the same metric the report then
// gives a number for: the title summarises it.
func mergeHeadlines(cands []candidate) {
	for i := range cands {
		c := &cands[i]
		if c.merged || !c.headline || c.p.Figure.Qualifier.HasNumber() {
			continue
		}
		for j := i + 1; j < len(cands); j++ {
			d := cands[j]
			if !d.merged && !d.headline && d.subParent < 0 && d.p.Figure.Metric == c.p.Figure.Metric && d.p.Figure.Qualifier.HasNumber() {
				c.merged, c.into = true, j
				break
			}
		}
	}
}

// sameQuantity reports whether two figures state the same number.
func sameQuantity(a, b models.Figure) bool {
	if a.Qualifier != b.Qualifier || a.Unit != b.Unit {
		return false
	}
	switch a.Qualifier {
	case models.QualUnquantified:
		return strings.EqualFold(a.ValueText, b.ValueText)
	case models.QualRange:
		return a.ValueLow == b.ValueLow && a.ValueHigh == b.ValueHigh
	}
	return a.Value == b.Value
}

// mergeRestatements proposes as one the figures a report states twice:
// the same metric, quantity and subgroup standing, in two sentences, with
// the same period or one of them guessed. The one with a written period
// (else the first) is kept; the other is marked merged into it.
func mergeRestatements(cands []candidate) {
	// Only figures of one metric and value can be one: compare within
	// those groups, so a long report costs little more than a short one.
	groups := map[string][]int{}
	for i := range cands {
		f := cands[i].p.Figure
		k := fmt.Sprintf("%s|%s|%s|%d|%d|%d|%s", f.Metric, f.Qualifier, f.Unit, f.Value, f.ValueLow, f.ValueHigh, strings.ToLower(f.ValueText))
		if f.Qualifier.HasNumber() {
			k = fmt.Sprintf("%s|%s|%s|%d|%d|%d", f.Metric, f.Qualifier, f.Unit, f.Value, f.ValueLow, f.ValueHigh)
		}
		groups[k] = append(groups[k], i)
	}
	for _, g := range groups {
		mergeGroup(cands, g)
	}
}

// mergeGroup merges the restatements among the candidates g (indexes in
// text order) of one metric and value.
func mergeGroup(cands []candidate, g []int) {
	for jj, j := range g {
		for _, i := range g[:jj] {
			a, b := &cands[i], &cands[j]
			if a.merged || b.merged || a.sent == b.sent || a.p.Figure.Metric != b.p.Figure.Metric ||
				!sameQuantity(a.p.Figure, b.p.Figure) || (a.subParent >= 0) != (b.subParent >= 0) {
				continue
			}
			if a.p.Figure.Qualifier == models.QualUnquantified && a.explicitP == b.explicitP {
				continue // "dozens" twice may be two groups, unless one is a headline's
			}
			if a.p.Figure.Period != b.p.Figure.Period && a.explicitP && b.explicitP {
				continue
			}
			keep, drop := i, j
			if !a.explicitP && b.explicitP {
				keep, drop = j, i
			}
			cands[drop].merged, cands[drop].into = true, keep
		}
	}
}
