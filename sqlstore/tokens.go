package sqlstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"

	"github.com/kopernik/kopernik"
)

// hashToken is what is stored: a token is 256 random bits, so a plain SHA-256
// is enough (no password stretching needed) and lets lookups use an index.
func hashToken(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

func (s *Store) CreateToken(ctx context.Context, name string, v4Only bool) (int64, string, error) {
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return 0, "", err
	}
	secret := hex.EncodeToString(buf)
	var id int64
	err := s.write(ctx, func(t *Tx) error {
		return t.QueryRow(`INSERT INTO tokens (name, hash, v4only, created) VALUES (?, ?, ?, ?) RETURNING id`,
			name, hashToken(secret), v4Only, kopernik.Stamp(s.now())).Scan(&id)
	})
	return id, secret, err
}

func (s *Store) ListTokens(ctx context.Context) ([]kopernik.Token, error) {
	rows, err := s.query(ctx, `SELECT id, name, v4only, created, revoked FROM tokens ORDER BY id`)
	if err != nil {
		return nil, err
	}
	var out []kopernik.Token
	for rows.Next() {
		var tk kopernik.Token
		var created string
		if err := rows.Scan(&tk.ID, &tk.Name, &tk.V4Only, &created, &tk.Revoked); err != nil {
			rows.Close()
			return nil, err
		}
		tk.Created = s.parseStamp(created)
		out = append(out, tk)
	}
	return out, closeRows(rows)
}

func (s *Store) RevokeToken(ctx context.Context, id int64) error {
	return s.write(ctx, func(t *Tx) error {
		res, err := t.Exec(`UPDATE tokens SET revoked = ? WHERE id = ?`, true, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return kopernik.Errorf(kopernik.ENOTFOUND, "No token with ID %d", id)
		}
		return nil
	})
}

func (s *Store) CheckToken(ctx context.Context, secret string) (kopernik.Token, bool, error) {
	var tk kopernik.Token
	var created string
	err := s.queryRow(ctx, `SELECT id, name, v4only, created FROM tokens WHERE hash = ? AND revoked = ?`,
		hashToken(secret), false).Scan(&tk.ID, &tk.Name, &tk.V4Only, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return tk, false, nil
	}
	if err != nil {
		return tk, false, err
	}
	tk.Created = s.parseStamp(created)
	return tk, true, nil
}

func (s *Store) TokenLive(ctx context.Context, id int64) (bool, error) {
	var n int64
	err := s.queryRow(ctx, `SELECT count(*) FROM tokens WHERE id = ? AND revoked = ?`, id, false).Scan(&n)
	return n > 0, err
}

// SigningKey is kept in the store, not in a node's memory or flags, so every
// node behind a load balancer accepts the JWTs the others issue.
func (s *Store) SigningKey(ctx context.Context) ([]byte, error) {
	var v string
	err := s.queryRow(ctx, `SELECT value FROM meta WHERE key = 'jwt_key'`).Scan(&v)
	if err == nil {
		return hex.DecodeString(v)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return nil, err
	}
	err = s.write(ctx, func(t *Tx) error {
		_, err := t.Exec(`INSERT INTO meta (key, value) VALUES ('jwt_key', ?) ON CONFLICT (key) DO NOTHING`, hex.EncodeToString(buf))
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := s.queryRow(ctx, `SELECT value FROM meta WHERE key = 'jwt_key'`).Scan(&v); err != nil {
		return nil, err
	}
	return hex.DecodeString(v)
}

func (s *Store) CountAPICalls(ctx context.Context, day string, n int64) error {
	return s.write(ctx, func(t *Tx) error {
		_, err := t.Exec(`INSERT INTO api_calls (day, calls) VALUES (?, ?)
			ON CONFLICT (day) DO UPDATE SET calls = api_calls.calls + excluded.calls`, day, n)
		return err
	})
}

func (s *Store) APICalls(ctx context.Context, begin, end string) (int64, error) {
	var n sql.NullInt64
	err := s.queryRow(ctx, `SELECT sum(calls) FROM api_calls WHERE day >= ? AND day <= ?`, begin, end).Scan(&n)
	return n.Int64, err
}
