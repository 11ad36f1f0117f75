package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/urfave/cli/v3"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/imports"
	"github.com/kopernik/kopernik/sqlite"
	"github.com/kopernik/kopernik/sqlstore"
	"github.com/kopernik/kopernik/values"
)

// kopernik import stores the file as an import job, exactly as POST imports
// does, so a running server, its views and its webhooks see the rows like
// any other import. Who applies it:
//   - SQLite with no server on the data dir: this process holds the dir and
//     runs the job itself;
//   - SQLite with a server running: the server's worker runs it (it looks
//     for new jobs every second) and this command follows its progress;
//   - PostgreSQL: this process claims the job and runs it, unless a server
//     node claimed it first, whose progress it then follows.
// Either way the job is durable: a job interrupted by a crash (or Ctrl-C of
// this command) resumes when a server next runs on the store.

type importOpts struct {
	store        storeOpts
	database     string
	action       string
	keys         []string
	format       string
	delimiter    string
	ignoreEmpty  bool
	removeMiss   bool
	deleteTarget string
	name         string
	batch        int64
	tz           string
}

func importCommand() *cli.Command {
	var o importOpts
	return &cli.Command{
		Name:      "import",
		Usage:     "import a CSV, JSON or NDJSON file into a database (as POST imports does)",
		ArgsUsage: "FILE|-",
		Description: "The file is stored as an import job and applied in large transactions; a running server on the\n" +
			"same store applies it itself (this command then follows its progress). Progress goes to stderr.",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "database", Destination: &o.database, Usage: "target database: ID or name", DefaultText: "none, required"},
			&cli.StringFlag{Name: "action", Value: "add", Destination: &o.action, Usage: "add, update, \"update or add\", \"ignore or add\" or delete"},
			&cli.StringSliceFlag{Name: "key", Destination: &o.keys, Usage: "key field (Field or Collection.Field); repeat for several", DefaultText: "none"},
			&cli.StringFlag{Name: "format", Destination: &o.format, Usage: "csv or json (JSON array or NDJSON)", DefaultText: "from the file's name or its first bytes"},
			&cli.StringFlag{Name: "delimiter", Destination: &o.delimiter, Usage: "CSV delimiter: tab, comma or semicolon", DefaultText: "the most frequent of them in the header"},
			&cli.BoolFlag{Name: "ignore-empty", Destination: &o.ignoreEmpty, Usage: "empty cells keep the stored values", DefaultText: "off"},
			&cli.BoolFlag{Name: "remove-missing", Destination: &o.removeMiss, Usage: "remove the entities no row matched or made", DefaultText: "off"},
			&cli.StringFlag{Name: "delete-target", Value: "profile", Destination: &o.deleteTarget, Usage: "what delete removes: profile or subprofile"},
			&cli.StringFlag{Name: "name", Destination: &o.name, Usage: "label of the job", DefaultText: "the file's name"},
			&cli.Int64Flag{Name: "batch-rows", Value: 5000, Destination: &o.batch, Usage: "rows per transaction when this process applies the job", Validator: positive},
			&cli.StringFlag{Name: "tz", Value: "Europe/Amsterdam", Destination: &o.tz, Sources: cli.EnvVars("KOPERNIK_TZ"),
				Usage: "time zone of dates without one, as the server's --tz", Validator: validZone},
		}, o.store.flags()...),
		Action: action(func(ctx context.Context, cmd *cli.Command) error {
			if err := o.store.check(cmd); err != nil {
				return err
			}
			if o.database == "" {
				return usagef(cmd, "--database is required")
			}
			if cmd.Args().Len() != 1 {
				return usagef(cmd, "import needs one FILE (or - for standard input)")
			}
			im, err := o.job(cmd, cmd.Args().First())
			if err != nil {
				return err
			}
			return runImportCommand(ctx, &o, im, cmd.Args().First(), cmd.ErrWriter)
		}),
	}
}

// job turns the flags into the job's options; what needs the catalog is
// checked once the store is open.
func (o *importOpts) job(cmd *cli.Command, file string) (*kopernik.Import, error) {
	im := &kopernik.Import{Name: o.name, Autostart: true, Status: kopernik.ImportRunning,
		IgnoreEmptyFields: o.ignoreEmpty, RemoveMissing: o.removeMiss, KeyFields: o.keys}
	act := strings.ToLower(strings.Join(strings.Fields(o.action), " "))
	for _, a := range kopernik.ImportActions {
		if string(a) == act {
			im.Action = a
		}
	}
	if im.Action == "" {
		return nil, usagef(cmd, "--action %q: use add, update, \"update or add\", \"ignore or add\" or delete", o.action)
	}
	switch t := kopernik.ImportTarget(o.deleteTarget); t {
	case kopernik.TargetProfile, kopernik.TargetSubprofile:
		im.DeleteTarget = t
	default:
		return nil, usagef(cmd, "--delete-target %q: use profile or subprofile", o.deleteTarget)
	}
	switch strings.ToLower(o.format) {
	case "csv":
		im.Format = kopernik.FormatCSV
	case "json", "ndjson":
		im.Format = kopernik.FormatJSON
	case "":
		switch strings.ToLower(filepath.Ext(file)) {
		case ".csv", ".tsv", ".txt":
			im.Format = kopernik.FormatCSV
		case ".json", ".ndjson", ".jsonl":
			im.Format = kopernik.FormatJSON
		}
	default:
		return nil, usagef(cmd, "--format %q: use csv or json", o.format)
	}
	switch strings.ToLower(o.delimiter) {
	case "":
	case "tab", "\t", `\t`:
		im.Delimiter = '\t'
	case "comma", ",":
		im.Delimiter = ','
	case "semicolon", ";":
		im.Delimiter = ';'
	default:
		return nil, usagef(cmd, "--delimiter %q: use tab, comma or semicolon", o.delimiter)
	}
	if im.Name == "" {
		im.Name = "Command line import"
		if file != "-" {
			im.Name = filepath.Base(file)
		}
	}
	return im, nil
}

func runImportCommand(ctx context.Context, o *importOpts, im *kopernik.Import, file string, stderr io.Writer) error {
	loc, err := time.LoadLocation(o.tz)
	if err != nil {
		return err
	}
	var in io.Reader = os.Stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return fail(err)
		}
		defer f.Close()
		in = f
	}
	st, runHere, err := openForImport(ctx, &o.store, sqlstore.Options{Loc: loc})
	if err != nil {
		return fail(err)
	}
	defer st.Close()
	cat, err := st.Catalog(ctx)
	if err != nil {
		return fail(err)
	}
	db := lookupDB(cat, o.database)
	if db == nil {
		return fail(fmt.Errorf("no database %q", o.database))
	}
	im.DatabaseID = db.ID
	if _, err := imports.NewPlanner(db, im, st.Store.Conv()); err != nil {
		return fail(err)
	}
	// A file's header is checked before anything is stored; standard input
	// is checked by the worker before the first row.
	if f, ok := in.(*os.File); ok && file != "-" {
		if err := checkColumns(db, im, f); err != nil {
			return fail(err)
		}
	}
	counted := &countingReader{r: in}
	id, err := st.CreateImport(ctx, im, counted)
	if err != nil {
		return fail(err)
	}
	fmt.Fprintf(stderr, "import %d stored (%s); applying it\n", id, byteCount(counted.n))
	prog := newProgress(stderr, "rows")
	defer prog.done()
	var final *kopernik.Import
	if runHere {
		final, err = st.RunImport(ctx, sqlstore.ImportConfig{BatchRows: int(o.batch), Limits: imports.DefaultLimits,
			Progress: func(_, done, total int64) { prog.set(done, total) }}, id)
		if err != nil {
			return fail(err)
		}
	}
	if final == nil || final.Status == kopernik.ImportRunning {
		if final, err = followImport(ctx, st.Store, id, prog); err != nil {
			return fail(err)
		}
	}
	prog.set(final.ProcessedLines, final.TotalLines)
	prog.done()
	fmt.Fprintf(stderr, "import %d %s: %d of %d rows processed\n", id, final.Status, final.ProcessedLines, final.TotalLines)
	if final.LastError != "" {
		fmt.Fprintln(stderr, final.LastError)
	}
	if final.Status == kopernik.ImportError {
		return fail(errors.New("the import stopped with an error"))
	}
	return nil
}

// followImport polls a job another process runs until it ends.
func followImport(ctx context.Context, st *sqlstore.Store, id int64, prog *progress) (*kopernik.Import, error) {
	for {
		im, err := st.GetImport(ctx, id)
		if err != nil {
			return nil, err
		}
		prog.set(im.ProcessedLines, im.TotalLines)
		if im.Status != kopernik.ImportRunning {
			return im, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("stopped following import %d; it goes on in the server", id)
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// openForImport opens the store and says whether this process may run
// jobs: on SQLite only while it holds the data dir (no server runs).
func openForImport(ctx context.Context, o *storeOpts, opts sqlstore.Options) (*opened, bool, error) {
	if !o.sqlite() {
		st, err := o.openExclusive(ctx, "import", opts, sqlite.SyncNormal)
		return st, true, err
	}
	lock, err := sqlite.LockDir(o.data, "import")
	var le *sqlite.LockedError
	if err != nil && !errors.As(err, &le) {
		return nil, false, err
	}
	st, err := sqlite.Open(ctx, sqlite.Config{Dir: o.data, Sync: sqlite.SyncNormal, Options: opts, Migrate: lock != nil})
	if err != nil {
		lock.Release()
		return nil, false, err
	}
	return &opened{Store: st, lock: lock}, lock != nil, nil
}

// checkColumns reads the file's first row through the planner's column
// checks, then rewinds the file.
func checkColumns(db *kopernik.Database, im *kopernik.Import, f *os.File) error {
	defer f.Seek(0, io.SeekStart)
	p, err := imports.NewPlanner(db, im, values.Conv{})
	if err != nil {
		return err
	}
	r, err := imports.OpenSniffed(im.Format, im.Delimiter, f, imports.DefaultLimits)
	if err != nil {
		return err
	}
	for i := 0; i < 1; i++ {
		if _, err := r.Next(); err != nil && !errors.Is(err, io.EOF) && !imports.IsRowError(err) {
			return err
		}
	}
	if len(r.Columns()) == 0 {
		return nil
	}
	return p.Columns(r.Columns())
}

func lookupDB(cat *kopernik.Catalog, s string) *kopernik.Database {
	s = strings.TrimSpace(s)
	if s != "" && strings.Trim(s, "0123456789") == "" {
		var id int64
		fmt.Sscan(s, &id)
		return cat.Database(id)
	}
	return cat.DatabaseByName(s)
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func byteCount(n int64) string {
	switch {
	case n >= 10<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 10<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// fail marks an error of the work (exit 1); action does the marking, this
// only says so where it is read.
func fail(err error) error { return err }
