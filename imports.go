package kopernik

import (
	"context"
	"io"
)

// ImportAction says what an import does with each row (profiles.md §3.25).
// The values are the API spellings, so `type` in GET import/{id} echoes them.
type ImportAction string

const (
	ImportAdd         ImportAction = "add"
	ImportUpdate      ImportAction = "update"
	ImportUpdateOrAdd ImportAction = "update or add"
	ImportIgnoreOrAdd ImportAction = "ignore or add"
	ImportDelete      ImportAction = "delete"
)

// ImportActions lists every action in a stable order.
var ImportActions = []ImportAction{ImportAdd, ImportUpdate, ImportUpdateOrAdd, ImportIgnoreOrAdd, ImportDelete}

// NeedsKeys reports the actions that match rows against stored entities and
// therefore cannot run without key fields (O26).
func (a ImportAction) NeedsKeys() bool { return a != ImportAdd }

// ImportStatus is the `status` of GET import/{id} (O26).
type ImportStatus string

const (
	ImportReady    ImportStatus = "ready for start" // stored with autostart false
	ImportRunning  ImportStatus = "running"
	ImportFinished ImportStatus = "finished"
	ImportError    ImportStatus = "error"
)

// ImportTarget is what a `delete` import removes (`deleteTarget`).
type ImportTarget string

const (
	TargetProfile    ImportTarget = "profile"
	TargetSubprofile ImportTarget = "subprofile"
)

// ImportFormat is the syntax of an import source.
type ImportFormat string

const (
	// FormatCSV is delimited text with a header row.
	FormatCSV ImportFormat = "csv"
	// FormatJSON is a JSON array of objects or a stream of objects (NDJSON).
	FormatJSON ImportFormat = "json"
)

// Import is a stored import job: the options of its POST and its progress.
// The source itself (inline text or fetched file) is stored beside it.
type Import struct {
	ID         int64
	DatabaseID int64
	Name       string
	Action     ImportAction
	// KeyFields are the names as the client sent them (`Field` or
	// `Collection.Field`); they are resolved against the source's columns
	// when the job runs, like every other column name.
	KeyFields         []string
	IgnoreEmptyFields bool
	RemoveMissing     bool
	DeleteTarget      ImportTarget
	Autostart         bool
	Followups         bool // accepted, no effect (O26)
	Rebuild           bool // accepted, no effect (O26)

	Format    ImportFormat
	Delimiter rune   // CSV only: '\t', ',' or ';'
	Location  string // URL of a fetched source; "" for an inline one

	Status         ImportStatus
	TotalLines     int64 // data rows of the source, header excluded; 0 while unknown
	ProcessedLines int64 // rows handled so far, applied or not
	Created        string
	LastRun        string // "" before the first run
	NextRun        string // "" unless a run is scheduled
	LastError      string // "" when there is nothing to report
}

// Messages of the import routes.
const (
	MsgNoImport = "No import with supplied ID"
)

// ImportStore keeps import jobs and their sources (profiles.md §3.25, O26).
// The rows are applied by the store's worker (see the engine), not by these
// calls: a stored job is durable and runs in the background.
type ImportStore interface {
	// CreateImport stores a job and its source and returns the job's ID. It
	// returns once the job and its whole source are committed. source is nil
	// for a location, which the worker fetches. Status and TotalLines are
	// taken from im (TotalLines 0: counted by the worker before the first row).
	CreateImport(ctx context.Context, im *Import, source io.Reader) (int64, error)
	// GetImport returns a job with its progress; ENOTFOUND with
	// MsgNoImport for an unknown ID.
	GetImport(ctx context.Context, id int64) (*Import, error)
}
