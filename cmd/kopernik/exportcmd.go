package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

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
			&cli.StringFlag{Name: "database", Destination: &o.database, Usage: "database: ID or name", Required: true},
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
	if o.view != "" {
		// TODO(imports): export a view's members once the store keeps them
		// (view membership tables); until then it is refused, not guessed.
		return errors.New("--view: this build does not keep view members yet, so a view cannot be exported; export the database and filter it")
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
	bw := bufio.NewWriterSize(w, 256<<10)
	prog := newProgress(stderr, "rows")
	var n int64
	count := func() {
		n++
		if n%10000 == 0 {
			prog.set(n, 0)
		}
	}
	o2 := kopernik.DatabaseOwner(db.ID)
	switch o.format {
	case "csv":
		cw := csv.NewWriter(bw)
		head := []string{"ID"}
		for _, f := range fields {
			head = append(head, f.Name)
		}
		if err := cw.Write(head); err != nil {
			return err
		}
		rec := make([]string, len(fields)+1)
		err = st.Export(ctx, o2, fields, func(r *sqlstore.ExportRow) error {
			rec[0] = strconv.FormatInt(r.ID, 10)
			for i, v := range r.Values {
				rec[i+1] = string(v)
			}
			count()
			return cw.Write(rec)
		})
		cw.Flush()
		if err == nil {
			err = cw.Error()
		}
	case "ndjson":
		keys := make([][]byte, len(fields))
		for i, f := range fields {
			k, _ := json.Marshal(f.Name)
			keys[i] = k
		}
		var line []byte
		err = st.Export(ctx, o2, fields, func(r *sqlstore.ExportRow) error {
			line = append(line[:0], `{"ID":"`...)
			line = strconv.AppendInt(line, r.ID, 10)
			line = append(line, '"')
			for i, v := range r.Values {
				line = append(line, ',')
				line = append(line, keys[i]...)
				line = append(line, ':')
				line = appendJSONString(line, v)
			}
			line = append(line, '}', '\n')
			count()
			_, err := bw.Write(line)
			return err
		})
	}
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
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
