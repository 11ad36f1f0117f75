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

// loadCatalog reads the whole structure. It is small (databases, fields,
// interests, collections) and read only after a structure change, so reading it
// all keeps the snapshot trivially consistent.
func (s *Store) loadCatalog(ctx context.Context, q querier) (*kopernik.Catalog, error) {
	var version int64
	dbs := []*kopernik.Database{}
	byDB := map[int64]*kopernik.Database{}
	byColl := map[int64]*kopernik.Collection{}

	rows, err := q.QueryContext(ctx, `SELECT id, name, description, archived, created,
		intent_email, intent_sms, intent_fax, intent_pdf, unsub_behavior, unsub_fields
		FROM databases ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		d := &kopernik.Database{}
		var created, unsub string
		if err := rows.Scan(&d.ID, &d.Name, &d.Description, &d.Archived, &created,
			&d.Intentions.Email, &d.Intentions.SMS, &d.Intentions.Fax, &d.Intentions.PDF,
			&d.Unsubscribe.Behavior, &unsub); err != nil {
			rows.Close()
			return nil, err
		}
		d.Created = s.parseStamp(created)
		d.Unsubscribe.Fields = decodeUnsubFields(unsub)
		dbs = append(dbs, d)
		byDB[d.ID] = d
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}

	rows, err = q.QueryContext(ctx, `SELECT id, database_id, name, description,
		intent_email, intent_sms, intent_fax, intent_pdf, unsub_behavior, unsub_fields
		FROM collections ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		c := &kopernik.Collection{}
		var unsub string
		if err := rows.Scan(&c.ID, &c.DatabaseID, &c.Name, &c.Description,
			&c.Intentions.Email, &c.Intentions.SMS, &c.Intentions.Fax, &c.Intentions.PDF,
			&c.Unsubscribe.Behavior, &unsub); err != nil {
			rows.Close()
			return nil, err
		}
		c.Unsubscribe.Fields = decodeUnsubFields(unsub)
		if d := byDB[c.DatabaseID]; d != nil {
			d.Collections = append(d.Collections, c)
			byColl[c.ID] = c
		}
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}

	rows, err = q.QueryContext(ctx, `SELECT id, database_id, collection_id, name, type, value,
		displayed, ordered, length, textlines, hidden, indexed, locked, description
		FROM fields ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		f := &kopernik.Field{}
		var dbID, collID sql.NullInt64
		var typ string
		var length, lines int64
		if err := rows.Scan(&f.ID, &dbID, &collID, &f.Name, &typ, &f.Value, &f.Displayed, &f.Ordered,
			&length, &lines, &f.Hidden, &f.Index, &f.Lock, &f.Description); err != nil {
			rows.Close()
			return nil, err
		}
		f.Type = kopernik.FieldType(typ)
		f.Length, f.TextLines = int(length), int(lines)
		switch {
		case dbID.Valid && byDB[dbID.Int64] != nil:
			f.Owner = kopernik.DatabaseOwner(dbID.Int64)
			d := byDB[dbID.Int64]
			d.Fields = append(d.Fields, f)
		case collID.Valid && byColl[collID.Int64] != nil:
			f.Owner = kopernik.CollectionOwner(collID.Int64)
			c := byColl[collID.Int64]
			c.Fields = append(c.Fields, f)
		}
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}

	rows, err = q.QueryContext(ctx, `SELECT id, database_id, name, grp, description FROM interests ORDER BY id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		i := &kopernik.Interest{}
		if err := rows.Scan(&i.ID, &i.DatabaseID, &i.Name, &i.Group, &i.Description); err != nil {
			rows.Close()
			return nil, err
		}
		if d := byDB[i.DatabaseID]; d != nil {
			d.Interests = append(d.Interests, i)
		}
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}

	if version, err = catalogVersion(ctx, q); err != nil {
		return nil, err
	}
	return kopernik.NewCatalog(version, dbs), nil
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
