package kopernik

import "context"

// Entity is a profile or a subprofile as stored. Values are aligned with the
// owner's fields in catalog order.
type Entity struct {
	ID        int64
	Owner     Owner // database for profiles, collection for subprofiles
	ProfileID int64 // subprofiles only
	Secret    string
	Created   string
	Modified  string
	Removed   string // "" while live
	Values    map[int64]string
	Interests []int64 // profiles only, interest ID order
}

// EntityInput carries the data of a create or update. Fields maps field names
// (matched case-insensitively) to raw decoded values; nil means "not given".
type EntityInput struct {
	Fields *Map
	// Interests is a list of names or a map name → flag; nil means not given.
	Interests      any
	InterestsMerge bool // add/remove the named interests instead of replacing the set
	Secret         *string
	Created        *string
	Modified       *string
}

// ListQuery selects a page of entities.
type ListQuery struct {
	Owner     Owner
	ProfileID int64 // restrict subprofiles to one profile (0: all)
	// Where is the condition, resolved against the owner's fields; nil
	// selects every live entity.
	Where Expr
	Order Order
	Start int64
	Limit int64
	Total bool
	// Members restricts the list to the stored members of a view (profiles)
	// or miniview (subprofiles); the zero value restricts nothing.
	Members SelectionRef
}

// ListResult is one page.
type ListResult struct {
	Items []*Entity
	Total int64
}

// BulkResult reports what a bulk update did.
type BulkResult struct {
	Updated int
	Created int64 // ID of a created entity, 0 if none
}

// Event is one journal entry of an entity.
type Event struct {
	ID   int64
	At   string
	Kind string
	Data string // JSON object
}

// CheckedEntityReader is an EntityStore that can read an entity together
// with the structure version it was read under, for a caller that has not
// checked the catalog yet; it returns the catalog to answer with. On a
// store shared by several nodes that makes a GET by ID one round trip.
type CheckedEntityReader interface {
	GetEntityChecked(ctx context.Context, kind OwnerKind, id int64) (*Entity, *Catalog, error)
}

// EntityStore holds the profiles and subprofiles.
type EntityStore interface {
	CreateEntity(ctx context.Context, o Owner, profileID int64, in EntityInput) (int64, error)
	// GetEntity finds a profile (kind OwnerDatabase) or subprofile by ID, live or removed.
	GetEntity(ctx context.Context, kind OwnerKind, id int64) (*Entity, error)
	UpdateEntity(ctx context.Context, kind OwnerKind, id int64, in EntityInput) error
	// DeleteEntity soft-deletes; deleting a profile removes its subprofiles in
	// the same transaction.
	DeleteEntity(ctx context.Context, kind OwnerKind, id int64) error
	// PurgeEntity hard-deletes a live or removed entity (O18, `completely`):
	// afterwards its ID is unknown; a profile takes its subprofiles along. IDs
	// are still never reused.
	PurgeEntity(ctx context.Context, kind OwnerKind, id int64) error
	ListEntities(ctx context.Context, q ListQuery) (ListResult, error)
	EntityIDs(ctx context.Context, o Owner, start, limit int64) ([]int64, error)
	// UpdateMatching applies in to every live entity matching q.Where, in ID
	// order; with create and no match it creates one. Whether a request
	// without a usable condition may update everything (B50) is the caller's
	// decision.
	UpdateMatching(ctx context.Context, q ListQuery, in EntityInput, create bool) (BulkResult, error)
	// DeleteProfiles removes the listed live profiles of a database.
	DeleteProfiles(ctx context.Context, databaseID int64, ids []int64) error
	// Unsubscribe applies the owner's unsubscribe behaviour to one entity, or to
	// every entity matching q when id is 0.
	Unsubscribe(ctx context.Context, kind OwnerKind, id int64, q *ListQuery) error
	Events(ctx context.Context, kind OwnerKind, id int64) ([]Event, error)
}

// Messages of the profile routes.
const (
	MsgNoEntity          = "No entity with supplied ID"
	MsgNoSubprofile      = "No subprofile with supplied ID"
	MsgProfileRemoved    = "This profile has already been removed"
	MsgSubprofileRemoved = "This subprofile has already been removed"
	MsgSubprofileNotMade = "Subprofile could not be created"
	MsgFieldsRequired    = "URL parameter fields is required"
	MsgTooManyConditions = "Request too large"
)
