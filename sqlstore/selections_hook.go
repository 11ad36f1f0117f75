package sqlstore

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// selectionsChanged is the seam between the definitions and the membership
// engine. Every job that may change what a selection selects calls it once,
// in its own transaction, after its rows are written and read back into
// t.Cat (see commitDefinitions):
//
//   - changed: selections whose members may differ now because of this job
//     alone: their rules or conditions changed (also a flag, a new empty
//     rule, a deleted one), they are new (a view just created or copied), a
//     field or interest their conditions read was deleted or retyped, or a
//     view or miniview they refer to was deleted (the reference dangles).
//     What depends on them is not listed: the engine follows the graph.
//   - deleted: selections that no longer exist, nested views of a deleted
//     view included; their members go. They are absent from t.Cat.
//
// The members of deleted selections go with their build rows; the changed
// ones and their dependents are marked dirty, to be rebuilt on their next
// read (or by the schedule).
func (t *Tx) selectionsChanged(changed, deleted []kopernik.SelectionRef) error {
	if err := t.dropSelections(deleted); err != nil {
		return err
	}
	return t.MarkSelectionsDirty(changed)
}

// commitDefinitions ends a job that changed what selections select: the
// structure version moves, t.Cat is read again so that it holds the
// definitions after the change, and the engine hears what changed.
func (t *Tx) commitDefinitions(changed, deleted []kopernik.SelectionRef) error {
	if err := t.bumpCatalog(); err != nil {
		return err
	}
	if err := t.reloadCatalog(); err != nil {
		return err
	}
	return t.selectionsChanged(changed, deleted)
}

// defs is the selection index of the transaction's snapshot.
func (t *Tx) defs() *selection.Definitions { return selection.Of(t.Cat) }
