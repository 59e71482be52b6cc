package models

import (
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// validSource is a complete, valid source; each test breaks one rule.
func validSource() Source {
	return Source{
		Key:               "hrw-2017-10-24",
		Title:             "China: Stop Forced Returns of North Koreans",
		Kind:              KindNGOReport,
		Publisher:         "Human Rights Watch",
		Authors:           "Jane Roe",
		AuthorAffiliation: "Asia Division",
		PublishedOn:       NewDate(2017, 10, 24),
		URL:               "https://www.hrw.org/news/2017/10/24/china-stop-forced-returns",
		ArchiveURL:        "https://web.archive.org/web/20171025000000/https://www.hrw.org/news/2017/10/24/china-stop-forced-returns",
		Language:          "en",
		AccessedOn:        NewDate(2017, 11, 1),
		TextSHA256:        strings.Repeat("0123456789abcdef", 4),
		Notes:             "Press release with a timeline.",
	}
}

// badURLs are links a reader must never be handed, with what the message
// must say; Source.Validate refuses each in url and in archive_url.
var badURLs = []struct {
	raw, want string
}{
	{"javascript:alert(1)", `must start with http:// or https:// (got scheme "javascript")`},
	{"JAVASCRIPT:alert(1)", `(got scheme "javascript")`},
	{"JavaScript:alert(document.cookie)", `(got scheme "javascript")`},
	{" javascript:alert(1)", "must not start or end with white space"},
	{"javascript:alert(1)\n", "must not start or end with white space"},
	{"\u00a0https://example.org/", "must not start or end with white space"},
	{"java\tscript:alert(1)", "must not contain spaces, control or invisible characters"},
	{"java\nscript:alert(1)", "must not contain spaces, control or invisible characters"},
	{"\x01javascript:alert(1)", "must not contain spaces, control or invisible characters"},
	{"data:text/html,<script>alert(1)</script>", `(got scheme "data")`},
	{"vbscript:msgbox(1)", `(got scheme "vbscript")`},
	{"file:///etc/passwd", `(got scheme "file")`},
	{"ftp://host/", `(got scheme "ftp")`},
	{"mailto:someone@example.org", `(got scheme "mailto")`},
	{"//evil.example/x", `must start with http:// or https:// (got scheme "")`},
	{"/figures/a", `(got scheme "")`},
	{"example.org/page", `(got scheme "")`},
	{"http://", "must have a host, as in https://example.org/page"},
	{"https:///path", "must have a host"},
	{"https://:443/", "must have a host"},
	{"https:example.org", "must have a host"},
	{`http:\\evil.example`, "must have a host"},
	{"https://user:pw@host/", "must not carry a user name or password"},
	{"https://user@host/", "must not carry a user name or password"},
	{`https://example.org\@evil.example/`, "is not a URL"},
	{"https://exa mple.org/", "must not contain spaces, control or invisible characters"},
	{"https://example.org/a b", "must not contain spaces, control or invisible characters"},
	{"https://example.org/\x7f", "must not contain spaces, control or invisible characters"},
	{"https://example.org/%zz", "is not a URL: expected http:// or https:// followed by a host"},
	{"http://[::1", "is not a URL"},
}

var goodURLs = []string{
	"https://example.org/a?b=c#d",
	"http://example.org",
	"HTTPS://EXAMPLE.ORG/Page",
	"https://example.org:8443/x/y/",
	"https://[2001:db8::1]/report.pdf",
	"https://例え.jp/パス",
	"https://example.org/search?q=%E5%8C%97&lang=ko",
}

func TestSourceValidateURLs(t *testing.T) {
	for _, tt := range badURLs {
		for _, field := range []string{"url", "archive_url"} {
			t.Run(field+"="+tt.raw, func(t *testing.T) {
				s := validSource()
				if field == "url" {
					s.URL = tt.raw
				} else {
					s.ArchiveURL = tt.raw
				}
				checkProblems(t, s.Validate(), []wantProblem{{field, tt.want}})
			})
		}
	}
	for _, raw := range goodURLs {
		t.Run("ok "+raw, func(t *testing.T) {
			s := validSource()
			s.URL, s.ArchiveURL = raw, raw
			checkProblems(t, s.Validate(), nil)
		})
	}
	t.Run("missing url", func(t *testing.T) {
		s := validSource()
		s.URL = ""
		checkProblems(t, s.Validate(), []wantProblem{{"url", "http:// or https://"}})
	})
	t.Run("no archive url is fine", func(t *testing.T) {
		s := validSource()
		s.ArchiveURL = ""
		checkProblems(t, s.Validate(), nil)
	})
	t.Run("Normalize trims a stray space but not a scheme", func(t *testing.T) {
		s := validSource()
		s.URL, s.ArchiveURL = " https://example.org/ ", " javascript:alert(1)"
		s.Normalize()
		checkProblems(t, s.Validate(), []wantProblem{{"archive_url", `(got scheme "javascript")`}})
	})
}

func TestSourceValidate(t *testing.T) {
	tests := []struct {
		name string
		edit func(s *Source)
		want []wantProblem
	}{
		{name: "valid", edit: func(s *Source) {}},
		{name: "valid with only the required fields", edit: func(s *Source) {
			s.Authors, s.AuthorAffiliation, s.ArchiveURL, s.Language, s.AccessedOn, s.TextSHA256, s.Notes = "", "", "", "", Date{}, "", ""
		}},
		{name: "valid accessed on the day of publication", edit: func(s *Source) { s.AccessedOn = s.PublishedOn }},
		{name: "language with region", edit: func(s *Source) { s.Language = "pt-BR" }},
		{name: "language with script and region", edit: func(s *Source) { s.Language = "zh-Hant-TW" }},
		{name: "three-letter language", edit: func(s *Source) { s.Language = "kor" }},
		{name: "upper-case language", edit: func(s *Source) { s.Language = "EN" }, want: []wantProblem{{"language", `expected a language tag such as en or pt-BR, got "EN"`}}},
		{name: "language with underscore", edit: func(s *Source) { s.Language = "en_US" }, want: []wantProblem{{"language", `got "en_US"`}}},
		{name: "language with empty subtag", edit: func(s *Source) { s.Language = "en-" }, want: []wantProblem{{"language", `got "en-"`}}},
		{name: "language name instead of tag", edit: func(s *Source) { s.Language = "english" }, want: []wantProblem{{"language", `got "english"`}}},
		{name: "one-letter language", edit: func(s *Source) { s.Language = "e" }, want: []wantProblem{{"language", `got "e"`}}},
		{name: "accessed before published", edit: func(s *Source) { s.AccessedOn = NewDate(2017, 10, 23) },
			want: []wantProblem{{"accessed_on", "must not be before published_on (2017-10-24)"}}},
		{name: "missing publication date", edit: func(s *Source) { s.PublishedOn = Date{} },
			want: []wantProblem{{"published_on", "required: the publication date as YYYY, YYYY-MM or YYYY-MM-DD"}}},
		{name: "month precision", edit: func(s *Source) { s.PublishedOn, s.PublishedPrecision = NewDate(2017, 10, 1), PrecisionMonth }},
		{name: "year precision", edit: func(s *Source) { s.PublishedOn, s.PublishedPrecision = NewDate(2017, 1, 1), PrecisionYear }},
		{name: "no precision is a full date", edit: func(s *Source) { s.PublishedPrecision = "" }},
		{name: "month precision on a later day", edit: func(s *Source) { s.PublishedPrecision = PrecisionMonth },
			want: []wantProblem{{"published_precision", "month precision needs the first day of the month, got 2017-10-24"}}},
		{name: "year precision on a later day", edit: func(s *Source) { s.PublishedOn, s.PublishedPrecision = NewDate(2017, 10, 1), PrecisionYear },
			want: []wantProblem{{"published_precision", "year precision needs 1 January, got 2017-10-01"}}},
		{name: "unknown precision", edit: func(s *Source) { s.PublishedPrecision = "week" },
			want: []wantProblem{{"published_precision", `must be day, month or year, got "week"`}}},
		{name: "accessed in the month of publication", edit: func(s *Source) {
			s.PublishedOn, s.PublishedPrecision, s.AccessedOn = NewDate(2023, 12, 1), PrecisionMonth, NewDate(2023, 12, 1)
		}},
		{name: "accessed in the year of publication", edit: func(s *Source) {
			s.PublishedOn, s.PublishedPrecision, s.AccessedOn = NewDate(2023, 1, 1), PrecisionYear, NewDate(2023, 1, 1)
		}},
		{name: "accessed before the month of publication", edit: func(s *Source) {
			s.PublishedOn, s.PublishedPrecision, s.AccessedOn = NewDate(2023, 12, 1), PrecisionMonth, NewDate(2023, 11, 30)
		}, want: []wantProblem{{"accessed_on", "must not be before published_on (2023-12)"}}},
		{name: "bad key", edit: func(s *Source) { s.Key = "HRW 2017" }, want: []wantProblem{{"id", `got "HRW 2017"`}}},
		{name: "key ending with a hyphen", edit: func(s *Source) { s.Key = "hrw-" }, want: []wantProblem{{"id", "not starting or ending with a hyphen"}}},
		{name: "missing title", edit: func(s *Source) { s.Title = "" }, want: []wantProblem{{"title", "required"}}},
		{name: "too long title", edit: func(s *Source) { s.Title = strings.Repeat("t", 501) }, want: []wantProblem{{"title", "must be at most 500 characters, got 501"}}},
		{name: "title with a control character", edit: func(s *Source) { s.Title = "a\x1bb" }, want: []wantProblem{{"title", "found U+001B"}}},
		{name: "unknown kind", edit: func(s *Source) { s.Kind = "blog" },
			want: []wantProblem{{"kind", `must be one of news, commentary, ngo_report, press_release, un, government, dataset; got "blog"`}}},
		{name: "missing kind", edit: func(s *Source) { s.Kind = "" }, want: []wantProblem{{"kind", `got ""`}}},
		{name: "missing publisher", edit: func(s *Source) { s.Publisher = "" }, want: []wantProblem{{"publisher", "required"}}},
		{name: "authors with leading space", edit: func(s *Source) { s.Authors = " Jane Roe" }, want: []wantProblem{{"authors", "white space"}}},
		{name: "too long affiliation", edit: func(s *Source) { s.AuthorAffiliation = strings.Repeat("a", 301) }, want: []wantProblem{{"author_affiliation", "at most 300"}}},
		{name: "upper-case hash", edit: func(s *Source) { s.TextSHA256 = strings.ToUpper(s.TextSHA256) }, want: []wantProblem{{"text_sha256", "expected 64 lower-case hex digits"}}},
		{name: "short hash", edit: func(s *Source) { s.TextSHA256 = "abc" }, want: []wantProblem{{"text_sha256", "64 lower-case hex"}}},
		{name: "notes with a NUL", edit: func(s *Source) { s.Notes = "a\x00" }, want: []wantProblem{{"notes", "control characters"}}},
		{name: "carries another source", edit: func(s *Source) { s.Original = "monitor-2021-03-03" }},
		{name: "carries itself", edit: func(s *Source) { s.Original = s.Key },
			want: []wantProblem{{"original", "a source cannot carry itself"}}},
		{name: "original not a key", edit: func(s *Source) { s.Original = "Monitor Group" },
			want: []wantProblem{{"original", `expected the id of the source this one carries (expected 1 to 100 lower-case letters, digits and hyphens, not starting or ending with a hyphen), got "Monitor Group"`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validSource()
			tt.edit(&s)
			checkProblems(t, s.Validate(), tt.want)
		})
	}
	for _, k := range SourceKinds {
		t.Run("kind "+string(k), func(t *testing.T) {
			s := validSource()
			s.Kind = k
			checkProblems(t, s.Validate(), nil)
		})
	}
	t.Run("accessed date without publication date names only the missing date", func(t *testing.T) {
		s := validSource()
		s.PublishedOn = Date{}
		s.AccessedOn = NewDate(2000, 1, 1)
		checkProblems(t, s.Validate(), []wantProblem{{"published_on", "required"}})
	})
	t.Run("an empty source reports every required field at once", func(t *testing.T) {
		var s Source
		checkProblems(t, s.Validate(), []wantProblem{
			{"id", ""}, {"title", "required"}, {"kind", ""}, {"publisher", "required"}, {"published_on", "required"}, {"url", ""},
		})
	})
}

func TestSourceNormalize(t *testing.T) {
	s := Source{
		Key: " k ", Title: " T ", Kind: " news ", Publisher: "\tP\n", Authors: " A ", AuthorAffiliation: " AA ",
		URL: " https://example.org/ ", ArchiveURL: " https://archive.example/ ", Language: " en ", TextSHA256: " ab ", Notes: " N ",
		PublishedOn: NewDate(2017, 1, 2), Original: " o ",
	}
	s.Normalize()
	want := Source{
		Key: "k", Title: "T", Kind: KindNews, Publisher: "P", Authors: "A", AuthorAffiliation: "AA",
		URL: "https://example.org/", ArchiveURL: "https://archive.example/", Language: "en", TextSHA256: "ab", Notes: "N",
		PublishedOn: NewDate(2017, 1, 2), PublishedPrecision: PrecisionDay, Original: "o",
	}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("Normalize (-want +got):\n%s", diff)
	}
}

func TestSourceCitation(t *testing.T) {
	s := validSource()
	want := "Jane Roe. “China: Stop Forced Returns of North Koreans.” Human Rights Watch, 24 October 2017. " + s.URL + " (archived: " + s.ArchiveURL + ")"
	if got := s.Citation(Source{}); got != want {
		t.Errorf("Citation() =\n%q\nwant\n%q", got, want)
	}
	s.Authors, s.ArchiveURL = "", ""
	want = "“China: Stop Forced Returns of North Koreans.” Human Rights Watch, 24 October 2017. " + s.URL
	if got := s.Citation(Source{}); got != want {
		t.Errorf("Citation() without authors and archive =\n%q\nwant\n%q", got, want)
	}
}

// A source that carries another's report is cited with the original's
// publisher and date first, at the original's precision, then the outlet.
func TestSourceCitationCarrying(t *testing.T) {
	s := validSource()
	s.Authors, s.ArchiveURL, s.Publisher, s.Original = "", "", "Outlet", "monitor-2021"
	orig := Source{Key: "monitor-2021", Publisher: "Monitor Group", PublishedOn: NewDate(2021, 3, 1), PublishedPrecision: PrecisionMonth}
	want := "“China: Stop Forced Returns of North Koreans.” Monitor Group (Mar 2021), as carried by Outlet, 24 October 2017. " + s.URL
	if got := s.Citation(orig); got != want {
		t.Errorf("Citation(original) =\n%q\nwant\n%q", got, want)
	}
}

// TestSourcePublishedAtItsPrecision checks that a date known to the month
// or the year is written, labelled and cited as such, never as its first
// day, and that it reads back from what it writes.
func TestSourcePublishedAtItsPrecision(t *testing.T) {
	tests := []struct {
		in                         string
		text, label, short, citing string
		end                        Date
	}{
		{"2023-12-05", "2023-12-05", "5 December 2023", "5 Dec 2023", "Human Rights Watch, 5 December 2023. ", NewDate(2023, 12, 5)},
		{"2023-12", "2023-12", "December 2023", "Dec 2023", "Human Rights Watch, December 2023. ", NewDate(2023, 12, 31)},
		{"2024-02", "2024-02", "February 2024", "Feb 2024", "Human Rights Watch, February 2024. ", NewDate(2024, 2, 29)},
		{"2023", "2023", "2023", "2023", "Human Rights Watch, 2023. ", NewDate(2023, 12, 31)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParsePartialDate(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			s := validSource()
			s.AccessedOn = Date{}
			s.SetPublished(d)
			if err := s.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if got := s.PublishedText(); got != tt.text {
				t.Errorf("PublishedText() = %q, want %q", got, tt.text)
			}
			if got := s.PublishedLabel(); got != tt.label {
				t.Errorf("PublishedLabel() = %q, want %q", got, tt.label)
			}
			if got := s.PublishedShort(); got != tt.short {
				t.Errorf("PublishedShort() = %q, want %q", got, tt.short)
			}
			if got := s.Citation(Source{}); !strings.Contains(got, tt.citing) {
				t.Errorf("Citation() = %q, want it to contain %q", got, tt.citing)
			}
			if got := s.Published(); got != d || got.End != tt.end {
				t.Errorf("Published() = %+v, want %+v ending %s", got, d, tt.end)
			}
		})
	}
}

// TestFigureViewCredit checks the credit line of charts and captions: the
// outlet is named only when it is not the reporter itself, and a source
// that carries another's report names the original's publisher and date
// first ("X (date), as carried by Y"), never "X, via X"; in Korean
// ("X(날짜), Y 전재") with no English word or month name.
func TestFigureViewCredit(t *testing.T) {
	monitor := Source{Key: "monitor-2021-03-03", Publisher: "Monitor Group", PublishedOn: NewDate(2021, 3, 3)}
	monthly := Source{Key: "monitor-2021-03", Publisher: "Monitor Group", PublishedOn: NewDate(2021, 3, 1), PublishedPrecision: PrecisionMonth}
	yearly := Source{Key: "monitor-2021", Publisher: "Monitor Group", PublishedOn: NewDate(2021, 1, 1), PublishedPrecision: PrecisionYear}
	tests := []struct {
		name                string
		reporter, publisher string
		original            Source
		want, ko            string
	}{
		{"reporter via outlet (the seed's op-ed)", "Human Rights Watch", "Refugees Deeply", Source{}, "Human Rights Watch, via Refugees Deeply", "Human Rights Watch, Refugees Deeply 게재"},
		{"reporter is the publisher", "Monitor Group", "Monitor Group", Source{}, "Monitor Group", "Monitor Group"},
		{"same name in another case and spacing", "monitor group", "Monitor Group ", Source{}, "monitor group", "monitor group"},
		{"no reporter", "", "Monitor Group", Source{}, "Monitor Group", "Monitor Group"},
		{"no publisher", "Monitor Group", "", Source{}, "Monitor Group", "Monitor Group"},
		{"carried", "Monitor Group", "Outlet", monitor, "Monitor Group (3 Mar 2021), as carried by Outlet", "Monitor Group(2021년 3월 3일), Outlet 전재"},
		{"carried, reporter in another case", "MONITOR GROUP", "Outlet", monitor, "Monitor Group (3 Mar 2021), as carried by Outlet", "Monitor Group(2021년 3월 3일), Outlet 전재"},
		{"carried, no reporter", "", "Outlet", monitor, "Monitor Group (3 Mar 2021), as carried by Outlet", "Monitor Group(2021년 3월 3일), Outlet 전재"},
		{"carried, reported to the original", "family members", "Outlet", monitor, "family members, via Monitor Group (3 Mar 2021), as carried by Outlet", "family members, Monitor Group(2021년 3월 3일), Outlet 전재"},
		{"carried, original known to the month", "Monitor Group", "Outlet", monthly, "Monitor Group (Mar 2021), as carried by Outlet", "Monitor Group(2021년 3월), Outlet 전재"},
		{"carried, original known to the year", "Monitor Group", "Outlet", yearly, "Monitor Group (2021), as carried by Outlet", "Monitor Group(2021년), Outlet 전재"},
		{"republished by its own publisher", "Monitor Group", "Monitor Group", monitor, "Monitor Group (3 Mar 2021), republished", "Monitor Group(2021년 3월 3일), 재게재"},
		{"an original without a publisher is not named", "Monitor Group", "Outlet", Source{Key: "x"}, "Monitor Group, via Outlet", "Monitor Group, Outlet 게재"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v FigureView
			v.Figure.ReportedBy, v.Source.Publisher, v.Original = tt.reporter, tt.publisher, tt.original
			got := v.CreditIn(English, nil)
			if got != tt.want {
				t.Errorf("CreditIn(English, %q, %q, %q) = %q, want %q", tt.reporter, tt.publisher, tt.original.Publisher, got, tt.want)
			}
			if k := v.CreditIn(Korean, nil); k != tt.ko {
				t.Errorf("CreditIn(Korean, %q, %q, %q) = %q, want %q", tt.reporter, tt.publisher, tt.original.Publisher, k, tt.ko)
			} else if m := englishInCredit.FindString(k); m != "" {
				t.Errorf("CreditIn(Korean) = %q has English %q", k, m)
			}
			for _, name := range []string{"Monitor Group", "Outlet", "Refugees Deeply"} {
				if strings.Contains(strings.ToLower(got), strings.ToLower(name+", via "+name)) ||
					strings.Contains(got, name+", as carried by "+name) {
					t.Errorf("Credit = %q names %s twice", got, name)
				}
			}
		})
	}
	var v FigureView
	v.Figure.ReportedBy, v.Source.Publisher = "A", "B"
	wrap := func(s string) string { return "<" + s + ">" }
	if got := v.CreditIn(English, wrap); got != "<A>, via <B>" {
		t.Errorf("Credit(wrap) = %q", got)
	}
	v.Figure.ReportedBy, v.Original = "C", monitor
	if got := v.CreditIn(English, wrap); got != "<C>, via <Monitor Group> (3 Mar 2021), as carried by <B>" {
		t.Errorf("Credit(wrap) of a carried source = %q", got)
	}
	if got := v.CreditIn(Korean, wrap); got != "<C>, <Monitor Group>(2021년 3월 3일), <B> 전재" {
		t.Errorf("CreditIn(Korean, wrap) of a carried source = %q", got)
	}
}

// englishInCredit finds the English words a Korean credit must not have:
// the joining words and month names.
var englishInCredit = regexp.MustCompile(`\b(via|as carried by|republished|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b`)

// TestSourceCitationKorean: a Korean page cites a source in Korean form —
// its Korean title when an editor gave one (else the title as written),
// the date in Korean, the original and the outlet that carried it, the
// archive named in Korean — while English stays as it was.
func TestSourceCitationKorean(t *testing.T) {
	s := validSource()
	en := s.CitationIn(English, Source{})
	if want := s.Citation(Source{}); en != want {
		t.Errorf("CitationIn(English) = %q, want Citation's %q", en, want)
	}
	want := "Jane Roe, “China: Stop Forced Returns of North Koreans”, Human Rights Watch, 2017년 10월 24일, " + s.URL + " (보관본: " + s.ArchiveURL + ")"
	if got := s.CitationIn(Korean, Source{}); got != want {
		t.Errorf("CitationIn(Korean) =\n%q\nwant\n%q", got, want)
	}
	s.TitleKo = "중국: 탈북민 강제송환을 멈추라"
	if got := s.CitationIn(Korean, Source{}); !strings.Contains(got, "“중국: 탈북민 강제송환을 멈추라”, ") {
		t.Errorf("CitationIn(Korean) with a Korean title = %q", got)
	}
	if got := s.Citation(Source{}); got != en {
		t.Errorf("a Korean title changed the English citation: %q", got)
	}
	s.Authors, s.ArchiveURL, s.Publisher, s.Original = "", "", "Outlet", "monitor-2021"
	orig := Source{Key: "monitor-2021", Publisher: "Monitor Group", PublishedOn: NewDate(2021, 3, 1), PublishedPrecision: PrecisionMonth}
	want = "“중국: 탈북민 강제송환을 멈추라”, Monitor Group(2021년 3월), Outlet 전재, 2017년 10월 24일, " + s.URL
	if got := s.CitationIn(Korean, orig); got != want {
		t.Errorf("CitationIn(Korean, original) =\n%q\nwant\n%q", got, want)
	}
	s.Publisher = "Monitor Group"
	if got := CarriageIn(Korean, s, orig, nil); got != "Monitor Group(2021년 3월), 재게재" {
		t.Errorf("CarriageIn(Korean) by the original's publisher = %q", got)
	}
}
