package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/urfave/cli/v3"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/sqlite"
	"github.com/kopernik/kopernik/sqlstore"
)

type exportOpts struct {
	store    storeOpts
	database string
	view     string
	fields   []string
	format   string
	out      string
}

func exportCommand() *cli.Command {
	var o exportOpts
	return &cli.Command{
		Name:  "export",
		Usage: "write a database's live profiles as CSV or NDJSON",
		Description: "Streams the profiles in ID order (memory does not grow with the database) and works beside a\n" +
			"running server on the same store. The columns are ID and the fields, in the database's order.",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "database", Destination: &o.database, Usage: "database: ID or name", DefaultText: "none, required"},
			&cli.StringFlag{Name: "view", Destination: &o.view, Usage: "export only the members of this view (ID)", DefaultText: "the whole database"},
			&cli.StringSliceFlag{Name: "fields", Destination: &o.fields, Usage: "fields to export, comma-separated or repeated", DefaultText: "every field"},
			&cli.StringFlag{Name: "format", Value: "csv", Destination: &o.format, Usage: "csv (comma-separated, a header row) or ndjson (one JSON object a line)"},
			&cli.StringFlag{Name: "o", Aliases: []string{"output"}, Destination: &o.out, Usage: "file to write", DefaultText: "standard output", TakesFile: true},
		}, o.store.flags()...),
		ArgValidator: noArgs,
		Action: action(func(ctx context.Context, cmd *cli.Command) error {
			if err := o.store.check(cmd); err != nil {
				return err
			}
			if o.database == "" {
				return usagef(cmd, "--database is required")
			}
			if o.format != "csv" && o.format != "ndjson" {
				return usagef(cmd, "--format %q: use csv or ndjson", o.format)
			}
			return runExport(ctx, &o, cmd.Writer, cmd.ErrWriter)
		}),
	}
}

func runExport(ctx context.Context, o *exportOpts, stdout, stderr io.Writer) error {
	st, err := openForExport(ctx, &o.store)
	if err != nil {
		return err
	}
	defer st.Close()
	cat, err := st.Catalog(ctx)
	if err != nil {
		return err
	}
	db := lookupDB(cat, o.database)
	if db == nil {
		return fmt.Errorf("no database %q", o.database)
	}
	var view int64
	if o.view != "" {
		if view, err = exportView(ctx, st, &o.store, cat, db, o.view); err != nil {
			return err
		}
	}
	fields, err := exportFields(db, o.fields)
	if err != nil {
		return err
	}
	w := stdout
	var file *os.File
	if o.out != "" && o.out != "-" {
		if file, err = os.Create(o.out); err != nil {
			return err
		}
		defer file.Close()
		w = file
	}
	// Rows are formatted here and written by another goroutine, so that
	// reading the store and writing the file overlap.
	out := newBufferedPipe(w)
	prog := newProgress(stderr, "rows")
	var n int64
	var buf []byte
	emit := func() error {
		n++
		if n%10000 == 0 {
			prog.set(n, 0)
		}
		if len(buf) >= 256<<10 {
			buf = out.send(buf)
		}
		return out.err()
	}
	o2 := kopernik.DatabaseOwner(db.ID)
	switch o.format {
	case "csv":
		buf = append(buf, "ID"...)
		for _, f := range fields {
			buf = append(buf, ',')
			buf = appendCSVField(buf, []byte(f.Name))
		}
		buf = append(buf, '\n')
		err = st.ExportView(ctx, o2, view, fields, func(r *sqlstore.ExportRow) error {
			buf = strconv.AppendInt(buf, r.ID, 10)
			for _, v := range r.Values {
				buf = append(buf, ',')
				buf = appendCSVField(buf, v)
			}
			buf = append(buf, '\n')
			return emit()
		})
	case "ndjson":
		keys := make([][]byte, len(fields))
		for i, f := range fields {
			k, _ := json.Marshal(f.Name)
			keys[i] = k
		}
		err = st.ExportView(ctx, o2, view, fields, func(r *sqlstore.ExportRow) error {
			buf = append(buf, `{"ID":"`...)
			buf = strconv.AppendInt(buf, r.ID, 10)
			buf = append(buf, '"')
			for i, v := range r.Values {
				buf = append(buf, ',')
				buf = append(buf, keys[i]...)
				buf = append(buf, ':')
				buf = appendJSONString(buf, v)
			}
			buf = append(buf, '}', '\n')
			return emit()
		})
	}
	out.send(buf)
	if werr := out.close(); err == nil {
		err = werr
	}
	if err != nil {
		return err
	}
	if file != nil {
		if err := file.Sync(); err != nil {
			return err
		}
	}
	prog.set(n, n)
	prog.done()
	fmt.Fprintf(stderr, "exported %d profiles\n", n)
	return nil
}

// exportFields resolves --fields (names, case-insensitive; comma lists).
func exportFields(db *kopernik.Database, names []string) ([]*kopernik.Field, error) {
	if len(names) == 0 {
		return db.Fields, nil
	}
	var out []*kopernik.Field
	for _, n := range names {
		for _, part := range strings.Split(n, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			f := kopernik.FieldByName(db.Fields, part)
			if f == nil {
				return nil, fmt.Errorf("--fields: the database has no field %q", part)
			}
			out = append(out, f)
		}
	}
	return out, nil
}

// openForExport opens the store for reading, beside a running server or
// not, without taking the data dir: an export may run for minutes, and a
// server starting meanwhile must not find the dir taken. Without the dir
// nothing may migrate, so a store that needs a migration is refused.
func openForExport(ctx context.Context, o *storeOpts) (*opened, error) {
	if !o.sqlite() {
		return o.openBeside(ctx, sqlstore.Options{Loc: time.UTC})
	}
	if _, err := os.Stat(sqlite.Path(o.data)); err != nil {
		return nil, fmt.Errorf("no store in %s", absPath(o.data))
	}
	st, err := sqlite.Open(ctx, sqlite.Config{Dir: o.data, Options: sqlstore.Options{Loc: time.UTC}})
	if err != nil {
		return nil, err
	}
	return &opened{Store: st}, nil
}

// appendCSVField appends one CSV cell as encoding/csv writes it: quoted
// when it holds the delimiter, a quote or a line break, starts with a
// blank, or is \. alone; quotes inside are doubled.
func appendCSVField(dst, v []byte) []byte {
	quote := len(v) > 0 && (v[0] == ' ' || v[0] == '\t' || string(v) == `\.`)
	if !quote {
		for _, c := range v {
			if c == ',' || c == '"' || c == '\r' || c == '\n' {
				quote = true
				break
			}
		}
	}
	if !quote {
		if r, _ := utf8.DecodeRune(v); r != utf8.RuneError && unicode.IsSpace(r) {
			quote = true
		}
	}
	if !quote {
		return append(dst, v...)
	}
	dst = append(dst, '"')
	for _, c := range v {
		if c == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, c)
	}
	return append(dst, '"')
}

// bufferedPipe writes full buffers on a goroutine of its own and hands
// back an empty one, so formatting never waits for the file.
type bufferedPipe struct {
	full  chan []byte
	empty chan []byte
	done  chan struct{}
	werr  error
}

func newBufferedPipe(w io.Writer) *bufferedPipe {
	p := &bufferedPipe{full: make(chan []byte, 2), empty: make(chan []byte, 3), done: make(chan struct{})}
	for i := 0; i < 3; i++ {
		p.empty <- make([]byte, 0, 320<<10)
	}
	go func() {
		defer close(p.done)
		for b := range p.full {
			if p.werr == nil {
				_, p.werr = w.Write(b)
			}
			p.empty <- b[:0]
		}
	}()
	return p
}

// send queues b for writing and returns an empty buffer.
func (p *bufferedPipe) send(b []byte) []byte {
	p.full <- b
	return <-p.empty
}

// err is a write error seen so far (read racily: it only stops early).
func (p *bufferedPipe) err() error {
	select {
	case <-p.done:
		return p.werr
	default:
		return nil
	}
}

func (p *bufferedPipe) close() error {
	close(p.full)
	<-p.done
	return p.werr
}

// appendJSONString appends v as a JSON string.
func appendJSONString(dst, v []byte) []byte {
	simple := true
	for _, c := range v {
		if c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			simple = false
			break
		}
	}
	if simple {
		dst = append(dst, '"')
		dst = append(dst, v...)
		return append(dst, '"')
	}
	b, _ := json.Marshal(string(v))
	return append(dst, b...)
}
