package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"forcedreturns/internal/config"
	"forcedreturns/models"
)

func cmdFigures(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("figures", "[flags]", "List figures as a table: id, metric, value with its qualifier, period, kind, status.")
	var db config.Database
	config.RegisterDatabase(fs, a.env, &db)
	ff := registerFilter(fs)
	var limit int
	fs.Var(config.Int(&limit, 100, 1, models.MaxPageSize), "limit", fmt.Sprintf("show at most this many figures (1 to %d)", models.MaxPageSize))
	quotes := fs.Bool("quotes", false, "print each figure's quote under it")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments: %v", fs.Args())
	}
	filter, err := ff.filter()
	if err != nil {
		return err
	}
	filter.Limit = limit
	s, err := a.openStore(ctx, db, true)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := knownNames(ctx, s, filter); err != nil {
		return err
	}
	views, total, err := s.ListFigures(ctx, filter)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tMETRIC\tVALUE\tPERIOD\tKIND\tSTATUS")
	for _, v := range views {
		f := v.Figure
		value := f.ValueLabel()
		if f.Derived {
			value += " (derived)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", cell(f.Key), cell(f.Metric), value, f.Period.Label(), f.Kind, f.Status)
		switch {
		case *quotes && f.Paraphrased():
			fmt.Fprintf(tw, "\tas summarised by %s: %s\t\t\t\t\n", cell(f.ParaphrasedBy), cell(f.Paraphrase))
		case *quotes:
			fmt.Fprintf(tw, "\t“%s”\t\t\t\t\n", cell(f.Quote))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "%d of %d figures\n", len(views), total)
	return nil
}

// cell makes stored text safe for a terminal table: control characters
// become spaces, and very long text is shortened.
func cell(s string) string {
	s = printable(s)
	if utf8.RuneCountInString(s) > 120 {
		s = string([]rune(s)[:119]) + "…"
	}
	return s
}

// printable replaces the control characters of stored text, which could
// move a terminal's cursor or recolour it, by spaces.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
}
