// Package webhook holds the rules of Copernica-style webhooks that do not
// depend on storage or HTTP routing: validating a webhook from a request body,
// deciding which webhooks an event goes to, building the body a receiver
// gets, signing it the way Copernica's published verifier checks, and the
// delivery policy (outcome classes, retry schedule) with the HTTP client that
// carries one attempt.
//
// Everything here is a function of its inputs (time included), so the outbox
// worker built on top can be tested with a fake clock.
package webhook
