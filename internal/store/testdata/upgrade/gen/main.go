// Command gen fills a database with a row in every table, using the store
// of the release it is built with; generate.sh copies it into a checkout
// of that release. It lives under testdata so that today's build ignores
// it: it is compiled only against the old code.
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"time"

	"forcedreturns/internal/auth"
	"forcedreturns/internal/store"
	"forcedreturns/models"
	"forcedreturns/seeds"
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	s, err := store.Open(ctx, store.Config{DatabaseURL: os.Getenv("DATABASE_URL"), SQLitePath: os.Getenv("SQLITE_PATH")})
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Migrate(ctx); err != nil {
		return err
	}
	if _, err := seeds.Load(ctx, s); err != nil {
		return err
	}
	// The password is "fixture password 1".
	hash, err := auth.HashPassword("fixture password 1")
	if err != nil {
		return err
	}
	ana := models.Editor{Email: "ana@example.org", Name: "Ana", Role: models.RoleAdmin, PasswordHash: hash}
	if err := s.CreateEditor(ctx, &ana); err != nil {
		return err
	}
	// The session and token hashes are those of the tokens "session-1" and
	// "token-1", so a test can present them.
	if err := s.CreateSession(ctx, auth.HashToken("session-1"), ana.ID, time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC), "fixture"); err != nil {
		return err
	}
	if _, err := s.CreateToken(ctx, ana.ID, "fixture token", "frt_fixture", auth.HashToken("token-1")); err != nil {
		return err
	}
	if err := s.RecordLoginAttempt(ctx, "account:ana@example.org", time.Now()); err != nil {
		return err
	}
	figs, _, err := s.ListFigures(ctx, models.FigureFilter{Statuses: models.Statuses, Limit: models.MaxPageSize})
	if err != nil {
		return err
	}
	change := models.Change{Editor: ana.Email, Reason: "upgrade fixture"}
	// The source text holds the quotes of the source's first two figures;
	// the last figure that no formula uses is retracted.
	src := figs[0].Figure.Source
	var text strings.Builder
	quotes := map[string][2]int{}
	for _, v := range figs {
		f := v.Figure
		if f.Source != src || len(quotes) == 2 || strings.Contains(text.String(), f.Quote) {
			continue
		}
		text.WriteString("Introduction. ")
		quotes[f.Key] = [2]int{text.Len(), text.Len() + len(f.Quote)}
		text.WriteString(f.Quote)
		text.WriteString("\n")
	}
	sum := sha256.Sum256([]byte(text.String()))
	if err := s.AttachSourceText(ctx, src, text.String(), hex.EncodeToString(sum[:]), quotes, change); err != nil {
		return err
	}
	for i := len(figs) - 1; i >= 0; i-- {
		f := figs[i].Figure
		if f.Derived || quotes[f.Key] != [2]int{} {
			continue
		}
		cur, err := s.GetFigure(ctx, f.Key)
		if err != nil {
			return err
		}
		if err := s.RetractFigure(ctx, f.Key, cur.Figure.Version, "superseded (upgrade fixture)", change); err == nil {
			fmt.Println("retracted", f.Key)
			return nil
		}
	}
	return fmt.Errorf("no figure could be retracted")
}
