package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"forcedreturns/models"
)

// DataVersion returns a token that changes whenever anything the public
// can see is written: a published or retracted figure (or one that stops
// being either), a source, a metric, an editor. Caches and ETags of
// anonymous responses are keyed on it, which keeps several app instances
// over one database consistent without coordination. Writes that touch
// drafts only leave it alone, so an anonymous reader cannot even tell that
// a draft was edited (editors' responses are never cached).
//
// The counter lives in the data_version row (public_n, migration 5) and
// is bumped inside the write transaction, whose row lock orders the bumps
// the way the commits happen, also on PostgreSQL where ids may commit out
// of order. The largest source and metric ids are added so that a
// database rebuilt from scratch does not reuse an old token.
func (s *Store) DataVersion(ctx context.Context) (string, error) {
	var n, src, met int64
	err := s.sqlDB.QueryRowContext(ctx, `SELECT
		(SELECT public_n FROM data_version WHERE id = 1),
		(SELECT COALESCE(MAX(id), 0) FROM sources),
		(SELECT COALESCE(MAX(id), 0) FROM metrics)`).Scan(&n, &src, &met)
	if err != nil {
		return "", wrap(err, "data version")
	}
	return fmt.Sprintf("p%d.%d.%d", n, src, met), nil
}

// writeScope records, for one write transaction, whether it changed
// something the public sees. The write paths of figures, sources and
// metrics note what they wrote (noteWrite); a transaction that noted only
// unpublished figures is private, and any other (including one that noted
// nothing, such as an editor's change) counts as public, the safe side.
type writeScope struct{ public, private int }

type writeScopeKey struct{}

func withWriteScope(ctx context.Context) (context.Context, *writeScope) {
	sc := &writeScope{}
	return context.WithValue(ctx, writeScopeKey{}, sc), sc
}

// noteWrite tells the transaction's scope whether what it just wrote is
// visible to the public.
func noteWrite(tx *gorm.DB, public bool) {
	sc, _ := tx.Statement.Context.Value(writeScopeKey{}).(*writeScope)
	if sc == nil {
		return
	}
	if public {
		sc.public++
	} else {
		sc.private++
	}
}

// isPublic reports whether the transaction must bump the public counter.
func (sc *writeScope) isPublic() bool { return sc == nil || sc.public > 0 || sc.private == 0 }

// bumpDataVersion increments the counters inside a write transaction: n
// always (the editors' view changed), public_n when the public's did.
func bumpDataVersion(tx *gorm.DB, public bool) error {
	if public {
		return tx.Exec("UPDATE data_version SET n = n + 1, public_n = public_n + 1 WHERE id = 1").Error
	}
	return tx.Exec("UPDATE data_version SET n = n + 1 WHERE id = 1").Error
}

// DataVersionFor returns a token that changes whenever anything the
// audience can see is written: DataVersion for the public, and for
// editors one that also follows every write to drafts (data_version.n).
// It keys what is computed for an audience, such as the checks; never
// send editors' token to the public, whose ETags must not follow drafts.
func (s *Store) DataVersionFor(ctx context.Context, aud models.Audience) (string, error) {
	if !aud.Sees(models.StatusDraft) {
		return s.DataVersion(ctx)
	}
	var n, src, met int64
	err := s.sqlDB.QueryRowContext(ctx, `SELECT
		(SELECT n FROM data_version WHERE id = 1),
		(SELECT COALESCE(MAX(id), 0) FROM sources),
		(SELECT COALESCE(MAX(id), 0) FROM metrics)`).Scan(&n, &src, &met)
	if err != nil {
		return "", wrap(err, "data version")
	}
	return fmt.Sprintf("e%d.%d.%d", n, src, met), nil
}
