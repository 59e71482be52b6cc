package main

import (
	"context"
	"encoding/json"
	"fmt"

	"forcedreturns/internal/checks"
	"forcedreturns/internal/config"
	"forcedreturns/models"
)

// errMismatch makes `check` exit 1 after printing its results.
type errMismatch struct{ n int }

func (e errMismatch) Error() string { return fmt.Sprintf("%d check(s) found a mismatch", e.n) }

func cmdCheck(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("check", "[flags]",
		"Check how the figures fit together: sub-periods against totals, cohorts, subgroups, derived figures,\n"+
			"agreement between sources, and periods that end after their source was published. Exits 1 if any\n"+
			"check finds a mismatch, so a data maintainer's CI can run it.")
	var db config.Database
	config.RegisterDatabase(fs, a.env, &db)
	format := fs.String("format", "text", "text or json")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments: %v", fs.Args())
	}
	if *format != "text" && *format != "json" {
		return usagef("-format: expected text or json, got %q", *format)
	}
	s, err := a.openStore(ctx, db, true)
	if err != nil {
		return err
	}
	defer s.Close()
	var views []models.FigureView
	err = s.EachFigure(ctx, models.FigureFilter{Statuses: models.Statuses, Audience: models.AudienceEditors}, func(v *models.FigureView) error {
		views = append(views, *v)
		return nil
	})
	if err != nil {
		return err
	}
	srcs, err := s.ListSources(ctx)
	if err != nil {
		return err
	}
	results := checks.RunViews(views, checks.CarriedOf(srcs))
	counts := checks.Counts(results)
	if *format == "json" {
		if results == nil {
			results = []checks.Result{}
		}
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{"results": results, "counts": counts}); err != nil {
			return err
		}
	} else {
		for _, r := range results {
			fmt.Fprintf(a.stdout, "[%s] %s\n    %s\n", r.Status.Label(), cell(r.Title), cell(r.Explanation))
			for _, n := range r.Notes {
				fmt.Fprintf(a.stdout, "    note: %s\n", cell(n))
			}
			fmt.Fprintf(a.stdout, "    figures: %s\n", cell(fmt.Sprint(r.Figures)))
		}
		fmt.Fprintf(a.stdout, "%d checks: %d ok, %d mismatch, %d cannot tell\n", len(results), counts[checks.OK], counts[checks.Mismatch], counts[checks.Unknown])
	}
	if n := counts[checks.Mismatch]; n > 0 {
		return errMismatch{n}
	}
	return nil
}
