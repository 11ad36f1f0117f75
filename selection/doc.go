// Package selection holds the logic of views, miniviews, rules and
// conditions (selections.md) that neither storage nor HTTP should own:
//
//   - reading a condition from a request body for each of the fifteen types,
//     with the spec's spellings, defaults and validation (input_*.go);
//   - the ordered output of conditions, rules, views and miniviews (repr_*.go);
//   - time windows (window.go), Part slicing (part.go), DoubleField grouping
//     (doublefield.go), the change journal and empty-history policies
//     (journal.go, history.go);
//   - the dependency graph between views and miniviews, with cycle checks
//     (graph.go);
//   - the reference algorithm of §3.3 over in-memory data (reference.go):
//     obvious rather than fast, it is the oracle SQL builds and the
//     incremental path are compared against.
//
// Conditions are prepared once per build (prepare.go) into tests over one
// entity. Per-entity conditions need nothing but the entity and two lookups
// (membership of another view, subprofile counts in a miniview); Depends
// says which conditions need more (the clock, the whole set, the journal).
package selection
