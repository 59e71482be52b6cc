package checks

import (
	"testing"

	"forcedreturns/models"
)

// publishedOn returns the sources src-a and src-b, published on (or in)
// the dates given as YYYY, YYYY-MM or YYYY-MM-DD (literals of the tests:
// one that does not parse is a bug of the test, and panics).
func publishedOn(a, b string) map[string]models.Source {
	out := map[string]models.Source{}
	for key, when := range map[string]string{"src-a": a, "src-b": b} {
		d, err := models.ParsePartialDate(when)
		if err != nil {
			panic(err)
		}
		src := models.Source{Key: key}
		src.SetPublished(d)
		out[key] = src
	}
	return out
}

func publicationCases() []invented {
	const cannot = "a source cannot count days after it was published."
	return []invented{
		{
			name: "a month end runs past a source of a day in it",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{fig(t, "a", "flow", "2017-07..2017-09", "at least 2")}
			},
			sources: publishedOn("2017-09-18", "2017"),
			want: []outcome{{Kind: KindAfterPublication, Status: Mismatch,
				Explanation: "The period runs to the end of Sep 2017 (30 Sep 2017), after its source src-a was published on 18 Sep 2017: " + cannot}},
			notes: []string{"enter the end as of its publication: 2017-09-18, at day precision, and keep the start as the source gives it"},
		},
		{
			name: "the same period read as of the source's date",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{fig(t, "a", "flow", "2017-07..2017-09-18", "at least 2")}
			},
			sources: publishedOn("2017-09-18", "2017"),
		},
		{
			name: "a day after the publication",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{fig(t, "a", "cumulative", "2016-06..2017-09-19", "documented 92"),
					fig(t, "b", "stock", "2017-09-19", "46", metric("in_custody"))}
			},
			sources: publishedOn("2017-09-18", "2017"),
			want: []outcome{
				{Kind: KindAfterPublication, Status: Mismatch,
					Explanation: "The period ends on 19 Sep 2017, after its source src-a was published on 18 Sep 2017: " + cannot},
				{Kind: KindAfterPublication, Status: Mismatch,
					Explanation: "The period ends on 19 Sep 2017, after its source src-a was published on 18 Sep 2017: " + cannot},
			},
		},
		{
			name: "a source known to the month covers its month",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{fig(t, "a", "flow", "2017-07..2017-09-30", "41"), fig(t, "b", "flow", "2017-09", "41", population("others"))}
			},
			sources: publishedOn("2017-09", "2017"),
		},
		{
			name: "past a source known to the month",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{fig(t, "a", "flow", "2017-07..2017-10", "41")}
			},
			sources: publishedOn("2017-09", "2017"),
			want: []outcome{{Kind: KindAfterPublication, Status: Mismatch,
				Explanation: "The period runs to the end of Oct 2017 (31 Oct 2017), after its source src-a was published in Sep 2017 (by 30 Sep 2017): " + cannot}},
			notes: []string{"enter the end as of its publication: 2017-09, at month precision"},
		},
		{
			name: "since 2019 as of a source known to the year, and past it",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{fig(t, "a", "flow", "2019..2023-12-05", "at least 600"),
					fig(t, "b", "flow", "2019..2024-01", "at least 600", source("src-b", "Org B"), population("others"))}
			},
			sources: publishedOn("2023-12-05", "2023"),
			want: []outcome{{Kind: KindAfterPublication, Status: Mismatch,
				Explanation: "The period runs to the end of Jan 2024 (31 Jan 2024), after its source src-b was published in 2023 (by 31 Dec 2023): " + cannot}},
		},
		{
			name: "retracted and draft figures, and figures without their source, are not checked",
			figs: func(t *testing.T) []models.Figure {
				return []models.Figure{fig(t, "a", "flow", "2017-07..2017-10", "41", retracted("misread")),
					fig(t, "b", "flow", "2017-07..2017-10", "41", draft(), population("others")),
					fig(t, "c", "flow", "2017-07..2017-10", "41", source("src-c", "Org C"), population("more"))}
			},
			sources: publishedOn("2017-09-18", "2017"),
		},
	}
}

func TestAfterPublication(t *testing.T) { runInvented(t, publicationCases()) }

// Without sources (Options.Run), no figure is checked against its
// publication.
func TestAfterPublicationNeedsSources(t *testing.T) {
	figs := []models.Figure{fig(t, "a", "flow", "2017-07..2017-10", "41")}
	if got := ofKind(run(figs), KindAfterPublication); len(got) != 0 {
		t.Errorf("Run without sources = %+v, want no publication result", got)
	}
	views := []models.FigureView{{Figure: figs[0], Source: publishedOn("2017-09-18", "2017")["src-a"]}}
	if got := ofKind(RunViews(views, nil), KindAfterPublication); len(got) != 1 || got[0].Figures[0] != "a" {
		t.Errorf("RunViews = %+v, want the figure flagged", got)
	}
}
