//go:build linux

package main

import (
	"bufio"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

// fieldDefs are the load bench's 10 fields: name, type, indexed.
var fieldDefs = []struct {
	name, typ string
	index     bool
	value     string
}{
	{"email", "email", true, ""},
	{"firstname", "text", false, ""},
	{"lastname", "text", true, ""},
	{"city", "text", false, ""},
	{"age", "integer", true, ""},
	{"score", "float", false, ""},
	{"birthdate", "date", true, ""},
	{"signup", "datetime", false, ""},
	{"vip", "select", false, "no\nyes\ngold"},
	{"notes", "big", false, ""},
}

var (
	firstNames = []string{"Ann", "Bob", "Cor", "Dirk", "Eva", "Fleur", "Gijs", "Hanna", "Ilse", "Joost"}
	lastNames  = []string{"de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters"}
	cities     = []string{"Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg", "Almere", "Breda", "Nijmegen"}
)

// row returns the cells of row i (the e-mail address is the key: row i of
// any file is the same person).
func row(i int, rec []string) []string {
	rec = rec[:0]
	rec = append(rec,
		"p"+strconv.Itoa(i)+"@example.org",
		firstNames[i%len(firstNames)],
		lastNames[(i/7)%len(lastNames)],
		cities[(i/3)%len(cities)],
		strconv.Itoa(18+i%70),
		strconv.FormatFloat(float64(i%1000)/10, 'f', 1, 64),
		fmt.Sprintf("%04d-%02d-%02d", 1950+i%55, 1+i%12, 1+i%28),
		fmt.Sprintf("2024-%02d-%02d %02d:%02d:%02d", 1+i%12, 1+i%28, i%24, i%60, (i/60)%60),
		[]string{"no", "yes", "gold"}[i%3],
		"note "+strconv.Itoa(i),
	)
	return rec
}

// writeCSV writes rows from .. from+n-1 with a header; returns its size.
func writeCSV(path string, n, from int) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	head := make([]string, len(fieldDefs))
	for i, d := range fieldDefs {
		head[i] = d.name
	}
	w.Write(head)
	rec := make([]string, 0, len(fieldDefs))
	for i := from; i < from+n; i++ {
		rec = row(i, rec)
		if err := w.Write(rec); err != nil {
			return 0, err
		}
	}
	w.Flush()
	if err := bw.Flush(); err != nil {
		return 0, err
	}
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// baseline inserts the CSV's rows into a table shaped like a profile table
// (typed columns, the same four indexed fields, each index covering the
// other indexed fields as Kopernik's SQLite indexes do) with one prepared
// multi-row INSERT in transactions of 50,000 rows: what SQLite itself does
// on this machine, without anything Kopernik adds.
func baseline(dir, csvPath string) (float64, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return 0, err
	}
	db, err := sql.Open("sqlite3", "file:"+dir+"/raw.db?_journal_mode=WAL&_synchronous=NORMAL&_cache_size=-49152")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	cols := []string{"id INTEGER PRIMARY KEY", "secret TEXT NOT NULL", "created TEXT NOT NULL", "modified TEXT NOT NULL", "removed TEXT"}
	names := []string{"id", "secret", "created", "modified"}
	for i, d := range fieldDefs {
		typ := "TEXT COLLATE NOCASE NOT NULL DEFAULT ''"
		switch d.typ {
		case "integer":
			typ = "INTEGER NOT NULL DEFAULT 0"
		case "float":
			typ = "REAL NOT NULL DEFAULT 0"
		case "date", "datetime", "select":
			typ = "TEXT NOT NULL DEFAULT ''"
		}
		cols = append(cols, fmt.Sprintf("f_%d %s", i, typ))
		names = append(names, fmt.Sprintf("f_%d", i))
	}
	if _, err := db.Exec(`CREATE TABLE p (` + strings.Join(cols, ", ") + `)`); err != nil {
		return 0, err
	}
	idx := []int{0, 2, 4, 6}
	for _, i := range idx {
		parts := []string{fmt.Sprintf("f_%d", i)}
		for _, j := range idx {
			if j != i {
				parts = append(parts, fmt.Sprintf("f_%d", j))
			}
		}
		parts = append(parts, "removed")
		if _, err := db.Exec(fmt.Sprintf(`CREATE INDEX ix_%d ON p (%s)`, i, strings.Join(parts, ", "))); err != nil {
			return 0, err
		}
	}
	f, err := os.Open(csvPath)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil {
		return 0, err
	}
	const per = 100
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(names)), ",") + ")"
	stmtText := `INSERT INTO p (` + strings.Join(names, ", ") + `) VALUES ` + strings.TrimSuffix(strings.Repeat(one+",", per), ",")
	start := time.Now()
	tx, err := db.Begin()
	if err != nil {
		return 0, err
	}
	st, err := tx.Prepare(stmtText)
	if err != nil {
		return 0, err
	}
	args := make([]any, 0, per*len(names))
	id, n := 0, 0
	now := time.Now().Format("2006-01-02 15:04:05")
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
		id++
		args = append(args, id, "0123456789abcdef0123456789ab", now, now)
		for i, v := range rec {
			switch fieldDefs[i].typ {
			case "integer":
				x, _ := strconv.ParseInt(v, 10, 64)
				args = append(args, x)
			case "float":
				x, _ := strconv.ParseFloat(v, 64)
				args = append(args, x)
			default:
				args = append(args, v)
			}
		}
		if len(args) == cap(args) {
			if _, err := st.Exec(args...); err != nil {
				return 0, err
			}
			args = args[:0]
			n += per
			if n%50000 == 0 {
				st.Close()
				if err := tx.Commit(); err != nil {
					return 0, err
				}
				if tx, err = db.Begin(); err != nil {
					return 0, err
				}
				if st, err = tx.Prepare(stmtText); err != nil {
					return 0, err
				}
			}
		}
	}
	st.Close()
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	return float64(n) / time.Since(start).Seconds(), nil
}
