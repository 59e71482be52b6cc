package intake

import (
	"forcedreturns/internal/i18n"
	"forcedreturns/models"
)

// why is the reason for a guess in any language of the site, written
// from the messages of the catalogue part intake.<lang>.yaml, which a
// translator edits (Guess.Reason is its English, as the command line
// prints it; Guess.ReasonIn its text in another language). The words
// in quotes are the text's own and stay as written.
type why func(l models.Lang) string

// in writes w in language l ("" for none).
func (w why) in(l models.Lang) string {
	if w == nil {
		return ""
	}
	return w(l)
}

// joinWhy writes a and b joined by "; ", either alone when the other is
// none.
func joinWhy(a, b why) why {
	switch {
	case b == nil:
		return a
	case a == nil:
		return b
	}
	return func(l models.Lang) string { return i18n.T(l, "why.join", "A", a(l), "B", b(l)) }
}

// quotedWhy is the text's own words as the reason: "“according to the
// ministry”".
func quotedWhy(words string) why {
	return func(l models.Lang) string { return i18n.T(l, "why.quoted", "Words", words) }
}

// pubDateIn writes a publication date in language l: as the import format
// writes a start in English (2017-09-18), "2017년 9월 18일" in Korean.
func pubDateIn(l models.Lang, pub models.PartialDate) string {
	if l == models.English {
		return models.Period{Start: pub.Start, Precision: pub.Precision}.StartText()
	}
	return pub.ShortIn(l)
}

// quotedAs is the reason key (of why.<key>) with the text's own words.
func quotedAs(key, words string) why {
	return func(l models.Lang) string {
		switch key {
		case "before_number":
			return i18n.T(l, "why.before_number", "Words", words)
		case "documented":
			return i18n.T(l, "why.documented", "Words", words)
		case "in_clause":
			return i18n.T(l, "why.in_clause", "Words", words)
		case "kind_stock":
			return i18n.T(l, "why.kind_stock", "Words", words)
		case "kind_cumulative":
			return i18n.T(l, "why.kind_cumulative", "Words", words)
		case "population_most_only":
			return i18n.T(l, "why.population_most_only", "Words", words)
		case "acting_sentence":
			return i18n.T(l, "why.acting_sentence", "Words", words)
		case "according_to":
			return i18n.T(l, "why.according_to", "Words", words)
		}
		panic("intake: no reason " + key)
	}
}

// lastWhy: a figure takes the last period written before it in its
// paragraph, ph.
func lastWhy(ph periodPhrase) why {
	return func(l models.Lang) string {
		if ph.reason == nil {
			return i18n.T(l, "why.last_period_written", "Written", ph.written)
		}
		return i18n.T(l, "why.last_period", "Written", ph.written, "Reason", ph.reason.in(l))
	}
}

// noSuchMetric adds to a metric's reason that the tracker has no such
// metric.
func noSuchMetric(reason why) why {
	return func(l models.Lang) string { return i18n.T(l, "why.no_such_metric", "Reason", reason.in(l)) }
}

// fromWhy: a period read from ph (with ph's reason when it has one: a
// period written in full needs none, and gets no colon).
func fromWhy(ph periodPhrase) why {
	return func(l models.Lang) string {
		if ph.reason == nil {
			return i18n.T(l, "why.from_written", "Written", ph.written)
		}
		return i18n.T(l, "why.from", "Written", ph.written, "Reason", ph.reason.in(l))
	}
}

// fromAfter: a period read from ph, after the words of another metric.
func fromAfter(ph periodPhrase, words string) why {
	return func(l models.Lang) string {
		if ph.reason == nil {
			return i18n.T(l, "why.from_after_written", "Written", ph.written, "Words", words)
		}
		return i18n.T(l, "why.from_after", "Written", ph.written, "Words", words, "Reason", ph.reason.in(l))
	}
}

// rangeWhy: two bounds joined by word.
func rangeWhy(word string) why {
	return func(l models.Lang) string { return i18n.T(l, "why.range", "Word", word) }
}

// kindOf: the kind of the figure written.
func kindOf(written string) why {
	return func(l models.Lang) string { return i18n.T(l, "why.kind_of", "Written", written) }
}

// noPeriodParagraph: the period of another figure, for the reason given.
func noPeriodParagraph(reason why) why {
	return func(l models.Lang) string { return i18n.T(l, "why.no_period_paragraph", "Reason", reason.in(l)) }
}
