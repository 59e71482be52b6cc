package models

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseFigureFilter(t *testing.T) {
	tests := []struct {
		query string
		want  FigureFilter
	}{
		{"", FigureFilter{}},
		{"metric=apprehended", FigureFilter{Metrics: []string{"apprehended"}}},
		{"metric=apprehended,in_custody&metric=deaths", FigureFilter{Metrics: []string{"apprehended", "in_custody", "deaths"}}},
		{"metric=+apprehended+,+,,in_custody+&metric=", FigureFilter{Metrics: []string{"apprehended", "in_custody"}}},
		{"source=hrw-2017-10-24,un-2018&source=nk-db", FigureFilter{Sources: []string{"hrw-2017-10-24", "un-2018", "nk-db"}}},
		{"from=2017-07&to=2017-08", FigureFilter{From: ymd(2017, 7, 1), To: ymd(2017, 8, 31)}},
		{"from=2017&to=2017", FigureFilter{From: ymd(2017, 1, 1), To: ymd(2017, 12, 31)}},
		{"from=+2017-07-15+", FigureFilter{From: ymd(2017, 7, 15)}},
		{"to=2016-02", FigureFilter{To: ymd(2016, 2, 29)}},
		{"from=2017-07-15&to=2017-07", FigureFilter{From: ymd(2017, 7, 15), To: ymd(2017, 7, 31)}},
		{"acting=cn&receiving=kp,Cn", FigureFilter{ActingStates: []string{"CN"}, ReceivingStates: []string{"KP", "CN"}}},
		{"qualifier=at_least,range&qualifier=documented", FigureFilter{Qualifiers: []Qualifier{QualAtLeast, QualRange, QualDocumented}}},
		{"status=draft&status=retracted", FigureFilter{Statuses: []Status{StatusDraft, StatusRetracted}}},
		{"sort=-period", FigureFilter{Sort: "-period"}},
		{"sort=value", FigureFilter{Sort: "value"}},
		{"limit=20&offset=40", FigureFilter{Limit: 20, Offset: 40}},
		{"limit=500&offset=0", FigureFilter{Limit: 500}},
		{"offset=1,000", FigureFilter{Offset: 1000}},
		{"limit=20&page=3", FigureFilter{Limit: 20, Offset: 40}},
		{"page=2", FigureFilter{Offset: DefaultPageSize}},
		{"page=1&offset=10", FigureFilter{Offset: 10}},
		{"page=3&offset=10&limit=10", FigureFilter{Limit: 10, Offset: 20}},
		{
			"metric=apprehended&source=hrw&from=2016-06&to=2017&acting=CN&receiving=KP&qualifier=exact&status=published&sort=-value&limit=50&page=2",
			FigureFilter{
				Metrics: []string{"apprehended"}, Sources: []string{"hrw"}, From: ymd(2016, 6, 1), To: ymd(2017, 12, 31),
				ActingStates: []string{"CN"}, ReceivingStates: []string{"KP"}, Qualifiers: []Qualifier{QualExact},
				Statuses: []Status{StatusPublished}, Sort: "-value", Limit: 50, Offset: 50,
			},
		},
		{"unknown=1&Metric=Deaths", FigureFilter{}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseFigureFilter(q)
			if err != nil {
				t.Fatalf("ParseFigureFilter(%s): %v", tt.query, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseFigureFilter(%s) (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}

func TestParseFigureFilterErrors(t *testing.T) {
	tests := []struct {
		query string
		want  []wantProblem
	}{
		{"metric=Apprehended", []wantProblem{{"metric", `expected metric slugs such as apprehended, got "Apprehended"`}}},
		{"metric=deaths,in-custody", []wantProblem{{"metric", `got "in-custody"`}}},
		{"source=Bad_Key", []wantProblem{{"source", `expected source ids (expected 1 to 100 lower-case letters, digits and hyphens, not starting or ending with a hyphen), got "Bad_Key"`}}},
		{"from=2017-13", []wantProblem{{"from", `"2017-13": month must be 01 to 12`}}},
		{"from=July", []wantProblem{{"from", "expected YYYY, YYYY-MM or YYYY-MM-DD"}}},
		{"to=17", []wantProblem{{"to", `"17" is not a date`}}},
		{"from=2017-08&to=2017-07", []wantProblem{{"to", "must not be before from (2017-08-01)"}}},
		{"acting=XX", []wantProblem{{"acting", `expected a two-letter ISO 3166-1 code such as CN or KP, or none, got "XX"`}}},
		// Echoed as typed, not as checked (upper case).
		{"acting=China", []wantProblem{{"acting", `expected a two-letter ISO 3166-1 code such as CN or KP, or none, got "China"`}}},
		{"receiving=kp,korea", []wantProblem{{"receiving", `got "korea"`}}},
		{"population=a%0Ab", []wantProblem{{"population", `expected one line of text of at most 200 characters, got "a\nb"`}}},
		{"unit=" + strings.Repeat("x", 201), []wantProblem{{"unit", "expected one line of text of at most 200 characters"}}},
		{"kind=flows", []wantProblem{{"kind", `expected flow, stock or cumulative, got "flows"`}}},
		{"starts=2017-13", []wantProblem{{"starts", `"2017-13": month must be 01 to 12`}}},
		{"summarised=yes", []wantProblem{{"summarised", `expected true or false, got "yes"`}}},
		// A long list is refused whole, once, and a long value not repeated.
		{"source=" + strings.Repeat("s,", 101), []wantProblem{{"source", "expected at most 100 values, got 101"}}},
		{"metric=a&metric=" + strings.Repeat("b,", 100), []wantProblem{{"metric", "expected at most 100 values, got 101"}}},
		{"population=p" + strings.Repeat("&population=p", 100), []wantProblem{{"population", "expected at most 100 values, got 101"}}},
		{"source=" + strings.Repeat("X", 5000), []wantProblem{{"source", `got "` + strings.Repeat("X", 40) + `…"`}}},
		{"receiving=kp,uk", []wantProblem{{"receiving", `got "uk"`}}},
		{"qualifier=approx", []wantProblem{{"qualifier", `expected exact, documented, at_least, more_than, about, at_most, range, unquantified, got "approx"`}}},
		{"status=deleted", []wantProblem{{"status", `expected draft, published or retracted, got "deleted"`}}},
		{"sort=name", []wantProblem{{"sort", `expected one of period, value, metric, source, updated, id (prefix - for descending), got "name"`}}},
		{"sort=--period", []wantProblem{{"sort", `got "--period"`}}},
		{"sort=-", []wantProblem{{"sort", `got "-"`}}},
		{"limit=0", []wantProblem{{"limit", `expected a whole number from 1 to 500, got "0"`}}},
		{"limit=501", []wantProblem{{"limit", `got "501"`}}},
		{"limit=ten", []wantProblem{{"limit", `got "ten"`}}},
		{"limit=-1", []wantProblem{{"limit", `got "-1"`}}},
		{"limit=1.5", []wantProblem{{"limit", `got "1.5"`}}},
		{"offset=-1", []wantProblem{{"offset", `expected a whole number from 0 to 1073741824, got "-1"`}}},
		{"offset=99999999999999999999", []wantProblem{{"offset", "from 0 to"}}},
		{"page=0", []wantProblem{{"page", `expected a whole number from 1 to 1048576, got "0"`}}},
		{"page=x", []wantProblem{{"page", `got "x"`}}},
		{"limit=007", []wantProblem{{"limit", `expected a whole number from 1 to 500, got "007"`}}},
		{"limit=%2B5", []wantProblem{{"limit", `got "+5"`}}},
		{"limit=1.0", []wantProblem{{"limit", `got "1.0"`}}},
		{"offset=0,123", []wantProblem{{"offset", `got "0,123"`}}},
		{"offset=1e3", []wantProblem{{"offset", `got "1e3"`}}},
		{"page=02", []wantProblem{{"page", `got "02"`}}},
		{
			"metric=X&source=-&from=2017-13&acting=zz&qualifier=q&status=s&sort=s&limit=0&offset=-1&page=0",
			[]wantProblem{{"metric", ""}, {"source", ""}, {"from", ""}, {"acting", ""}, {"qualifier", ""}, {"status", ""}, {"sort", ""}, {"limit", ""}, {"offset", ""}, {"page", ""}},
		},
		// Every parameter wrong at once: one problem each, in FilterParams'
		// order, both dates' and both state lists' included.
		{
			"page=0&offset=-1&limit=0&sort=s&summarised=1&starts=x&kind=k&unit=%00&population=%00&status=s&qualifier=q&receiving=zz&acting=zz&to=17&from=2017-13&source=-&metric=X",
			[]wantProblem{{"metric", ""}, {"source", ""}, {"from", ""}, {"to", ""}, {"acting", ""}, {"receiving", ""}, {"qualifier", ""}, {"status", ""},
				{"population", ""}, {"unit", ""}, {"kind", ""}, {"starts", ""}, {"summarised", ""}, {"sort", ""}, {"limit", ""}, {"offset", ""}, {"page", ""}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			_, err = ParseFigureFilter(q)
			checkProblems(t, err, tt.want)
			if got := ErrorMessage(err); got != "invalid filter" {
				t.Errorf("ErrorMessage = %q, want %q", got, "invalid filter")
			}
		})
	}
}

func TestFigureFilterValues(t *testing.T) {
	full := FigureFilter{
		Metrics: []string{"apprehended", "deaths"}, Sources: []string{"hrw"}, From: ymd(2016, 6, 1), To: ymd(2017, 12, 31),
		ActingStates: []string{"CN"}, ReceivingStates: []string{"KP", "RU"}, Qualifiers: []Qualifier{QualAtLeast, QualRange},
		Statuses: []Status{StatusPublished}, Sort: "-period", Limit: 20, Offset: 40,
		Populations: []string{"North Koreans, women", "children"}, Units: []string{"people"}, Kinds: []QuantityKind{Flow, Stock},
		Starts: PartialDate{Start: ymd(2019, 3, 1), End: ymd(2019, 3, 31), Precision: PrecisionMonth}, Summarised: true,
	}
	wantValues := url.Values{
		"metric": {"apprehended,deaths"}, "source": {"hrw"}, "from": {"2016-06-01"}, "to": {"2017-12-31"},
		"acting": {"CN"}, "receiving": {"KP,RU"}, "qualifier": {"at_least,range"}, "status": {"published"}, "sort": {"-period"},
		"population": {"North Koreans, women", "children"}, "unit": {"people"}, "kind": {"flow,stock"}, "starts": {"2019-03"}, "summarised": {"true"},
	}
	if diff := cmp.Diff(wantValues, full.Values()); diff != "" {
		t.Errorf("Values (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(url.Values{}, FigureFilter{Limit: 10, Offset: 30}.Values()); diff != "" {
		t.Errorf("Values of a paging-only filter (-want +got):\n%s", diff)
	}

	for _, query := range []string{
		"",
		"metric=apprehended&metric=deaths,in_custody",
		"from=2017-07&to=2017-08",
		"from=2016",
		"to=2016-02",
		"acting=cn&receiving=kp,ru",
		"qualifier=range&status=draft,retracted&sort=-updated",
		"metric=apprehended&source=hrw&from=2016-06&to=2017&acting=CN&receiving=KP&qualifier=exact&status=published&sort=-value&limit=50&page=2",
		"acting=none&receiving=KP,none&population=North+Koreans%2C+women&population=children&unit=people&kind=stock&starts=2019&summarised=true",
		"starts=2019-03-05&summarised=false",
	} {
		t.Run("round trip "+query, func(t *testing.T) {
			q, _ := url.ParseQuery(query)
			f, err := ParseFigureFilter(q)
			if err != nil {
				t.Fatal(err)
			}
			again, err := ParseFigureFilter(f.Values())
			if err != nil {
				t.Fatalf("ParseFigureFilter(%s): %v", f.Values().Encode(), err)
			}
			f.Limit, f.Offset = 0, 0 // Values leaves paging out
			if diff := cmp.Diff(f, again); diff != "" {
				t.Errorf("round trip through %s (-first +again):\n%s", f.Values().Encode(), diff)
			}
		})
	}
}

func TestFigureFilterDescribe(t *testing.T) {
	tests := []struct {
		f    FigureFilter
		want string
	}{
		{FigureFilter{}, "none (all published and retracted figures)"},
		{FigureFilter{Limit: 20, Offset: 40}, "none (all published and retracted figures)"},
		{FigureFilter{Metrics: []string{"apprehended"}, Statuses: []Status{StatusPublished}}, "metric = apprehended; status = published"},
		{
			FigureFilter{
				Sort: "-period", Statuses: []Status{StatusPublished, StatusRetracted}, Qualifiers: []Qualifier{QualAtLeast},
				ReceivingStates: []string{"KP"}, ActingStates: []string{"CN", "RU"}, To: ymd(2017, 8, 31), From: ymd(2017, 7, 1),
				Sources: []string{"hrw"}, Metrics: []string{"apprehended", "deaths"},
			},
			"metric = apprehended,deaths; source = hrw; from = 2017-07-01; to = 2017-08-31; acting = CN,RU; receiving = KP; " +
				"qualifier = at_least; status = published,retracted; sort = -period",
		},
	}
	for _, tt := range tests {
		if got := tt.f.Describe(); got != tt.want {
			t.Errorf("Describe(%+v) =\n%q\nwant\n%q", tt.f, got, tt.want)
		}
	}
}

// FuzzParseFigureFilter checks that ParseFigureFilter never panics on any
// query string, and that a filter it accepts is written by Values() as
// parameters that read back as the same filter (paging aside), so that
// permalinks and download links select the same rows as the page.
func FuzzParseFigureFilter(f *testing.F) {
	for _, s := range []string{
		"", "metric=apprehended,in_custody&metric=deaths", "from=2017-07&to=2017-08", "from=2017&to=2017-07-15",
		"acting=cn&receiving=kp,CN", "qualifier=at_least,range&status=draft", "sort=-period&limit=20&page=3",
		"from=2017-08&to=2017-07", "limit=0&offset=-1&page=0", "metric=+,+,&source=%20hrw%20", "sort=--id", "acting=c%C4%B1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, _ := url.ParseQuery(raw) // keeps what parses, as net/http does
		flt, err := ParseFigureFilter(q)
		_ = flt.Describe()
		if err != nil {
			if ErrorCode(err) != EInvalid || len(FieldErrors(err)) == 0 {
				t.Fatalf("ParseFigureFilter(%s): error without field problems: %v", raw, err)
			}
			return
		}
		if flt.Limit < 0 || flt.Limit > MaxPageSize || flt.Offset < 0 {
			t.Fatalf("ParseFigureFilter(%s): paging %d/%d", raw, flt.Limit, flt.Offset)
		}
		v := flt.Values()
		again, err := ParseFigureFilter(v)
		if err != nil {
			t.Fatalf("ParseFigureFilter(%s) = %+v, written as %s, which is refused: %v", raw, flt, v.Encode(), err)
		}
		flt.Limit, flt.Offset, flt.Cursor = 0, 0, nil
		if diff := cmp.Diff(flt, again, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("ParseFigureFilter(%s) written as %s reads back differently (-first +again):\n%s", raw, v.Encode(), diff)
		}
	})
}

// TestParseFigureFilterListBound: a list of maxListValues values is read
// whole; one more is refused.
func TestParseFigureFilterListBound(t *testing.T) {
	ids := make([]string, maxListValues)
	for i := range ids {
		ids[i] = fmt.Sprintf("source-%d", i)
	}
	f, err := ParseFigureFilter(url.Values{"source": {strings.Join(ids, ",")}})
	if err != nil || len(f.Sources) != maxListValues {
		t.Fatalf("%d sources: %d read, err %v; want all, no error", maxListValues, len(f.Sources), err)
	}
	if _, err := ParseFigureFilter(url.Values{"source": append(ids, "one-more")}); err == nil {
		t.Errorf("%d sources: no error", maxListValues+1)
	}
}
