package intake

import (
	"strconv"
	"strings"
	"time"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// periodPhrase is a period written in a sentence, resolved: tokens
// [first, last] write it.
type periodPhrase struct {
	first, last int
	period      models.Period
	since       bool // "since …": counted from its start up to the report
	asOf        bool // "as of …": the date a stock is counted at
	relative    bool // written relative to the publication ("last year")
	written     string
	reason      why
}

// date is a date as written, before the year is resolved.
type date struct {
	year, month, day int // 0 when not written
	part             string
	n                int // tokens taken
}

// yearOf reads a four-digit year (1900 to 2099) from a token.
func yearOf(t token) (int, bool) {
	if t.kind != tNum || len(t.text) != 4 {
		return 0, false
	}
	v, ok := digits(t)
	if !ok || v < 1900 || v > 2099 {
		return 0, false
	}
	return int(v), true
}

// dayOf reads a day of the month, 1 to 31, written in digits ("3") or as
// an ordinal ("3rd").
func dayOf(t token) (int, bool) {
	s := t.low
	if t.kind == tMixed {
		for _, suf := range []string{"st", "nd", "rd", "th"} {
			if len(s) > len(suf) && s[len(s)-len(suf):] == suf {
				s = s[:len(s)-len(suf)]
				break
			}
		}
	} else if t.kind != tNum {
		return 0, false
	}
	if len(s) == 0 || len(s) > 2 {
		return 0, false
	}
	d := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		d = d*10 + int(c-'0')
	}
	return d, d >= 1 && d <= 31
}

// abbreviatedMonth reports whether a month name is written short
// ("Nov"), so that a full stop after it is its own, not the sentence's.
func abbreviatedMonth(w string) bool {
	return len(w) <= 4 && w != "may" && w != "june" && w != "july"
}

// dateAt reads a date at token i: "3 March 2021", "March 3, 2021",
// "March 3", "March 2021", "March", "2021", "early 2019", "mid-2019".
func (lx *Lexicon) dateAt(toks []token, i int) (date, bool) {
	var d date
	k := i
	if k < len(toks) {
		pw := lx.Periods
		for _, part := range [][]string{pw.Early, pw.Mid, pw.Late} {
			if n := anyWords(toks, k, part); n > 0 {
				d.part = toks[k].low
				k += n
				if k < len(toks) && toks[k].text == "-" {
					k++
				}
				break
			}
		}
	}
	if k >= len(toks) {
		return d, false
	}
	if day, ok := dayOf(toks[k]); ok && k+1 < len(toks) {
		if m, ok := lx.Months[toks[k+1].low]; ok && d.part == "" {
			d.day, d.month = day, m
			k += 2
			if k < len(toks) && toks[k].text == "." && abbreviatedMonth(toks[k-1].low) {
				k++ // "3 Nov. 2021"
			}
			if k < len(toks) {
				if y, ok := yearOf(toks[k]); ok {
					d.year = y
					k++
				}
			}
			d.n = k - i
			return d, true
		}
	}
	if m, ok := lx.Months[toks[k].low]; ok {
		name := toks[k]
		if name.text[0] < 'A' || name.text[0] > 'Z' {
			return d, false // months are capitalised: "may" is a verb
		}
		if len(name.low) <= 4 && name.low != "may" && name.low != "june" && name.low != "july" &&
			!(k+1 < len(toks) && (toks[k+1].kind == tNum || toks[k+1].text == ".")) {
			return d, false // "Mar", "Dec" alone are names, not months
		}
		d.month = m
		k++
		if k < len(toks) && toks[k].text == "." && abbreviatedMonth(name.low) {
			k++ // "Nov. 3"
		}
		if k < len(toks) {
			if _, isYear := yearOf(toks[k]); !isYear {
				if day, ok := dayOf(toks[k]); ok && d.part == "" {
					d.day = day
					k++
					if k+1 < len(toks) && toks[k].text == "," {
						if y, ok := yearOf(toks[k+1]); ok {
							d.year = y
							k += 2
						}
					}
				}
			}
		}
		if d.year == 0 && k < len(toks) {
			if y, ok := yearOf(toks[k]); ok {
				d.year = y
				k++
			}
		}
		d.n = k - i
		return d, true
	}
	if y, ok := yearOf(toks[k]); ok {
		d.year = y
		d.n = k + 1 - i
		return d, true
	}
	return d, false
}

// resolve turns a written date into the first and last day it may mean
// and its precision, taking a missing year from the publication date (the
// latest such date not after it). why says how, for the reason.
func resolve(d date, pub models.PartialDate) (models.PartialDate, why, bool) {
	y, reason := d.year, why(nil)
	if y == 0 {
		if pub.Start.IsZero() {
			return models.PartialDate{}, nil, false
		}
		y = pub.Start.Year
		if pub.Precision == models.PrecisionDay || pub.Precision == models.PrecisionMonth {
			pm, pd := int(pub.Start.Month), pub.Start.Day
			if pub.Precision == models.PrecisionMonth {
				pd = 31
			}
			if d.month > pm || d.month == pm && d.day > pd {
				y--
			}
			year := strconv.Itoa(y)
			reason = func(l models.Lang) string { return i18n.T(l, "why.year_latest", "Year", year) }
		} else {
			year := strconv.Itoa(y)
			reason = func(l models.Lang) string { return i18n.T(l, "why.year_taken", "Year", year) }
		}
	}
	switch {
	case d.month == 0:
		return models.PartialDate{Start: models.NewDate(y, 1, 1), End: models.NewDate(y, 12, 31), Precision: models.PrecisionYear}, reason, true
	case d.day == 0:
		s := models.NewDate(y, time.Month(d.month), 1)
		return models.PartialDate{Start: s, End: models.NewDate(y, time.Month(d.month)+1, 0), Precision: models.PrecisionMonth}, reason, true
	}
	s := models.NewDate(y, time.Month(d.month), d.day)
	if s.Day != d.day {
		return models.PartialDate{}, nil, false
	}
	return models.PartialDate{Start: s, End: s, Precision: models.PrecisionDay}, reason, true
}

// twoEnds makes the period written from a to b ("July 2016 and June
// 2017", "July and August"): a start without a year takes the end's (the
// year before when its month comes later), an end without one the
// publication's.
func twoEnds(a, b date, pub models.PartialDate) (periodPhrase, bool) {
	if a.year == 0 && b.year != 0 {
		a.year = b.year
		if a.month > b.month {
			a.year--
		}
	}
	pb, why, ok1 := resolve(b, pub)
	pa, _, ok2 := resolve(a, pub)
	if !ok1 || !ok2 {
		return periodPhrase{}, false
	}
	p, ok := between(pa, pb)
	return periodPhrase{period: p, reason: joinWhy(func(l models.Lang) string { return i18n.T(l, "why.two_ends") }, why)}, ok
}

// between makes the period from a to b.
func between(a, b models.PartialDate) (models.Period, bool) {
	p := models.Period{Start: a.Start, End: b.End, Precision: a.Precision, EndPrecision: b.Precision}
	return p, !p.End.Before(p.Start)
}

// of makes the period a partial date covers.
func of(a models.PartialDate) models.Period {
	return models.UniformPeriod(a.Start, a.End, a.Precision)
}

// periods finds the period phrases of a sentence, resolved against the
// publication date pub.
func (lx *Lexicon) periods(text string, toks []token, pub models.PartialDate) []periodPhrase {
	var out []periodPhrase
	for i := 0; i < len(toks); {
		if ph, ok := lx.periodAt(toks, i, pub); ok {
			ph.written = textOf(text, toks, ph.first, ph.last)
			out = append(out, ph)
			i = ph.last + 1
			continue
		}
		i++
	}
	return out
}

// periodAt reads a period phrase starting at token i.
func (lx *Lexicon) periodAt(toks []token, i int, pub models.PartialDate) (periodPhrase, bool) {
	pw := lx.Periods
	pubText := pub.Start.String()
	if pub.Precision != models.PrecisionDay {
		pubText = models.Period{Start: pub.Start, End: pub.End, Precision: pub.Precision}.StartText()
	}
	lists := lx.periodLists()
	// between A and B; from A to B
	if n := anyWords(toks, i, lists.betweenFrom); n > 0 {
		// "between 24 and 30 October": the first day takes the second's month
		if d, ok := dayOf(toks[min(i+n, len(toks)-1)]); ok && i+n+1 < len(toks) {
			if k := anyWords(toks, i+n+1, lists.andTo); k > 0 {
				if b, ok := lx.dateAt(toks, i+n+1+k); ok && b.day != 0 && d < b.day {
					if ph, ok := twoEnds(date{year: b.year, month: b.month, day: d}, b, pub); ok {
						ph.first, ph.last = i, i+n+k+b.n
						return ph, true
					}
				}
			}
		}
		if a, ok := lx.dateAt(toks, i+n); ok {
			j := i + n + a.n
			if k := anyWords(toks, j, lists.andTo); k > 0 {
				if b, ok := lx.dateAt(toks, j+k); ok && (a.month != 0 || b.month == 0) {
					if ph, ok := twoEnds(a, b, pub); ok {
						ph.first, ph.last = i, j+k+b.n-1
						return ph, true
					}
				}
			}
		}
	}
	// since A: up to the publication date
	if n := anyWords(toks, i, pw.Since); n > 0 && !pub.Start.IsZero() {
		if a, ok := lx.dateAt(toks, i+n); ok {
			if pa, why, ok := resolve(a, pub); ok {
				if e := i + n + a.n; e+1 < len(toks) && toks[e].text == "," && toks[e+1].low == "when" {
					// "since 2013, when nine were sent back": that year
					word := toks[i].text
					return periodPhrase{first: e + 1, last: e + 1, period: of(pa), reason: joinWhy(func(l models.Lang) string { return i18n.T(l, "why.since_when", "Word", word) }, why)}, true
				}
				if p, ok := between(pa, pub); ok {
					return periodPhrase{first: i, last: i + n + a.n - 1, period: p, since: true,
						reason: joinWhy(func(l models.Lang) string {
							date := pubText
							if l != models.English {
								date = pub.ShortIn(l)
							}
							return i18n.T(l, "why.since", "Date", date)
						}, why)}, true
				}
			}
		}
	}
	// as of A
	if n := anyWords(toks, i, pw.AsOf); n > 0 {
		if a, ok := lx.dateAt(toks, i+n); ok {
			if pa, why, ok := resolve(a, pub); ok {
				return periodPhrase{first: i, last: i + n + a.n - 1, period: of(pa), asOf: true, reason: joinWhy(func(l models.Lang) string { return i18n.T(l, "why.as_of") }, why)}, true
			}
		}
	}
	// in A [and B]; on A
	if n := anyWords(toks, i, lists.inOn); n > 0 {
		j := i + n
		if j < len(toks) && toks[j].low == "the" {
			if ph, ok := lx.partOfYear(toks, j+1, pub); ok {
				ph.first = i
				return ph, true
			}
		}
		if a, ok := lx.dateAt(toks, j); ok {
			j += a.n
			if k := anyWords(toks, j, pw.And); k > 0 {
				if b, ok := lx.dateAt(toks, j+k); ok && a.month != 0 && b.month != 0 {
					if ph, ok := twoEnds(a, b, pub); ok {
						ph.first, ph.last = i, j+k+b.n-1
						return ph, true
					}
				}
			}
			if pa, why, ok := resolve(a, pub); ok {
				r := why
				if a.part != "" {
					part, prec := a.part, pa.Precision
					r = joinWhy(func(l models.Lang) string {
						return i18n.T(l, "why.part_not_bound", "Part", part, "Precision", checks.PrecisionName(l, prec))
					}, why)
				}
				return periodPhrase{first: i, last: j - 1, period: of(pa), reason: r}, true
			}
		}
	}
	if ph, ok := lx.relative(toks, i, pub); ok {
		ph.relative = true
		return ph, true
	}
	// a bare date with its year: "March 2021", "2019"
	if a, ok := lx.dateAt(toks, i); ok && a.year != 0 && (a.month != 0 || a.part != "") {
		if pa, why, ok := resolve(a, pub); ok {
			return periodPhrase{first: i, last: i + a.n - 1, period: of(pa), reason: why}, true
		}
	}
	return periodPhrase{}, false
}

// periodLists are what the lexicon's tables give once joined or
// indexed: word lists periodAt reads together, and the first words of
// state names and demonyms.
type periodLists struct {
	betweenFrom, andTo, inOn []string
	firstWords               map[string]bool
}

func (lx *Lexicon) periodLists() *periodLists {
	lx.once.Do(func() {
		pw := lx.Periods
		join := func(a, b []string) []string { return append(append([]string{}, a...), b...) }
		lx.lists = &periodLists{join(pw.Between, pw.From), join(pw.And, pw.To), join(pw.In, pw.On), map[string]bool{}}
		for _, m := range []map[string]string{lx.Countries, lx.Demonyms} {
			for k := range m {
				lx.lists.firstWords[strings.SplitN(k, " ", 2)[0]] = true
			}
		}
	})
	return lx.lists
}

// partOfYear reads "first half of 2020", "second quarter of 2021".
func (lx *Lexicon) partOfYear(toks []token, i int, pub models.PartialDate) (periodPhrase, bool) {
	pw := lx.Periods
	nth := 0
	var n int
	for k, l := range [][]string{pw.First, pw.Second, pw.Third, pw.Fourth} {
		if n = anyWords(toks, i, l); n > 0 {
			nth = k + 1
			break
		}
	}
	if nth == 1 && i+n+3 < len(toks) && toks[i+n+1].low == "months" && toks[i+n+2].low == "of" {
		// "the first two months of 2019"
		if m, ok := lx.Units[toks[i+n].low]; ok && m >= 1 && m <= 12 {
			if y, ok := yearOf(toks[i+n+3]); ok {
				p := models.UniformPeriod(models.NewDate(y, 1, 1), models.NewDate(y, time.Month(m)+1, 0), models.PrecisionMonth)
				return periodPhrase{last: i + n + 3, period: p, reason: func(l models.Lang) string { return i18n.T(l, "why.its_months") }}, true
			}
		}
	}
	if nth == 0 || i+n+2 >= len(toks) || toks[i+n+1].low != "of" {
		return periodPhrase{}, false
	}
	months := 0
	switch {
	case contains(pw.Half, toks[i+n].low) && nth <= 2:
		months = 6
	case contains(pw.Quarter, toks[i+n].low):
		months = 3
	default:
		return periodPhrase{}, false
	}
	y, ok := yearOf(toks[i+n+2])
	if !ok {
		return periodPhrase{}, false
	}
	m := time.Month((nth-1)*months + 1)
	p := models.UniformPeriod(models.NewDate(y, m, 1), models.NewDate(y, m+time.Month(months), 0), models.PrecisionMonth)
	return periodPhrase{last: i + n + 2, period: p, reason: func(l models.Lang) string { return i18n.T(l, "why.its_months") }}, true
}

// relative reads periods written relative to the publication date: "last
// year", "this year", "last month", "this week", "yesterday", "today".
func (lx *Lexicon) relative(toks []token, i int, pub models.PartialDate) (periodPhrase, bool) {
	pw := lx.Periods
	if pub.Start.IsZero() {
		return periodPhrase{}, false
	}
	p0 := pub.Start
	at := func(l models.Lang) string { return i18n.T(l, "why.relative_at", "Date", pubDateIn(l, pub)) }
	j := i
	if j < len(toks) && toks[j].low == "the" {
		j++
	}
	if j < len(toks) && j > i && toks[j].low == "past" && j+1 < len(toks) && pub.Precision == models.PrecisionDay {
		// "the past week": the seven days up to the publication
		days := map[string]int{"week": 7, "month": 30, "year": 365}[toks[j+1].low]
		if days > 0 {
			return periodPhrase{first: i, last: j + 1, period: models.UniformPeriod(p0.AddDays(-days), p0, models.PrecisionDay), reason: func(l models.Lang) string { return i18n.T(l, "why.past_days", "Days", strconv.Itoa(days), "At", at(l)) }}, true
		}
	}
	if n := anyWords(toks, j, pw.Last); n > 0 && j+n < len(toks) {
		w := toks[j+n].low
		switch {
		case contains(pw.Year, w) && w == "year":
			y := p0.Year - 1
			return periodPhrase{first: i, last: j + n, period: models.UniformPeriod(models.NewDate(y, 1, 1), models.NewDate(y, 12, 31), models.PrecisionYear), reason: func(l models.Lang) string { return i18n.T(l, "why.last_year", "At", at(l)) }}, true
		case contains(pw.Month, w) && w == "month" && pub.Precision != models.PrecisionYear:
			s := models.NewDate(p0.Year, p0.Month-1, 1)
			return periodPhrase{first: i, last: j + n, period: models.UniformPeriod(s, models.NewDate(s.Year, s.Month+1, 0), models.PrecisionMonth), reason: func(l models.Lang) string { return i18n.T(l, "why.last_month", "At", at(l)) }}, true
		case contains(pw.Week, w) && w == "week" && pub.Precision == models.PrecisionDay:
			monday := p0.AddDays(-((int(p0.Time().Weekday()) + 6) % 7))
			return periodPhrase{first: i, last: j + n, period: models.UniformPeriod(monday.AddDays(-7), monday.AddDays(-1), models.PrecisionDay), reason: func(l models.Lang) string { return i18n.T(l, "why.last_week", "At", at(l)) }}, true
		}
	}
	if n := anyWords(toks, i, pw.This); n > 0 && i+n < len(toks) {
		w := toks[i+n].low
		switch {
		case w == "year":
			p := models.Period{Start: models.NewDate(p0.Year, 1, 1), End: pub.End, Precision: models.PrecisionYear, EndPrecision: pub.Precision}
			return periodPhrase{first: i, last: i + n, period: p, reason: func(l models.Lang) string { return i18n.T(l, "why.this_year", "At", at(l)) }}, true
		case w == "month" && pub.Precision != models.PrecisionYear:
			p := models.Period{Start: models.NewDate(p0.Year, p0.Month, 1), End: pub.End, Precision: models.PrecisionMonth, EndPrecision: pub.Precision}
			return periodPhrase{first: i, last: i + n, period: p, reason: func(l models.Lang) string { return i18n.T(l, "why.this_month", "At", at(l)) }}, true
		case w == "week" && pub.Precision == models.PrecisionDay:
			monday := p0.AddDays(-((int(p0.Time().Weekday()) + 6) % 7))
			return periodPhrase{first: i, last: i + n, period: models.UniformPeriod(monday, p0, models.PrecisionDay), reason: func(l models.Lang) string { return i18n.T(l, "why.this_week", "At", at(l)) }}, true
		}
	}
	if pub.Precision == models.PrecisionDay {
		// "on Tuesday", "last Tuesday": the latest such day up to the publication
		if i+1 < len(toks) && (contains(pw.On, toks[i].low) || contains(pw.Last, toks[i].low)) {
			for wd, name := range lx.Weekdays {
				if toks[i+1].low != name {
					continue
				}
				back := (int(p0.Time().Weekday()) + 6 - wd) % 7
				if contains(pw.Last, toks[i].low) && back == 0 {
					back = 7
				}
				d, day := p0.AddDays(-back), toks[i+1].text
				return periodPhrase{first: i, last: i + 1, period: models.UniformPeriod(d, d, models.PrecisionDay), reason: func(l models.Lang) string { return i18n.T(l, "why.weekday", "Day", day, "At", at(l)) }}, true
			}
		}
		if n := anyWords(toks, i, pw.Yesterday); n > 0 {
			d := p0.AddDays(-1)
			return periodPhrase{first: i, last: i + n - 1, period: models.UniformPeriod(d, d, models.PrecisionDay), reason: func(l models.Lang) string { return i18n.T(l, "why.yesterday", "At", at(l)) }}, true
		}
		if n := anyWords(toks, i, pw.Today); n > 0 {
			return periodPhrase{first: i, last: i + n - 1, period: models.UniformPeriod(p0, p0, models.PrecisionDay), reason: func(l models.Lang) string { return i18n.T(l, "why.today", "At", at(l)) }}, true
		}
	}
	return periodPhrase{}, false
}
