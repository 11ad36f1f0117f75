package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"io"

	"github.com/kopernik/kopernik"
)

var _ kopernik.ImportStore = (*Store)(nil)

// chunkSize is the size of one stored piece of a source; chunkTxBytes how
// much of a streamed source one transaction stores, so that a big file
// from the command line never holds the writer for long.
const (
	chunkSize    = 1 << 20
	chunkTxBytes = 8 << 20
)

const importColumns = `id, database_id, name, action, key_fields, ignore_empty, remove_missing, delete_target,
	autostart, followups, rebuild, format, delimiter, location, status, total_lines, processed_lines,
	created, last_run, last_error`

// CreateImport stores the job, then its source chunk by chunk. A source
// that fits one transaction (every REST source) is stored with its job in
// one commit; a longer stream is stored in several, and the job becomes
// runnable (source_ready) only with the last, so the worker never reads a
// half-stored source.
func (s *Store) CreateImport(ctx context.Context, im *kopernik.Import, source io.Reader) (int64, error) {
	keys, _ := json.Marshal(im.KeyFields)
	if im.KeyFields == nil {
		keys = []byte("[]")
	}
	delim := ""
	if im.Delimiter != 0 {
		delim = string(im.Delimiter)
	}
	var id int64
	var seq int64
	buf := make([]byte, chunkSize)
	done := source == nil
	var readErr error
	// storeChunks reads up to chunkTxBytes from source into the
	// transaction. It is called inside write jobs, which may run twice (a
	// batch retried with savepoints): chunks already read are kept aside
	// and written again on a retry.
	var pending [][]byte
	fill := func() {
		pending = pending[:0]
		total := 0
		for !done && total < chunkTxBytes {
			n, err := io.ReadFull(source, buf)
			if n > 0 {
				pending = append(pending, append([]byte(nil), buf[:n]...))
				total += n
			}
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				done = true
			} else if err != nil {
				readErr, done = err, true
			}
		}
	}
	fill()
	if readErr != nil {
		return 0, readErr
	}
	err := s.write(ctx, func(t *Tx) error {
		ready := 0
		if done && im.Location == "" {
			ready = 1
		}
		err := t.QueryRow(`INSERT INTO imports (database_id, name, action, key_fields, ignore_empty, remove_missing,
			delete_target, autostart, followups, rebuild, format, delimiter, location, status, total_lines, created, source_ready)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			im.DatabaseID, im.Name, string(im.Action), string(keys), b2i(im.IgnoreEmptyFields), b2i(im.RemoveMissing),
			string(im.DeleteTarget), b2i(im.Autostart), b2i(im.Followups), b2i(im.Rebuild), string(im.Format), delim,
			im.Location, string(im.Status), im.TotalLines, kopernik.Stamp(s.now()), ready).Scan(&id)
		if err != nil {
			return err
		}
		return t.putChunks(id, 0, pending)
	})
	if err != nil {
		return 0, err
	}
	seq = int64(len(pending))
	for !done {
		if ctx.Err() != nil {
			s.abandonImport(id, ctx.Err())
			return 0, ctx.Err()
		}
		fill()
		if readErr != nil {
			s.abandonImport(id, readErr)
			return 0, readErr
		}
		last := done
		err := s.write(ctx, func(t *Tx) error {
			if err := t.putChunks(id, seq, pending); err != nil {
				return err
			}
			if last {
				_, err := t.Exec(`UPDATE imports SET source_ready = 1 WHERE id = ?`, id)
				return err
			}
			return nil
		})
		if err != nil {
			s.abandonImport(id, err)
			return 0, err
		}
		seq += int64(len(pending))
	}
	s.wakeImports()
	return id, nil
}

// abandonImport ends a job whose source could not be stored whole.
func (s *Store) abandonImport(id int64, cause error) {
	_ = s.write(context.Background(), func(t *Tx) error {
		_, err := t.Exec(`UPDATE imports SET status = ?, last_error = ? WHERE id = ?`,
			string(kopernik.ImportError), "Import stopped: the source could not be stored: "+cause.Error(), id)
		return err
	})
}

func (t *Tx) putChunks(id, from int64, chunks [][]byte) error {
	for i, c := range chunks {
		if _, err := t.Exec(`INSERT INTO import_chunks (import_id, seq, data) VALUES (?, ?, ?)`, id, from+int64(i), c); err != nil {
			return err
		}
	}
	return nil
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func (s *Store) GetImport(ctx context.Context, id int64) (*kopernik.Import, error) {
	return s.loadImport(ctx, s.rdb, id)
}

func (s *Store) loadImport(ctx context.Context, q querier, id int64) (*kopernik.Import, error) {
	rows, err := q.QueryContext(ctx, Rebind(s.d, `SELECT `+importColumns+` FROM imports WHERE id = ?`), id)
	if err != nil {
		return nil, err
	}
	var im *kopernik.Import
	for rows.Next() {
		if im, err = scanImport(rows); err != nil {
			rows.Close()
			return nil, err
		}
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	if im == nil {
		return nil, kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoImport)
	}
	return im, nil
}

func scanImport(sc rowScanner) (*kopernik.Import, error) {
	im := &kopernik.Import{}
	var action, keys, target, format, delim, status string
	var ignore, remove, auto, follow, rebuild int64
	if err := sc.Scan(&im.ID, &im.DatabaseID, &im.Name, &action, &keys, &ignore, &remove, &target,
		&auto, &follow, &rebuild, &format, &delim, &im.Location, &status, &im.TotalLines, &im.ProcessedLines,
		&im.Created, &im.LastRun, &im.LastError); err != nil {
		return nil, err
	}
	im.Action, im.DeleteTarget, im.Format, im.Status = kopernik.ImportAction(action), kopernik.ImportTarget(target),
		kopernik.ImportFormat(format), kopernik.ImportStatus(status)
	im.IgnoreEmptyFields, im.RemoveMissing, im.Autostart, im.Followups, im.Rebuild = ignore != 0, remove != 0, auto != 0, follow != 0, rebuild != 0
	if delim != "" {
		im.Delimiter = []rune(delim)[0]
	}
	if err := json.Unmarshal([]byte(keys), &im.KeyFields); err != nil {
		return nil, errors.New("imports: stored key fields do not read: " + err.Error())
	}
	return im, nil
}

// chunkReader streams a stored source one chunk at a time from the read pool.
type chunkReader struct {
	ctx context.Context
	s   *Store
	id  int64
	seq int64
	cur []byte
	eof bool
}

func (s *Store) openSource(ctx context.Context, id int64) io.Reader {
	return &chunkReader{ctx: ctx, s: s, id: id}
}

func (r *chunkReader) Read(p []byte) (int, error) {
	for len(r.cur) == 0 {
		if r.eof {
			return 0, io.EOF
		}
		rows, err := r.s.query(r.ctx, `SELECT data FROM import_chunks WHERE import_id = ? AND seq = ?`, r.id, r.seq)
		if err != nil {
			return 0, err
		}
		found := false
		for rows.Next() {
			if err := rows.Scan(&r.cur); err != nil {
				rows.Close()
				return 0, err
			}
			found = true
		}
		if err := closeRows(rows); err != nil {
			return 0, err
		}
		if !found {
			r.eof = true
			continue
		}
		r.seq++
	}
	n := copy(p, r.cur)
	r.cur = r.cur[n:]
	return n, nil
}
