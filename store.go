package kopernik

import (
	"context"
	"time"
)

// Store is what the HTTP layer needs from storage: one small interface per
// resource family, so a handler, a test double or a new engine names only the
// family it uses. Every method is atomic: it either applies completely or
// returns an error and changes nothing. Engines (SQLite, PostgreSQL) implement
// it; storetest holds the contract they share. A new family (selections,
// imports, webhooks) adds its own interface and embeds it here.
type Store interface {
	StructureStore
	EntityStore
	DataRequestStore
	TokenStore
	SelectionStore
	SelectionMemberStore
	WebhookStore
	ImportStore
	Close() error
}

// StructureStore holds the catalog: databases, collections, their fields,
// interests and settings, and the database copy that starts from them.
type StructureStore interface {
	// Catalog returns the current structure snapshot.
	Catalog(ctx context.Context) (*Catalog, error)
	// Snapshot returns this node's snapshot without asking whether another
	// node changed the structure since: only for a request whose store call
	// checks the structure again where it matters (a create, which the
	// writer validates inside its transaction).
	Snapshot() *Catalog

	CreateDatabase(ctx context.Context, in DatabaseInput) (int64, error)
	UpdateDatabase(ctx context.Context, id int64, in DatabaseInput) error
	CopyDatabase(ctx context.Context, id int64, name string, opt CopyOptions) (int64, error)
	SetUnsubscribe(ctx context.Context, o Owner, behavior string, fields *Map) error
	UpdateIntentions(ctx context.Context, o Owner, in IntentionsInput) error

	CreateField(ctx context.Context, o Owner, in FieldInput) (int64, error)
	UpdateField(ctx context.Context, o Owner, id int64, in FieldInput) error
	DeleteField(ctx context.Context, o Owner, id int64) error

	CreateInterest(ctx context.Context, databaseID int64, in InterestInput) (int64, error)
	UpdateInterest(ctx context.Context, id int64, in InterestInput) error
	DeleteInterest(ctx context.Context, id int64) error

	CreateCollection(ctx context.Context, databaseID int64, in CollectionInput) (int64, error)
	UpdateCollection(ctx context.Context, id int64, in CollectionInput) error
}

// DataRequestStore keeps the results of data requests (profiles.md §3.26).
type DataRequestStore interface {
	// SaveDataRequest stores the result of a data request and returns its ID.
	SaveDataRequest(ctx context.Context, result []byte) (int64, error)
	// DataRequest returns a stored result; ok is false for unknown IDs.
	DataRequest(ctx context.Context, id int64) (result []byte, ok bool, err error)
}

// TokenStore manages API tokens, the secret that signs JWTs and the API call
// counters.
type TokenStore interface {
	// CreateToken stores a new token and returns its ID and the secret, which is
	// shown once and kept only as a hash.
	CreateToken(ctx context.Context, name string, v4Only bool) (int64, string, error)
	ListTokens(ctx context.Context) ([]Token, error)
	RevokeToken(ctx context.Context, id int64) error
	// CheckToken finds the live token with this secret.
	CheckToken(ctx context.Context, secret string) (Token, bool, error)
	// TokenLive reports whether the token with this ID exists and is not revoked.
	TokenLive(ctx context.Context, id int64) (bool, error)
	// SigningKey returns the server-wide key for JWTs, created on first use so that
	// every node sharing the store signs alike.
	SigningKey(ctx context.Context) ([]byte, error)
	// CountAPICalls adds n calls to the counter of the given day (YYYY-MM-DD).
	CountAPICalls(ctx context.Context, day string, n int64) error
	// APICalls sums the counters of the days from begin to end inclusive.
	APICalls(ctx context.Context, begin, end string) (int64, error)
}

// DatabaseInput carries a create or partial update; nil means "not given".
type DatabaseInput struct {
	Name        *string
	Description *string
	Archived    *bool
}

// CollectionInput carries a collection create or partial update.
type CollectionInput struct {
	Name        *string
	Description *string
}

// InterestInput carries an interest create or partial update.
type InterestInput struct {
	Name        *string
	Group       *string
	Description *string
}

// FieldInput carries a field create or partial update. Value is the default in
// the client's form; the store normalises it for the field's final type.
type FieldInput struct {
	Name        *string
	Type        *FieldType
	Value       any
	HasValue    bool
	Displayed   *bool
	Ordered     *bool
	Length      *int64
	TextLines   *int64
	Hidden      *bool
	Index       *bool
	Lock        *bool
	Description *string
}

// IntentionsInput carries a partial intentions update.
type IntentionsInput struct {
	Email, SMS, Fax, PDF *bool
}

// CopyOptions says what POST database/{id}/copy copies besides the structure.
type CopyOptions struct {
	Views, Collections, Miniviews, Profiles, Subprofiles bool
}

// Clock lets tests and the server agree on "now" in the service time zone.
type Clock struct {
	Loc *time.Location
	Now func() time.Time
}

// Time returns now in the service zone.
func (c Clock) Time() time.Time {
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	loc := c.Loc
	if loc == nil {
		loc = time.Local
	}
	return now().In(loc)
}

// Stamp formats t the way Copernica prints timestamps.
func Stamp(t time.Time) string { return t.Format("2006-01-02 15:04:05") }
