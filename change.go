package kopernik

import "context"

// ChangeKind is what a mutation did to a profile or subprofile.
type ChangeKind uint8

const (
	ChangeCreate ChangeKind = iota + 1
	ChangeUpdate
	ChangeDelete
)

// String is the word the journal and webhooks use: create, update, delete.
func (k ChangeKind) String() string {
	switch k {
	case ChangeCreate:
		return "create"
	case ChangeUpdate:
		return "update"
	case ChangeDelete:
		return "delete"
	}
	return ""
}

// Change describes one profile or subprofile mutation to those who follow
// them inside the transaction that makes it: the journal, selections that
// keep their members, webhooks that queue their deliveries (webhooks.md §4,
// §5). An update that changes no stored value is no change.
type Change struct {
	Kind ChangeKind
	// At is the moment of the change in the service time zone
	// (YYYY-MM-DD HH:MM:SS), as the journal records it.
	At string
	// Entity is the entity after the change: values by field ID, interests
	// (profiles), created, modified. For a delete it holds the values the
	// entity had when it was removed — the stored row is blanked — with
	// Removed set.
	Entity *Entity
	// Fields lists the fields whose stored value an update changed, in the
	// owner's field order.
	Fields []int64
	// InterestsOn and InterestsOff list, in ID order, the interests this
	// change switched on and off (profiles only).
	InterestsOn, InterestsOff []int64
	// Caller is the origin of the change (webhooks.md §3.6): CallerREST
	// unless the context says otherwise (WithCaller).
	Caller string
	// Params are the parameters the operation was called with (webhooks.md
	// §5.5). Nil for a delete.
	Params *ChangeParams
}

// ChangeParams are the values an operation was called with.
type ChangeParams struct {
	// Fields are the submitted fields, names and values as submitted (a
	// copy: the copied values).
	Fields *Map
	// Interests maps each submitted interest name to int64 1 (on) or 0
	// (off); nil when the operation named no interests.
	Interests *Map
}

// The callers Kopernik produces changes for.
const (
	CallerREST   = "rest"
	CallerImport = "import"
	CallerCopy   = "copy"
)

type callerKey struct{}

// WithCaller marks the changes made under ctx as coming from caller.
func WithCaller(ctx context.Context, caller string) context.Context {
	return context.WithValue(ctx, callerKey{}, caller)
}

// CallerOf is the caller WithCaller set on ctx, CallerREST when none.
func CallerOf(ctx context.Context) string {
	if c, ok := ctx.Value(callerKey{}).(string); ok && c != "" {
		return c
	}
	return CallerREST
}
