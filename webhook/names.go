package webhook

import "slices"

// Triggers. Only the first three fire in a profile store; the mailing triggers
// are accepted and kept so that clients written for the hosted service work.
const (
	TriggerCreate   = "create"
	TriggerUpdate   = "update"
	TriggerDelete   = "delete"
	TriggerClick    = "click"
	TriggerDelivery = "delivery"
	TriggerOpen     = "open"
	TriggerBounce   = "bounce"
	TriggerFailure  = "failure"
)

// Triggers lists every accepted trigger.
var Triggers = []string{
	TriggerCreate, TriggerUpdate, TriggerDelete,
	TriggerClick, TriggerDelivery, TriggerOpen, TriggerBounce, TriggerFailure,
}

// Callers (origins of a change). This server produces rest, import and copy;
// the others are accepted because a webhook copied from the hosted service may
// name them.
const (
	CallerMS        = "ms"
	CallerPublisher = "publisher"
	CallerREST      = "rest"
	CallerSOAP      = "soap"
	CallerClick     = "click"
	CallerOpen      = "open"
	CallerFailure   = "failure"
	CallerBounce    = "bounce"
	CallerImport    = "import"
	CallerCopy      = "copy"
)

// Callers lists every accepted caller name.
var Callers = []string{
	CallerMS, CallerPublisher, CallerREST, CallerSOAP, CallerClick,
	CallerOpen, CallerFailure, CallerBounce, CallerImport, CallerCopy,
}

func knownTrigger(s string) bool { return slices.Contains(Triggers, s) }
func knownCaller(s string) bool  { return slices.Contains(Callers, s) }
