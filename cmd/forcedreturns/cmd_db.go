package main

import (
	"context"
	"fmt"

	"forcedreturns/internal/config"
	"forcedreturns/internal/store"
	"forcedreturns/seeds"
)

func cmdMigrate(ctx context.Context, a *app, args []string) error {
	s, err := a.openMigrated(ctx, "migrate", "Apply every pending database migration (forward only) and print the schema version.", args)
	if err != nil {
		return err
	}
	defer s.Close()
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "database migrated to version %d\n", v)
	return nil
}

func cmdSeed(ctx context.Context, a *app, args []string) error {
	s, err := a.openMigrated(ctx, "seed", "Migrate, then load the seed source, metrics and figures. Only what is missing is created,\n"+
		"so seeding twice changes nothing and never reverts an editor's correction.", args)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := seeds.Load(ctx, s)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.stdout, "seed: %d created, %d updated, %d unchanged\n", res.Created, res.Updated, res.Unchanged)
	return nil
}

// openMigrated parses a command that takes only the database flags and
// returns its store, migrated; the caller closes it.
func (a *app) openMigrated(ctx context.Context, name, summary string, args []string) (*store.Store, error) {
	fs := a.newFlagSet(name, "[flags]", summary)
	var db config.Database
	config.RegisterDatabase(fs, a.env, &db)
	if err := a.parse(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected arguments: %v", fs.Args())
	}
	return a.openStore(ctx, db, true)
}
