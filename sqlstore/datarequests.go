package sqlstore

import (
	"context"

	"github.com/kopernik/kopernik"
)

func (s *Store) SaveDataRequest(ctx context.Context, result []byte) (int64, error) {
	var id int64
	err := s.write(ctx, func(t *Tx) error {
		return t.QueryRow(`INSERT INTO datarequests (created, result) VALUES (?, ?) RETURNING id`,
			kopernik.Stamp(s.now()), string(result)).Scan(&id)
	})
	return id, err
}

func (s *Store) DataRequest(ctx context.Context, id int64) ([]byte, bool, error) {
	rows, err := s.query(ctx, `SELECT result FROM datarequests WHERE id = ?`, id)
	if err != nil {
		return nil, false, err
	}
	var out string
	found := false
	for rows.Next() {
		if err := rows.Scan(&out); err != nil {
			rows.Close()
			return nil, false, err
		}
		found = true
	}
	return []byte(out), found, closeRows(rows)
}
