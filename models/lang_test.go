package models

import (
	"testing"
	"time"
)

func TestKoreanAmounts(t *testing.T) {
	q := func(ql Qualifier, v int64) Quantity { return Quantity{Qualifier: ql, Value: v} }
	tests := []struct {
		name   string
		f      Figure
		amount string // AmountLabelIn(Korean)
		value  string // ValueLabelIn(Korean)
	}{
		{"exact", Figure{Unit: UnitPeople, Value: 92, Qualifier: QualExact}, "92명", "92"},
		{"at least", Figure{Unit: UnitPeople, Value: 41, Qualifier: QualAtLeast}, "최소 41명", "최소 41"},
		{"about", Figure{Unit: UnitPeople, Value: 50, Qualifier: QualAbout}, "약 50명", "약 50"},
		{"at most", Figure{Unit: UnitPeople, Value: 600, Qualifier: QualAtMost}, "최대 600명", "최대 600"},
		{"more than is strict", Figure{Unit: UnitPeople, Value: 500, Qualifier: QualMoreThan}, "500명 초과", "500 초과"},
		{"documented", Figure{Unit: UnitPeople, Value: 41, Qualifier: QualDocumented}, "확인된 41명", "확인된 41"},
		{"range", Figure{Unit: UnitPeople, ValueLow: 24, ValueHigh: 99, Qualifier: QualRange}, "24–99명", "24–99"},
		{"grouping", Figure{Unit: UnitPeople, Value: 1234567, Qualifier: QualAtLeast}, "최소 1,234,567명", "최소 1,234,567"},
		{"one person has no plural", Figure{Unit: UnitPeople, Value: 1, Qualifier: QualExact}, "1명", "1"},
		{"percent", Figure{Unit: UnitPercent, ShareOf: "x", Value: 60, Qualifier: QualMoreThan}, "60% 초과", "60% 초과"},
		{"other unit", Figure{Unit: "families", Value: 3, Qualifier: QualAbout}, "약 3 families", "약 3"},
		{"words, no number", Figure{Unit: UnitPeople, Qualifier: QualUnquantified, ValueText: "수십 명"}, "“수십 명” (숫자 없음)", "“수십 명” (숫자 없음)"},
		{"no words", Figure{Unit: UnitPeople, Qualifier: QualUnquantified}, "숫자 없음", "숫자 없음"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.AmountLabelIn(Korean); got != tt.amount {
				t.Errorf("AmountLabelIn(ko) = %q, want %q", got, tt.amount)
			}
			if got := tt.f.ValueLabelIn(Korean); got != tt.value {
				t.Errorf("ValueLabelIn(ko) = %q, want %q", got, tt.value)
			}
			// English is the single-language function, unchanged.
			if got, want := tt.f.AmountLabelIn(English), tt.f.AmountLabel(); got != want {
				t.Errorf("AmountLabelIn(en) = %q, want %q", got, want)
			}
			if got, want := tt.f.ValueLabelIn(English), tt.f.ValueLabel(); got != want {
				t.Errorf("ValueLabelIn(en) = %q, want %q", got, want)
			}
			if got, want := tt.f.Quantity().TextIn(English), tt.f.Quantity().Text(); got != want {
				t.Errorf("TextIn(en) = %q, want %q", got, want)
			}
		})
	}
	if got := q(QualAtLeast, 41).TextIn(Korean); got != "최소 41" {
		t.Errorf("TextIn(ko) = %q", got)
	}
}

func TestKoreanPeriods(t *testing.T) {
	p := func(start, end string) Period {
		t.Helper()
		pr, err := ParsePeriod(start, end)
		if err != nil {
			t.Fatal(err)
		}
		return pr
	}
	tests := []struct {
		period Period
		kind   QuantityKind
		ko, en string
	}{
		{p("2017-07", "2017-08"), Flow, "2017년 7월–8월", "Jul 2017 – Aug 2017"},
		{p("2016-07", "2017-06"), Flow, "2016년 7월–2017년 6월", "Jul 2016 – Jun 2017"},
		{p("2017-09-01", "2017-09-18"), Flow, "2017년 9월 1일–18일", "1 Sep 2017 – 18 Sep 2017"},
		{p("2017-07-01", "2017-08-31"), Flow, "2017년 7월 1일–8월 31일", "1 Jul 2017 – 31 Aug 2017"},
		{p("1994", "1998"), Flow, "1994년–1998년", "1994 – 1998"},
		{p("2019", "2023-12-05"), Cumulative, "2019년–2023년 12월 5일", "2019 – 5 Dec 2023"},
		{p("2017-09-18", "2017-09-18"), Stock, "2017년 9월 18일 기준", "18 Sep 2017"},
		{p("2017-09-18", "2017-09-18"), Flow, "2017년 9월 18일", "18 Sep 2017"},
		{p("2017-07", "2017-07"), Flow, "2017년 7월", "Jul 2017"},
		{p("2017", "2017"), Flow, "2017년", "2017"},
	}
	for _, tt := range tests {
		if got, want := tt.period.PrecisionTextIn(English), tt.period.PrecisionText(); got != want {
			t.Errorf("%v PrecisionTextIn(en) = %q, want %q", tt.period, got, want)
		}
		if got := tt.period.LabelIn(Korean, tt.kind); got != tt.ko {
			t.Errorf("%v LabelIn(ko) = %q, want %q", tt.period, got, tt.ko)
		}
		if got := tt.period.LabelIn(English, tt.kind); got != tt.en || got != tt.period.Label() {
			t.Errorf("%v LabelIn(en) = %q, want %q and Label() %q", tt.period, got, tt.en, tt.period.Label())
		}
	}
}

func TestKoreanPrecisionText(t *testing.T) {
	for _, tt := range []struct {
		start, end, want string
	}{
		{"2017-07", "2017-08", "월 단위"},
		{"2017-07-01", "2017-08-31", "일 단위"},
		{"1994", "1998", "연 단위"},
		{"2019", "2023-12-05", "시작은 연 단위, 끝은 일 단위"},
	} {
		p, err := ParsePeriod(tt.start, tt.end)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.PrecisionTextIn(Korean); got != tt.want {
			t.Errorf("%s–%s PrecisionTextIn(ko) = %q, want %q", tt.start, tt.end, got, tt.want)
		}
	}
}

func TestKoreanDates(t *testing.T) {
	tests := []struct{ in, ko, en string }{
		{"2023", "2023년", "2023"},
		{"2023-12", "2023년 12월", "December 2023"},
		{"2023-12-05", "2023년 12월 5일", "5 December 2023"},
	}
	for _, tt := range tests {
		d, err := ParsePartialDate(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.LabelIn(Korean); got != tt.ko {
			t.Errorf("%s LabelIn(ko) = %q, want %q", tt.in, got, tt.ko)
		}
		if got := d.LabelIn(English); got != tt.en {
			t.Errorf("%s LabelIn(en) = %q, want %q", tt.in, got, tt.en)
		}
		s := Source{PublishedOn: d.Start, PublishedPrecision: d.Precision}
		if got := d.LabelIn(English); got != s.PublishedLabel() {
			t.Errorf("%s LabelIn(en) = %q, PublishedLabel %q", tt.in, got, s.PublishedLabel())
		}
	}
	at := time.Date(2017, 9, 18, 14, 5, 0, 0, time.UTC)
	if got := DateTimeIn(Korean, at); got != "2017년 9월 18일 14:05 UTC" {
		t.Errorf("DateTimeIn(ko) = %q", got)
	}
	if got := DateTimeIn(English, at); got != "18 Sep 2017 14:05 UTC" {
		t.Errorf("DateTimeIn(en) = %q", got)
	}
}

func TestNumbersIn(t *testing.T) {
	for _, n := range []int64{0, 7, 999, 1000, 12345, 1234567, -4321} {
		if got, want := FormatIntIn(Korean, n), FormatInt(n); got != want {
			t.Errorf("FormatIntIn(ko, %d) = %q, want %q (Korean groups by three with commas)", n, got, want)
		}
		if got, want := FormatIntIn(English, n), FormatInt(n); got != want {
			t.Errorf("FormatIntIn(en, %d) = %q, want %q", n, got, want)
		}
	}
	for _, s := range []string{"en", "ko"} {
		if l, ok := ParseLang(s); !ok || string(l) != s {
			t.Errorf("ParseLang(%q) = %q, %v", s, l, ok)
		}
	}
	for _, s := range []string{"", "KO", "ko-KR", "fr"} {
		if _, ok := ParseLang(s); ok {
			t.Errorf("ParseLang(%q) accepted", s)
		}
	}
}

// TestChartFormsIn: the short forms charts write on marks and in their
// tables, in each language; English is what the single-language
// functions write.
func TestChartFormsIn(t *testing.T) {
	month := Period{Start: NewDate(2017, 7, 1), End: NewDate(2017, 7, 15), Precision: PrecisionDay, EndPrecision: PrecisionDay}
	mixed := Period{Start: NewDate(2019, 1, 1), End: NewDate(2023, 12, 5), Precision: PrecisionYear, EndPrecision: PrecisionDay}
	src := Source{PublishedOn: NewDate(2017, 9, 18), PublishedPrecision: PrecisionDay}
	base := Figure{Unit: UnitPeople, Value: 92, Qualifier: QualDocumented}
	share := Figure{Unit: UnitPercent, ShareOf: "x", Value: 60, Qualifier: QualMoreThan}
	tests := []struct {
		name, en, ko string
		in           func(Lang) string
	}{
		{"documented mark", "41 documented", "확인된 41", func(l Lang) string { return Quantity{Qualifier: QualDocumented, Value: 41}.ShortIn(l) }},
		{"lower bound mark", "≥ 1,234", "≥ 1,234", func(l Lang) string { return Quantity{Qualifier: QualAtLeast, Value: 1234}.ShortIn(l) }},
		{"range mark", "24–99", "24–99", func(l Lang) string { return Quantity{Qualifier: QualRange, Low: 24, High: 99}.ShortIn(l) }},
		{"rate", "20.5 documented", "확인된 20.5", func(l Lang) string { return Rate{Qualifier: QualDocumented, Value: 20.5}.ShortIn(l) }},
		{"months", "2 months", "2개월", func(l Lang) string { return MonthsIn(l, 2) }},
		{"one month", "1 month", "1개월", func(l Lang) string { return MonthsIn(l, 1) }},
		{"fractional months", "1.4 months", "1.4개월", func(l Lang) string { return MonthsIn(l, 1.4) }},
		{"kind", "stock at that date", "시점 현황 (그 날짜 기준)", func(l Lang) string { return KindTextIn(l, Stock) }},
		{"qualifier name", "at least", "최소", func(l Lang) string { return QualAtLeast.NameIn(l) }},
		{"qualifier name, documented", "documented count", "확인된 수", func(l Lang) string { return QualDocumented.NameIn(l) }},
		{"qualifier name, words", "no number", "숫자 없음", func(l Lang) string { return QualUnquantified.NameIn(l) }},
		{"published", "18 Sep 2017", "2017년 9월 18일", func(l Lang) string { return src.PublishedShortIn(l) }},
		{"no rate, short", "the period is shorter than a month", "기간이 한 달보다 짧습니다", month.NoRateReasonIn},
		{"no rate, mixed", mixed.NoRateReason(), "양 끝의 정밀도가 달라(시작은 연 단위, 끝은 일 단위) 기간의 길이를 한 가지 비율을 낼 만큼 알 수 없습니다", mixed.NoRateReasonIn},
		{"share", "more than 60 % of the 92 documented apprehended", "Apprehended 확인된 92명 중 60% 초과", func(l Lang) string { return share.ShareTextIn(l, base, "Apprehended") }},
	}
	for _, tt := range tests {
		if got := tt.in(English); got != tt.en {
			t.Errorf("%s in English: %q, want %q", tt.name, got, tt.en)
		}
		if got := tt.in(Korean); got != tt.ko {
			t.Errorf("%s in Korean: %q, want %q", tt.name, got, tt.ko)
		}
	}
}
