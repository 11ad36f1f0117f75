// Package imports holds the logic of bulk imports (profiles.md §3.25,
// behaviour.md O26) that needs neither storage nor HTTP: the options of
// POST imports, streaming readers for CSV and JSON sources, the mapping of
// source columns onto a database's fields, the turn of one row into a write
// plan with values normalised exactly as single writes do, what each action
// does with the entities a row matches, the fetcher of a `location`, and the
// status document of GET import/{id}.
//
// The job machinery (storage of the source, batches, progress, resume after
// a crash) builds on these pieces; nothing here keeps state between calls
// except the readers, which hold only the row being read.
package imports
