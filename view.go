package kopernik

import "context"

// SelectionKind tells a view (a selection of profiles) from a miniview (a
// selection of subprofiles) where either can stand: rule owners, dependency
// graph nodes, member sets.
type SelectionKind uint8

const (
	KindView SelectionKind = iota + 1
	KindMiniview
)

// SelectionRef names a view or a miniview. The two have separate ID
// sequences, so the kind is part of the identity.
type SelectionRef struct {
	Kind SelectionKind
	ID   int64
}

func ViewRef(id int64) SelectionRef     { return SelectionRef{KindView, id} }
func MiniviewRef(id int64) SelectionRef { return SelectionRef{KindMiniview, id} }

// View is a selection: a named, automatically maintained subset of the
// profiles of one database (selections.md §2.1).
type View struct {
	ID          int64
	Name        string
	Description string
	Database    int64
	// Parent is the parent view of a nested view, 0 for a view whose parent
	// is the database.
	Parent     int64
	Intentions Intentions
	// LastBuilt is the reference time of the build that produced the stored
	// members, "" before the first build.
	LastBuilt string
}

// Miniview is a miniselection over the subprofiles of one collection
// (selections.md §2.2). Miniviews do not nest (O-3).
type Miniview struct {
	ID          int64
	Name        string
	Description string
	Collection  int64
	Intentions  Intentions
	LastBuilt   string
}

// Rule is a rule of a view or a minirule of a miniview (selections.md §2.3):
// its conditions must all hold (AND); the rules of one owner are OR-ed.
type Rule struct {
	ID          int64
	Name        string
	Description string
	Owner       SelectionRef
	Inversed    bool
	Disabled    bool
}

// SelectionStore keeps the definitions of views, miniviews, rules and
// conditions (selections.md §8). They are structure: they live in the
// catalog snapshot (Catalog.Selections, indexed by package selection), so
// a reader sees them and the fields they refer to at one version. Writes
// take the body as sent, because names, references and cycles are checked
// inside the write, against the structure as it is at that moment. Every
// error a client caused is EINVALID or ENOTFOUND (400).
type SelectionStore interface {
	// CreateView makes a view of the database, nested in parent (0: top
	// level), from a body with name and description.
	CreateView(ctx context.Context, database, parent int64, body *Map) (int64, error)
	// UpdateView changes the name and description of a view.
	UpdateView(ctx context.Context, id int64, body *Map) error
	// DeleteView deletes a view with its nested views, rules and
	// conditions (O-22); conditions elsewhere that refer to them dangle.
	DeleteView(ctx context.Context, id int64) error
	// CopyView copies a view under the same parent with a new name, with
	// its nested views when nested is set (O-23).
	CopyView(ctx context.Context, id int64, name string, nested bool) (int64, error)

	// CreateMiniview makes a miniview of the collection.
	CreateMiniview(ctx context.Context, collection int64, body *Map) (int64, error)
	UpdateMiniview(ctx context.Context, id int64, body *Map) error
	// DeleteMiniview deletes a miniview with its minirules and
	// miniconditions; MiniView conditions that refer to it dangle.
	DeleteMiniview(ctx context.Context, id int64) error

	// UpdateSelectionIntentions changes the intentions of a view or
	// miniview; switching one on needs the field its channel uses (§7).
	UpdateSelectionIntentions(ctx context.Context, ref SelectionRef, in IntentionsInput) error

	// CreateRule adds a rule to a view or a minirule to a miniview.
	CreateRule(ctx context.Context, owner SelectionRef, body *Map) (int64, error)
	UpdateRule(ctx context.Context, id int64, body *Map) error
	DeleteRule(ctx context.Context, id int64) error

	// CreateCondition adds a condition to a rule (a minicondition to a
	// minirule) from a body with `type` and its properties; it returns the
	// new ID and the canonical type, which the new condition's URL names.
	CreateCondition(ctx context.Context, rule int64, body *Map) (int64, ConditionType, error)
	// UpdateCondition changes the properties the body names (§8.5).
	UpdateCondition(ctx context.Context, id int64, body *Map) error
	DeleteCondition(ctx context.Context, id int64) error

	// LastBuilt reports, for each selection, the reference time of the
	// build that produced its stored members; "" before the first build.
	LastBuilt(ctx context.Context, refs []SelectionRef) ([]string, error)
}

// Messages for selection objects that do not exist. Copernica documents none;
// they follow the style of its other not-found messages.
const (
	MsgNoView          = "No view with supplied ID"
	MsgNoMiniview      = "No miniview with supplied ID"
	MsgNoRule          = "No rule with supplied ID"
	MsgNoMinirule      = "No minirule with supplied ID"
	MsgNoCondition     = "No condition with supplied ID"
	MsgNoMinicondition = "No minicondition with supplied ID"
)
