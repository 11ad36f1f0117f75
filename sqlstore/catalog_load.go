package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/kopernik/kopernik"
)

type querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// readCatalog reads the whole structure from the read pool, as one snapshot
// of the store. On PostgreSQL each statement outside a transaction sees the
// commits made before it began: with another node changing a field between
// the statements, the catalog had the old fields under the new version and
// was trusted as current until the next structure change (its creates bound
// a text default to a column retyped as integer).
func (s *Store) readCatalog(ctx context.Context) (*kopernik.Catalog, error) {
	if !s.d.Shared() {
		return s.loadCatalog(ctx, s.rdb)
	}
	tx, err := s.rdb.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback() //nolint:errcheck // read only: nothing to keep
	return s.loadCatalog(ctx, tx)
}

// loadCatalog reads the whole structure. It is small (databases, fields,
// interests, collections, selection definitions) and read only after a
// structure change, so it is read whole. q must give one snapshot (a
// transaction; see readCatalog). The version is read first all the same: a
// catalog may then be newer than its version says, which costs one more
// reread, never older, which would be trusted.
func (s *Store) loadCatalog(ctx context.Context, q querier) (*kopernik.Catalog, error) {
	version, err := catalogVersion(ctx, q)
	if err != nil {
		return nil, err
	}
	dbs, err := scanAll(ctx, q, `SELECT id, name, description, archived, created,
		intent_email, intent_sms, intent_fax, intent_pdf, unsub_behavior, unsub_fields
		FROM databases ORDER BY id`, s.scanDatabase)
	if err != nil {
		return nil, err
	}
	colls, err := scanAll(ctx, q, `SELECT id, database_id, name, description,
		intent_email, intent_sms, intent_fax, intent_pdf, unsub_behavior, unsub_fields
		FROM collections ORDER BY id`, scanCollection)
	if err != nil {
		return nil, err
	}
	fields, err := scanAll(ctx, q, `SELECT id, database_id, collection_id, name, type, value,
		displayed, ordered, length, textlines, hidden, indexed, locked, description
		FROM fields ORDER BY id`, scanField)
	if err != nil {
		return nil, err
	}
	interests, err := scanAll(ctx, q, `SELECT id, database_id, name, grp, description FROM interests ORDER BY id`, scanInterest)
	if err != nil {
		return nil, err
	}
	defs, err := loadSelections(ctx, q)
	if err != nil {
		return nil, err
	}
	hooks, err := s.loadWebhooks(ctx, q)
	if err != nil {
		return nil, err
	}
	cat := kopernik.NewCatalog(version, assemble(dbs, colls, fields, interests))
	cat.Selections = defs
	cat.Webhooks = hooks
	return cat, nil
}

// assemble hangs collections, fields and interests under their owners, in ID
// order. Rows whose owner is gone (never left behind by a committed change)
// are skipped rather than trusted.
func assemble(dbs []*kopernik.Database, colls []*kopernik.Collection, fields []*kopernik.Field, interests []*kopernik.Interest) []*kopernik.Database {
	byDB := make(map[int64]*kopernik.Database, len(dbs))
	for _, d := range dbs {
		byDB[d.ID] = d
	}
	byColl := make(map[int64]*kopernik.Collection, len(colls))
	for _, c := range colls {
		if d := byDB[c.DatabaseID]; d != nil {
			d.Collections = append(d.Collections, c)
			byColl[c.ID] = c
		}
	}
	for _, f := range fields {
		if d := byDB[f.Owner.ID]; f.Owner.Kind == kopernik.OwnerDatabase && d != nil {
			d.Fields = append(d.Fields, f)
		} else if c := byColl[f.Owner.ID]; f.Owner.Kind == kopernik.OwnerCollection && c != nil {
			c.Fields = append(c.Fields, f)
		}
	}
	for _, i := range interests {
		if d := byDB[i.DatabaseID]; d != nil {
			d.Interests = append(d.Interests, i)
		}
	}
	return dbs
}

func (s *Store) scanDatabase(rows *sql.Rows) (*kopernik.Database, error) {
	d := &kopernik.Database{}
	var created, unsub string
	err := rows.Scan(&d.ID, &d.Name, &d.Description, &d.Archived, &created,
		&d.Intentions.Email, &d.Intentions.SMS, &d.Intentions.Fax, &d.Intentions.PDF,
		&d.Unsubscribe.Behavior, &unsub)
	d.Created = s.parseStamp(created)
	d.Unsubscribe.Fields = decodeUnsubFields(unsub)
	return d, err
}

func scanCollection(rows *sql.Rows) (*kopernik.Collection, error) {
	c := &kopernik.Collection{}
	var unsub string
	err := rows.Scan(&c.ID, &c.DatabaseID, &c.Name, &c.Description,
		&c.Intentions.Email, &c.Intentions.SMS, &c.Intentions.Fax, &c.Intentions.PDF,
		&c.Unsubscribe.Behavior, &unsub)
	c.Unsubscribe.Fields = decodeUnsubFields(unsub)
	return c, err
}

// scanField reads a field row; its owner is the database when database_id is
// set, the collection otherwise.
func scanField(rows *sql.Rows) (*kopernik.Field, error) {
	f := &kopernik.Field{}
	var dbID, collID sql.NullInt64
	var typ string
	var length, lines int64
	err := rows.Scan(&f.ID, &dbID, &collID, &f.Name, &typ, &f.Value, &f.Displayed, &f.Ordered,
		&length, &lines, &f.Hidden, &f.Index, &f.Lock, &f.Description)
	f.Type = kopernik.FieldType(typ)
	f.Length, f.TextLines = int(length), int(lines)
	if dbID.Valid {
		f.Owner = kopernik.DatabaseOwner(dbID.Int64)
	} else {
		f.Owner = kopernik.CollectionOwner(collID.Int64)
	}
	return f, err
}

func scanInterest(rows *sql.Rows) (*kopernik.Interest, error) {
	i := &kopernik.Interest{}
	err := rows.Scan(&i.ID, &i.DatabaseID, &i.Name, &i.Group, &i.Description)
	return i, err
}

// scanAll runs a query without arguments and collects one value per row.
func scanAll[T any](ctx context.Context, q querier, query string, scan func(*sql.Rows) (T, error)) ([]T, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	out := []T{} // an empty catalog lists no databases, not null
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, v)
	}
	return out, closeRows(rows)
}

func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return err
}

func (s *Store) parseStamp(v string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", v, s.clk.Loc)
	if err != nil {
		return time.Time{}
	}
	return t
}

type unsubField struct {
	Field int64  `json:"field"`
	Value string `json:"value"`
}

func decodeUnsubFields(s string) []kopernik.UnsubscribeField {
	var raw []unsubField
	if json.Unmarshal([]byte(s), &raw) != nil {
		return nil
	}
	out := make([]kopernik.UnsubscribeField, 0, len(raw))
	for _, r := range raw {
		out = append(out, kopernik.UnsubscribeField{FieldID: r.Field, Value: r.Value})
	}
	return out
}

func encodeUnsubFields(fs []kopernik.UnsubscribeField) string {
	raw := make([]unsubField, 0, len(fs))
	for _, f := range fs {
		raw = append(raw, unsubField{Field: f.FieldID, Value: f.Value})
	}
	b, _ := json.Marshal(raw)
	return string(b)
}

func parseInt(s string) int64 {
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int64(c-'0')
	}
	return n
}
