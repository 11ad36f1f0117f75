package sqlite

import (
	"os"

	"github.com/kopernik/kopernik/sqlstore"
)

// addStats registers the write-ahead log's figures for the metrics: its size
// is what an operator watches for disk space (see docs/operations.md), the
// checkpoints say whether it is being copied back.
func addStats(s *sqlstore.Store, path string, ck *checkpointer) {
	s.AddStat(sqlstore.Stat{Name: "kopernik_sqlite_wal_bytes",
		Help: "Size of the SQLite write-ahead log file (kopernik.db-wal).",
		Value: func() float64 {
			fi, err := os.Stat(path + "-wal")
			if err != nil {
				return 0 // no log file: nothing uncopied
			}
			return float64(fi.Size())
		}})
	s.AddStat(sqlstore.Stat{Name: "kopernik_sqlite_db_bytes",
		Help: "Size of the SQLite database file (kopernik.db).",
		Value: func() float64 {
			fi, err := os.Stat(path)
			if err != nil {
				return 0
			}
			return float64(fi.Size())
		}})
	s.AddStat(sqlstore.Stat{Name: "kopernik_sqlite_checkpoints_total", Counter: true,
		Help:  "Checkpoints beside the writer that copied pages of the write-ahead log into the database file.",
		Value: func() float64 { return float64(ck.sideRuns.Load()) }})
	s.AddStat(sqlstore.Stat{Name: "kopernik_sqlite_writer_checkpoints_total", Counter: true,
		Help:  "Checkpoints the writer ran between batches so that the log starts over.",
		Value: func() float64 { return float64(ck.writerRuns.Load()) }})
}
