package main

import (
	"context"
	"fmt"

	"forcedreturns/internal/config"
	"forcedreturns/seeds"
)

func cmdMigrate(ctx context.Context, a *app, args []string) error {
	fs := a.newFlagSet("migrate", "[flags]", "Apply every pending database migration (forward only) and print the schema version.")
	var db config.Database
	config.RegisterDatabase(fs, a.env, &db)
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments: %v", fs.Args())
	}
	s, err := a.openStore(ctx, db, true)
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
	fs := a.newFlagSet("seed", "[flags]", "Migrate, then load the seed source, metrics and figures. Entries are matched by id, so seeding twice changes nothing.")
	var db config.Database
	config.RegisterDatabase(fs, a.env, &db)
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected arguments: %v", fs.Args())
	}
	s, err := a.openStore(ctx, db, true)
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
