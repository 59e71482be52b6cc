package store_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/store"
	"forcedreturns/internal/store/storetest"
	"forcedreturns/models"
)

// wantField fails unless err is invalid and names field with a message
// containing every fragment.
func wantField(t *testing.T, err error, field string, fragments ...string) {
	t.Helper()
	wantCode(t, err, models.EInvalid)
	for _, f := range models.FieldErrors(err) {
		if f.Field != field {
			continue
		}
		for _, want := range fragments {
			if !strings.Contains(f.Message, want) {
				t.Errorf("%s: %q does not mention %q", field, f.Message, want)
			}
		}
		return
	}
	t.Errorf("no problem with field %s in %v", field, err)
}

// A figure is stated in its metric's unit: a different unit is refused on
// every write path, naming the field unit and the metric's unit.
func TestUnitMustBeTheMetrics(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setup(t, s)
		f := storetest.Figure("in-households", "apprehended", "src")
		f.Unit = "households"
		wantField(t, s.CreateFigure(ctx, &f, storetest.Change()), "unit", `must be the unit of metric apprehended, "people", got "households"`)
		_, err := s.ApplyBatch(ctx, models.Batch{Figures: []models.Figure{f}}, storetest.Change(), false)
		wantField(t, err, "figures[0].unit", `"people"`)

		// A count in percent is no share: refused too.
		f.Unit, f.Value = models.UnitPercent, 60
		wantField(t, s.CreateFigure(ctx, &f, storetest.Change()), "unit", "a percentage of another figure is a share: give share_of")

		ok := storetest.Figure("in-people", "apprehended", "src")
		must(t, s.CreateFigure(ctx, &ok, storetest.Change()))
		ok.Unit = "households"
		wantField(t, s.UpdateFigure(ctx, &ok, storetest.Change()), "unit", `"people"`)

		// A metric in households takes figures in households, in the same batch.
		m := storetest.Metric("households_returned")
		m.Unit = "households"
		f = storetest.Figure("households", m.Slug, "src")
		f.Unit = "households"
		storetest.Apply(t, s, models.Batch{Metrics: []models.Metric{m}, Figures: []models.Figure{f}})
	})
}

// A metric's unit changes only together with the figures counted in it.
func TestMetricUnitChangesWithItsFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, storetest.Basics())
		m := storetest.Metric("in_custody")
		m.Unit = "households"
		_, err := s.ApplyBatch(ctx, models.Batch{Metrics: []models.Metric{m}}, storetest.Change(), false)
		wantField(t, err, "metrics[0].unit", `figure "custody"`, "counted in people", "unit households")

		custody, err := s.GetFigure(ctx, "custody", models.AudienceEditors)
		must(t, err)
		custody.Figure.Unit = "households"
		storetest.Apply(t, s, models.Batch{Metrics: []models.Metric{m}, Figures: []models.Figure{custody.Figure}})
		got, err := s.GetMetric(ctx, "in_custody")
		must(t, err)
		if got.Unit != "households" {
			t.Errorf("metric unit %q after changing it with its figures", got.Unit)
		}
	})
}

// A share is stored, read back and recorded in its revision with the
// figure it is a share of; the rules between them hold on every write.
func TestShareRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, storetest.Basics())
		total, err := s.GetFigure(ctx, "total", models.AudienceEditors)
		must(t, err)
		share := storetest.Share("women", total.Figure)
		share.Unit = "" // a share's unit is percent when none is given
		must(t, s.CreateFigure(ctx, &share, storetest.Change()))
		got, err := s.GetFigure(ctx, "women", models.AudienceEditors)
		must(t, err)
		want := storetest.Share("women", total.Figure)
		want.Version = 1
		if diff := cmp.Diff(want, got.Figure, ignoreBookkeeping); diff != "" {
			t.Errorf("stored share (-want +got):\n%s", diff)
		}
		if got.Figure.ValueLabel() != "more than 60 %" {
			t.Errorf("ValueLabel = %q", got.Figure.ValueLabel())
		}
		revs, err := s.Revisions(ctx, models.EntityFigure, "women", models.AudienceEditors)
		must(t, err)
		var snap map[string]any
		must(t, json.Unmarshal([]byte(revs[0].Snapshot), &snap))
		if snap["share_of"] != "total" || snap["unit"] != "percent" || snap["value_label"] != "more than 60 %" {
			t.Errorf("revision snapshot: share_of %v, unit %v, value_label %v", snap["share_of"], snap["unit"], snap["value_label"])
		}
		// Listed with the others, and its share_of kept by an update that
		// changes something else.
		got.Figure.Notes = "checked"
		must(t, s.UpdateFigure(ctx, &got.Figure, storetest.Change()))
		views, _, err := s.ListFigures(ctx, models.FigureFilter{Audience: models.AudienceEditors, Statuses: models.Statuses, Limit: 10})
		must(t, err)
		i := slices.IndexFunc(views, func(v models.FigureView) bool { return v.Figure.Key == "women" })
		if i < 0 || views[i].Figure.ShareOf != "total" || views[i].Figure.Notes != "checked" {
			t.Errorf("listed share: %+v", views)
		}
	})
}

func TestShareRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		storetest.Apply(t, s, storetest.Basics())
		total, err := s.GetFigure(ctx, "total", models.AudienceEditors)
		must(t, err)
		base := total.Figure

		missing := storetest.Share("of-missing", base)
		missing.ShareOf = "nowhere"
		wantField(t, s.CreateFigure(ctx, &missing, storetest.Change()), "share_of", `unknown figure "nowhere"`)

		inPeople := storetest.Share("in-people", base)
		inPeople.Unit = models.UnitPeople
		wantField(t, s.CreateFigure(ctx, &inPeople, storetest.Change()), "unit", `its unit must be "percent"`)

		otherMetric := storetest.Share("other-metric", base)
		otherMetric.Metric = "forcibly_returned"
		wantField(t, s.CreateFigure(ctx, &otherMetric, storetest.Change()), "metric", `must be apprehended, the metric of figure "total"`)

		later := storetest.Share("later", base)
		later.Period.End = models.NewDate(2018, 1, 1)
		wantField(t, s.CreateFigure(ctx, &later, storetest.Change()), "period_end", `must not be after the end of figure "total"'s period (2017-09-18)`)

		self := storetest.Share("self", base)
		self.ShareOf = "self"
		wantField(t, s.CreateFigure(ctx, &self, storetest.Change()), "share_of", "cannot be a share of itself")

		women := storetest.Share("women", base)
		must(t, s.CreateFigure(ctx, &women, storetest.Change()))
		ofShare := storetest.Share("girls", base)
		ofShare.ShareOf, ofShare.Population = "women", "girls"
		wantField(t, s.CreateFigure(ctx, &ofShare, storetest.Change()), "share_of", `figure "women" is itself a percentage`)

		// A count of people is never a subgroup of a percentage.
		kid := storetest.Figure("kid", "apprehended", "src")
		kid.Period, kid.Kind, kid.SubgroupOf = base.Period, base.Kind, "women"
		wantField(t, s.CreateFigure(ctx, &kid, storetest.Change()), "subgroup_of", `figure "women" is in percent and this one in people`)

		// Nor is a percentage an input of a count's formula.
		mixed := storetest.Figure("mixed", "forcibly_returned", "src")
		mixed.Period, mixed.Kind, mixed.Value, mixed.Derived, mixed.Formula = base.Period, base.Kind, 32, true, "{total} - {women}"
		wantField(t, s.CreateFigure(ctx, &mixed, storetest.Change()), "formula", "{women} is in percent and this figure in people: a formula never mixes units")

		// The figure a share is of keeps what the share rests on: its
		// metric, kind and period change only with the share.
		moved := base
		moved.Period.End = models.NewDate(2017, 6, 30)
		wantField(t, s.UpdateFigure(ctx, &moved, storetest.Change()), "period_end", `figure "women" is a share of this one`)
		w, err := s.GetFigure(ctx, "women", models.AudienceEditors)
		must(t, err)
		w.Figure.Period.End = moved.Period.End
		storetest.Apply(t, s, models.Batch{Figures: []models.Figure{w.Figure, moved}, Overwrite: true})
	})
}

// A public share never leans on a draft, as a subgroup never does: a
// published share of a draft is refused, and so is unpublishing the
// figure a published share is of.
func TestShareOfADraft(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		setup(t, s)
		draft := storetest.Figure("draft-total", "apprehended", "src")
		draft.Status = models.StatusDraft
		must(t, s.CreateFigure(ctx, &draft, storetest.Change()))
		share := storetest.Share("women", draft)
		share.Status = models.StatusPublished
		wantField(t, s.CreateFigure(ctx, &share, storetest.Change()), "share_of", `figure "draft-total" is a draft: a published figure can only be a share of a published or retracted one`)
		share.Status = models.StatusDraft
		must(t, s.CreateFigure(ctx, &share, storetest.Change()))

		pub := storetest.Figure("pub-total", "apprehended", "src")
		must(t, s.CreateFigure(ctx, &pub, storetest.Change()))
		ps := storetest.Share("pub-women", pub)
		must(t, s.CreateFigure(ctx, &ps, storetest.Change()))
		pub.Status = models.StatusDraft
		wantField(t, s.UpdateFigure(ctx, &pub, storetest.Change()), "status", `figure "pub-women" (published) is part of, a share of or derived from this one`)
	})
}

// A batch may hold a share before the figure it is a share of: it is
// written after it (the foreign key is checked row by row).
func TestShareBeforeItsBaseInABatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		b := storetest.Basics()
		var total models.Figure
		for _, f := range b.Figures {
			if f.Key == "total" {
				total = f
			}
		}
		b.Figures = append([]models.Figure{storetest.Share("women", total)}, b.Figures...)
		res, err := s.ApplyBatch(ctx, b, storetest.Change(), false)
		must(t, err)
		if res.Created != len(b.Figures)+len(b.Metrics)+len(b.Sources) {
			t.Errorf("result %+v", res)
		}
	})
}
