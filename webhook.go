package kopernik

import "time"

// Webhook is an account-level subscription: "POST events of this kind to this
// URL". The rules that make one valid, decide which events reach it and how
// they travel live in package webhook; this is only the stored shape.
type Webhook struct {
	ID      int64
	Handler string // absolute http(s) URL
	Trigger string // create, update, delete, or a mailing trigger that never fires here
	// Callers limits the origins of the events delivered; empty admits every caller.
	Callers []string
	// Database and Collection limit the scope; 0 means unset.
	Database   int64
	Collection int64
	Created    time.Time
}
