package models

import (
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Lang is a language the site speaks to its readers. English is the
// language of the data, the files, the command line and the validation
// messages; Korean is the second language of the pages. The language
// variants below (…In) are the one place each form is written in each
// language: for English they return exactly what the single-language
// function returns.
type Lang string

// The languages of the site.
const (
	English Lang = "en"
	Korean  Lang = "ko"
)

// Langs lists the site's languages, English (the default) first.
var Langs = []Lang{English, Korean}

// ParseLang reads a language code ("en", "ko"); ok is false for anything
// else.
func ParseLang(s string) (Lang, bool) {
	for _, l := range Langs {
		if s == string(l) {
			return l, true
		}
	}
	return English, false
}

// Tag is the language's BCP 47 tag.
func (l Lang) Tag() language.Tag {
	if l == Korean {
		return language.Korean
	}
	return language.English
}

// FormatIntIn writes n with the grouping of the language (CLDR, through
// golang.org/x/text): 12,345 in English (FormatInt) and in Korean alike.
func FormatIntIn(l Lang, n int64) string {
	if l == English {
		return FormatInt(n)
	}
	return message.NewPrinter(l.Tag()).Sprint(number.Decimal(n))
}

// koCounter is what follows a Korean number for unit: the counter 명 for
// people, % for a percentage, else the unit as the metric names it.
func koCounter(unit string) string {
	switch unit {
	case UnitPeople:
		return "명"
	case UnitPercent:
		return "%"
	case "":
		return ""
	}
	return " " + unit
}

// koQuantity writes q in Korean with counter after each number: "최소
// 41명", "41명 초과" (strictly more than), "약 50명", "최대 600명",
// "24–99명", "확인된 41명" (documented cases), "41명"; a quantity without a
// number is the source's words, "“수십 명” (숫자 없음)".
func koQuantity(q Quantity, counter string) string {
	n := func(v int64) string { return FormatIntIn(Korean, v) + counter }
	switch q.Qualifier {
	case QualRange:
		return FormatIntIn(Korean, q.Low) + "–" + n(q.High)
	case QualDocumented:
		return "확인된 " + n(q.Value)
	case QualUnquantified:
		return NoNumberTextIn(Korean, q.Words)
	case QualAtLeast:
		return "최소 " + n(q.Value)
	case QualMoreThan:
		return n(q.Value) + " 초과"
	case QualAbout:
		return "약 " + n(q.Value)
	case QualAtMost:
		return "최대 " + n(q.Value)
	}
	return n(q.Value)
}

// TextIn is Quantity.Text in language l.
func (q Quantity) TextIn(l Lang) string {
	if l == English {
		return q.Text()
	}
	return koQuantity(q, "")
}

// NoNumberTextIn is NoNumberText in language l: the source's words,
// quoted as written, and that no number was given.
func NoNumberTextIn(l Lang, words string) string {
	if l == English {
		return NoNumberText(words)
	}
	if words == "" {
		return "숫자 없음"
	}
	return "“" + words + "” (숫자 없음)"
}

// ValueLabelIn is Figure.ValueLabel in language l.
func (f Figure) ValueLabelIn(l Lang) string {
	if l == English {
		return f.ValueLabel()
	}
	if f.Percent() {
		return koQuantity(f.Quantity(), "%")
	}
	return f.Quantity().TextIn(l)
}

// AmountLabelIn is Figure.AmountLabel in language l: "최소 41명", "약
// 50명", "60% 초과".
func (f Figure) AmountLabelIn(l Lang) string {
	if l == English {
		return f.AmountLabel()
	}
	return koQuantity(f.Quantity(), koCounter(f.Unit))
}

// LabelIn is PartialDate.Label (with full month names, as a publication
// date is written) in language l: "2017년", "2017년 7월", "2017년 9월 18일".
func (d PartialDate) LabelIn(l Lang) string {
	if l == English {
		return d.Label("January 2006", "2 January 2006")
	}
	return koDate(d.Start, d.Precision, false, false)
}

// koDate writes d at precision pr in Korean, leaving out the year (and
// the month) when the other end of a period already says them.
func koDate(d Date, pr Precision, noYear, noMonth bool) string {
	if d.IsZero() {
		return ""
	}
	var parts []string
	if !noYear {
		parts = append(parts, strconv.Itoa(d.Year)+"년")
	}
	if pr == PrecisionMonth || pr == PrecisionDay {
		if !noMonth {
			parts = append(parts, strconv.Itoa(int(d.Month))+"월")
		}
	}
	if pr == PrecisionDay {
		parts = append(parts, strconv.Itoa(d.Day)+"일")
	}
	return strings.Join(parts, " ")
}

// LabelIn is Period.Label in language l. In Korean the end leaves out
// what the start already says, with no spaces around the dash:
// "2017년 7월–8월", "2017년 9월 1일–18일", "2016년 7월–2017년 6월",
// "2019년–2023년 12월 5일"; a stock, counted on one day, is "2017년 9월
// 18일 기준" (as of). English ignores kind, as Label does.
func (p Period) LabelIn(l Lang, kind QuantityKind) string {
	if l == English {
		return p.Label()
	}
	s, e := p.StartDate(), p.EndDate()
	a := koDate(s.Start, s.Precision, false, false)
	if kind == Stock && p.Start == p.End {
		return a + " 기준"
	}
	if s == e {
		return a
	}
	sameYear := s.Start.Year == e.Start.Year && s.Precision != PrecisionYear && e.Precision != PrecisionYear
	sameMonth := sameYear && s.Start.Month == e.Start.Month && s.Precision == PrecisionDay && e.Precision == PrecisionDay
	return a + "–" + koDate(e.Start, e.Precision, sameYear, sameMonth)
}

// DateTimeIn writes a moment (a revision, a token's last use) in language
// l: "2 Jan 2006 15:04 MST" in English, "2006년 1월 2일 15:04 MST" in Korean.
func DateTimeIn(l Lang, t interface{ Format(string) string }) string {
	if l == English {
		return t.Format("2 Jan 2006 15:04 MST")
	}
	return t.Format("2006년 1월 2일 15:04 MST")
}

// DescribeIn is Qualifier.Describe in language l.
func (q Qualifier) DescribeIn(l Lang) string {
	if l == English {
		return q.Describe()
	}
	switch q {
	case QualExact:
		return "정확한 수로 밝힌 수치"
	case QualDocumented:
		return "보고자가 확인한 사례의 수. 실제 수는 알 수 없으며 더 많을 수 있습니다"
	case QualAtLeast:
		return "하한: 최소 이만큼"
	case QualMoreThan:
		return "엄격한 하한: 이보다 많음"
	case QualAbout:
		return "어림수"
	case QualAtMost:
		return "상한: 최대(“많게는”) 이만큼"
	case QualRange:
		return "두 경계 사이의 범위"
	case QualUnquantified:
		return "숫자 없음: 출처가 “다수”나 “수십 명” 같은 말만 전합니다"
	}
	return ""
}

// PrecisionTextIn is Period.PrecisionText in language l: "월 단위", or
// "시작은 연 단위, 끝은 일 단위" when the ends differ.
func (p Period) PrecisionTextIn(l Lang) string {
	if l == English {
		return p.PrecisionText()
	}
	unit := map[Precision]string{PrecisionDay: "일", PrecisionMonth: "월", PrecisionYear: "연"}
	s, e := asKnown(p.PrecisionOfStart()), asKnown(p.PrecisionOfEnd())
	if s == e {
		return unit[s] + " 단위"
	}
	return "시작은 " + unit[s] + " 단위, 끝은 " + unit[e] + " 단위"
}

// ShortIn is Qualifier.Short in language l: the symbols read the same in
// Korean ("≥ 41", "~50"); a documented count is "확인된 41".
func (q Qualifier) ShortIn(l Lang, n string) string {
	if l != English && q == QualDocumented {
		return "확인된 " + n
	}
	return q.Short(n)
}

// ShortIn is Quantity.Short in language l, as short labels on marks show
// it.
func (q Quantity) ShortIn(l Lang) string {
	if l == English {
		return q.Short()
	}
	switch q.Qualifier {
	case QualRange:
		return FormatIntIn(l, q.Low) + "–" + FormatIntIn(l, q.High)
	case QualUnquantified:
		return q.TextIn(l)
	}
	return q.Qualifier.ShortIn(l, FormatIntIn(l, q.Value))
}

// ShortIn is Rate.Short in language l.
func (r Rate) ShortIn(l Lang) string {
	if l == English || r.Qualifier == QualRange {
		return r.Short()
	}
	return r.Qualifier.ShortIn(l, FormatDecimal(r.Value))
}

// ShortIn is PartialDate.Short in language l: "2017년 9월 18일".
func (d PartialDate) ShortIn(l Lang) string {
	if l == English {
		return d.Short()
	}
	return d.LabelIn(l)
}

// PublishedShortIn is Source.PublishedShort in language l.
func (s Source) PublishedShortIn(l Lang) string { return s.Published().ShortIn(l) }

// NoRateReasonIn is Period.NoRateReason in language l.
func (p Period) NoRateReasonIn(l Lang) string {
	if l == English {
		return p.NoRateReason()
	}
	switch {
	case p.Months() <= 0:
		return "기간의 경계가 올바르지 않습니다"
	case !p.LastsAMonth():
		return "기간이 한 달보다 짧습니다"
	case p.Mixed():
		return "양 끝의 정밀도가 달라(" + p.PrecisionTextIn(l) + ") 기간의 길이를 한 가지 비율을 낼 만큼 알 수 없습니다"
	}
	return ""
}

// KindNameIn is the name of a kind of quantity in language l: "flow",
// "stock", "cumulative"; in Korean "기간 발생" (events counted during a
// period), "시점 현황" (people counted as they stand at a date), "누적".
// The one place these terms are chosen: the charts, the figure page,
// the lists and the editor's form all name a kind by it.
func KindNameIn(l Lang, k QuantityKind) string {
	if l == English {
		return string(k)
	}
	switch k {
	case Flow:
		return "기간 발생"
	case Stock:
		return "시점 현황"
	case Cumulative:
		return "누적"
	}
	return string(k)
}

// KindTextIn names a kind of quantity for a reader in language l, as a
// chart's tooltip and table say it: "flow over the period", "기간 발생
// (기간 동안 센 수)".
func KindTextIn(l Lang, k QuantityKind) string {
	if l != English {
		switch k {
		case Flow:
			return KindNameIn(l, k) + " (기간 동안 센 수)"
		case Stock:
			return KindNameIn(l, k) + " (그 날짜 기준)"
		case Cumulative:
			return KindNameIn(l, k) + " (기간 전체의 합계)"
		}
		return string(k)
	}
	switch k {
	case Flow:
		return "flow over the period"
	case Stock:
		return "stock at that date"
	case Cumulative:
		return "cumulative total over the period"
	}
	return string(k)
}

// MonthsIn is a number of months in language l: "2 months", "1.4
// months", "2개월", "1.4개월".
func MonthsIn(l Lang, m float64) string {
	n := strconv.Itoa(int(m))
	if m != float64(int(m)) {
		n = strconv.FormatFloat(m, 'f', 1, 64)
	}
	if l != English {
		return n + "개월"
	}
	return n + " " + Plural(m, "month", "months")
}

// CitationIn is the line a reader copies to cite a figure in language
// l: its amount (Figure.AmountLabelIn, or the share's text), metric,
// population and period, who reported it, and its source's citation
// (Source.CitationIn). "최소 41명 (Apprehended, …, 2017년 7월–8월),
// 보고: …. …"
func (v FigureView) CitationIn(l Lang, amount string) string {
	f := v.Figure
	if l == English {
		return amount + " (" + v.Metric.Label + ", " + f.Population + ", " + f.Period.Label() + "), reported by " +
			f.ReportedBy + ". " + v.Source.Citation(v.Original)
	}
	return amount + " (" + v.Metric.LabelIn(l).Text + ", " + f.Population + ", " + f.Period.LabelIn(l, f.Kind) + "), 보고: " +
		f.ReportedBy + ". " + v.Source.CitationIn(l, v.Original)
}

// ShareTextIn is Figure.ShareText in language l: "Apprehended 92명 중 60%
// 초과" (the base's metric label as the metric names it).
func (f Figure) ShareTextIn(l Lang, base Figure, baseMetricLabel string) string {
	if l == English {
		return f.ShareText(base, baseMetricLabel)
	}
	return ShareBaseTextIn(l, base, baseMetricLabel) + " 중 " + f.ValueLabelIn(l)
}

// ShareBaseTextIn is ShareBaseText in language l: "체포 확인된 92명".
func ShareBaseTextIn(l Lang, base Figure, metricLabel string) string {
	if l == English {
		return ShareBaseText(base, metricLabel)
	}
	return metricLabel + " " + base.AmountLabelIn(l)
}

// NameIn is the qualifier's short name in language l, as tables, the
// filters' menu and the lines naming a list's filters write it: "at
// least", "documented count" in English, "최소" in Korean (the address
// keeps the code, at_least).
func (q Qualifier) NameIn(l Lang) string {
	if l == English {
		switch q {
		case QualDocumented:
			return "documented count"
		case QualUnquantified:
			return "no number"
		}
		return strings.ReplaceAll(string(q), "_", " ")
	}
	switch q {
	case QualExact:
		return "정확한 수"
	case QualDocumented:
		return "확인된 수"
	case QualAtLeast:
		return "최소"
	case QualMoreThan:
		return "초과"
	case QualAbout:
		return "약"
	case QualAtMost:
		return "최대"
	case QualRange:
		return "범위"
	case QualUnquantified:
		return "숫자 없음"
	}
	return string(q)
}

// UnitAfterIn is what follows the number n of unit in language l, as a
// summary writes it after a number or a range: " people" (" person" after
// a single 1) in English, the counter 명 in Korean.
func UnitAfterIn(l Lang, unit string, n int64) string {
	if l == English {
		return " " + UnitLabel(Quantity{Qualifier: QualExact, Value: n}, unit)
	}
	return koCounter(unit)
}
