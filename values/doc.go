// Package values turns the values clients send into the text Copernica stores
// for them. Copernica never rejects a field value: it runs it through PHP casts
// and strtotime, so every rule here imitates PHP 8 rather than Go, down to the
// odd cases (behaviour.md section C, structure.md §4.3). Storage, filters and
// the HTTP layer all go through this package so that a value compares and
// prints the same wherever it enters.
package values
