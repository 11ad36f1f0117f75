package kopernik

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
