// Package exporttest provides a small fixed data set for the tests of the
// export and import packages: the figures of the seed article, a share of
// one of them ("over 60 percent were women"), plus a
// fictional source whose texts are as awkward as a CSV or a spreadsheet can
// get (commas, quotes, line breaks, leading = - @ ', full-width signs, HTML).
// Only tests import it.
package exporttest

import (
	"time"

	"forcedreturns/models"
)

// Metrics are the metrics the figures use.
func Metrics() []models.Metric {
	return []models.Metric{
		{Slug: "apprehended", Label: "Apprehended", Definition: "People apprehended by the authorities of the acting state.", Unit: "people",
			LabelKo: "체포", DefinitionKo: "억류국 당국에 체포된 사람."},
		{Slug: "in_custody", Label: "In custody", Definition: "People held by the acting state on a date.", Unit: "people"},
		{Slug: "forcibly_returned", Label: "Forcibly returned", Definition: "People sent back to the receiving state against their will.", Unit: "people"},
		{Slug: "deaths", Label: "Deaths", Definition: "People who died.", Unit: "people"},
	}
}

// Sources are the two sources of the figures.
func Sources() []models.Source {
	return []models.Source{
		{
			Key:                "hrw-2017-dragnet",
			Title:              "North Korean Refugees Trapped by China’s Expanding Dragnet",
			TitleKo:            "중국의 확대되는 단속망에 갇힌 북한 난민",
			Kind:               models.KindCommentary,
			Publisher:          "Refugees Deeply (News Deeply)",
			Authors:            "Phil Robertson",
			AuthorAffiliation:  "Human Rights Watch",
			PublishedOn:        models.NewDate(2017, 9, 18),
			PublishedPrecision: models.PrecisionDay,
			URL:                "https://deeply.thenewhumanitarian.org/refugees/community/2017/09/18/north-korean-refugees-trapped-by-chinas-expanding-dragnet",
			Language:           "en",
			AccessedOn:         models.NewDate(2024, 5, 2),
			TextSHA256:         "9f2c1a4e6b8d0f1e3a5c7b9d1f3e5a7c9b1d3f5e7a9c1b3d5f7e9a1c3b5d7f90",
			Notes:              "Archive now hosted by The New Humanitarian.",
			Version:            2,
		},
		{
			Key:                "example-ngo-2020",
			Title:              `=Report, "quoted" & <b>tagged</b>`,
			TitleEn:            `+English title, "quoted", <i>tagged</i>`,
			Kind:               models.KindNGOReport,
			Publisher:          "-Example NGO, Inc.",
			Authors:            "@someone; 'quoted'",
			PublishedOn:        models.NewDate(2020, 2, 29),
			PublishedPrecision: models.PrecisionDay,
			URL:                "https://example.org/reports/2020?id=1&x=\"y\"",
			ArchiveURL:         "https://web.archive.org/web/2020/https://example.org/reports/2020",
			Language:           "ko",
			Notes:              "line one\nline two, with a comma",
			Version:            1,
		},
	}
}

const (
	q41 = "While an absolute figure on the number of fleeing North Koreans is impossible to determine, " +
		"Human Rights Watch documented the apprehending of 41 people in July and August, a steep increase " +
		"from the 51 known to have been caught the entire previous year, from July 2016 to June 2017."
	q92 = "Among the 92 North Koreans Human Rights Watch knows were caught since June 2016 were a newborn baby, " +
		"11 other children and four older women in frail health."
	q46 = "According to family members and activists, only 46 are still in Chinese custody and the rest have been " +
		"forced back, despite entreaties by UNHCR, the United Nations refugee agency, and concerned governments."
	qFamine = "Following the Arduous March in North Korea, the great famine that killed hundreds of thousands, " +
		"if not millions, of people between 1994 and 1998, many North Koreans crossed to China in their " +
		"desperate search for food and shelter."
	qGuides = "Human Rights Watch believes that China has also arrested a number of local guides, undermining the " +
		"capability of networks helping North Koreans to pass through China and reach safety in South Korea or " +
		"other third-party countries."
)

func intp(n int) *int { return &n }

func period(start, end string) models.Period {
	p, err := models.ParsePeriod(start, end)
	if err != nil {
		panic(err)
	}
	return p
}

// Figures are the figures of the data set, valid and normalised.
func Figures() []models.Figure {
	modified := time.Date(2024, 5, 2, 9, 30, 15, 123456789, time.FixedZone("KST", 9*3600))
	base := func(f models.Figure) models.Figure {
		if f.Unit == "" {
			f.Unit = "people"
		}
		if f.Status == "" {
			f.Status = models.StatusPublished
		}
		if f.Population == "" {
			f.Population = "North Koreans"
		}
		if f.Source == "" {
			f.Source = "hrw-2017-dragnet"
		}
		if f.ReportedBy == "" {
			f.ReportedBy = "Human Rights Watch"
		}
		if f.Version == 0 {
			f.Version = 1
		}
		f.UpdatedAt = modified
		f.CreatedAt = modified
		return f
	}
	return []models.Figure{
		base(models.Figure{
			Key: "apprehended-2017-07-08", Metric: "apprehended", Qualifier: models.QualDocumented, Value: 41,
			Period: period("2017-07", "2017-08"), Kind: models.Flow, ActingState: "CN", ReceivingState: "KP",
			Quote: q41, QuoteStart: intp(2741), QuoteEnd: intp(3001), Version: 3,
		}),
		base(models.Figure{
			Key: "apprehended-2016-07-2017-06", Metric: "apprehended", Qualifier: models.QualAtLeast, Value: 51,
			ValueText: "the 51 known to have been caught", Period: period("2016-07", "2017-06"), Kind: models.Flow,
			ActingState: "CN", ReceivingState: "KP", Quote: q41,
		}),
		base(models.Figure{
			Key: "apprehended-since-2016-06", Metric: "apprehended", Qualifier: models.QualDocumented, Value: 92,
			Period: period("2016-06", "2017-09-18"), Kind: models.Cumulative, ActingState: "CN", ReceivingState: "KP",
			Location: "China", Quote: q92,
		}),
		base(models.Figure{
			Key: "apprehended-newborn", Metric: "apprehended", Qualifier: models.QualExact, Value: 1,
			Period: period("2016-06", "2017-09-18"), Kind: models.Cumulative, Population: "North Korean newborns",
			ActingState: "CN", SubgroupOf: "apprehended-since-2016-06", Quote: q92,
		}),
		base(models.Figure{
			Key: "in-custody-2017-09-18", Metric: "in_custody", Qualifier: models.QualExact, Value: 46,
			Period: period("2017-09-18", ""), Kind: models.Stock, ActingState: "CN",
			Quote: q46, ReportedBy: "family members and activists, via Human Rights Watch",
		}),
		base(models.Figure{
			Key: "forcibly-returned-since-2016-06", Metric: "forcibly_returned", Qualifier: models.QualExact, Value: 46,
			Period: period("2016-06", "2017-09-18"), Kind: models.Cumulative, ActingState: "CN", ReceivingState: "KP",
			Derived: true, Formula: "{apprehended-since-2016-06} - {in-custody-2017-09-18}",
			Quote: q46, Notes: "“the rest” = 92 − 46; the article does not state the number.",
		}),
		base(models.Figure{
			Key: "famine-deaths-1994-1998", Metric: "deaths", Qualifier: models.QualRange, ValueLow: 200000, ValueHigh: 3000000,
			ValueText: "hundreds of thousands, if not millions", Period: period("1994", "1998"), Kind: models.Flow,
			Population: "people in North Korea", Quote: qFamine, ReportedBy: "Phil Robertson",
		}),
		base(models.Figure{
			Key: "awkward-1", Metric: "apprehended", Qualifier: models.QualAbout, Value: 0,
			ValueText: "-5", Unit: "+people", Period: period("2020-01-15", "2020-02-29"), Kind: models.Flow,
			Population: "@everyone, \"quoted\", and 'others'", Location: "'=not a formula",
			Source: "example-ngo-2020", Quote: "=HYPERLINK(\"http://evil.example\",\"click\")\nsecond line, \"quoted\"",
			ReportedBy: "＝full-width equals", Notes: "notes with\ttabs inside; and ''-x",
			Status: models.StatusRetracted, RetractReason: "-1 was a typo; see <script>alert(1)</script> & more",
		}),
		base(models.Figure{
			Key: "awkward-2", Metric: "in_custody", Qualifier: models.QualAtMost, Value: 1000000000000,
			ValueText: "''=two apostrophes then equals", Period: period("2020", ""), Kind: models.Flow,
			Population: "＠ 漢字 and émigrés — “curly”", Source: "example-ngo-2020",
			Quote: "'quoted at the start and the end'", QuoteStart: intp(0), QuoteEnd: intp(33),
			ReportedBy: "-", Status: models.StatusDraft, Version: 7,
		}),
		// A share: a percentage of another figure, never a count of people.
		base(models.Figure{
			Key: "apprehended-women-share", Metric: "apprehended", Qualifier: models.QualMoreThan, Value: 60,
			Unit: models.UnitPercent, Period: period("2016-06", "2017-09"), Kind: models.Cumulative,
			Population: "women", ActingState: "CN", ReceivingState: "KP", ShareOf: "apprehended-since-2016-06",
			Source: "example-ngo-2020", Quote: "Over 60 percent of them were women.", ReportedBy: "Example NGO",
		}),
		// Known only through someone else's summary: no quote, no offsets,
		// no quote link.
		base(models.Figure{
			Key: "awkward-3", Metric: "apprehended", Qualifier: models.QualAbout, Value: 60,
			Period: period("2020-02", ""), Kind: models.Flow, Population: "people at the border",
			Source: "example-ngo-2020", Paraphrase: "=SUM(1) said \"about 60\" were turned back,\nmost of them families",
			ParaphrasedBy: "@Example Wire", ReportedBy: "Example NGO",
		}),
		// Words without a number: no value, value_low or value_high at all
		// (empty cells, JSON null), never 0.
		base(models.Figure{
			Key: "guides-apprehended-2017", Metric: "apprehended", Qualifier: models.QualUnquantified,
			ValueText: "a number of", Period: period("2017-07", "2017-09"), Kind: models.Flow,
			Population: "local guides", ActingState: "CN", Location: "China", Quote: qGuides,
			Notes: "The report gives no number.",
		}),
	}
}

// Views are the figures joined with their metric and source, as the store
// hands them to an exporter.
func Views() []models.FigureView {
	metrics := map[string]models.Metric{}
	for _, m := range Metrics() {
		metrics[m.Slug] = m
	}
	sources := map[string]models.Source{}
	for _, s := range Sources() {
		sources[s.Key] = s
	}
	var out []models.FigureView
	for _, f := range Figures() {
		out = append(out, models.FigureView{Figure: f, Metric: metrics[f.Metric], Source: sources[f.Source]})
	}
	return out
}

// Iter returns an export.Iterator over views (it cannot name the type:
// the export package's own tests import this one). Like the store, it
// passes every row through one reused FigureView, so that an exporter
// that keeps the pointer is caught by the tests.
func Iter(views []models.FigureView) func(yield func(*models.FigureView) error) error {
	return func(yield func(*models.FigureView) error) error {
		var v models.FigureView
		for i := range views {
			v = views[i]
			if err := yield(&v); err != nil {
				return err
			}
		}
		return nil
	}
}

// ExportedAt is the export time the golden files are written with.
var ExportedAt = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
