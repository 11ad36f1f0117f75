package httpapi

// version holds every difference between API versions that the wire layer
// knows about, as data, so that a reader finds them in one place.
type version struct {
	n            int  // 1..4; unversioned paths are served as v2
	maxLimit     int  // largest list page
	putRedirects bool // PUT on one entity answers 303 + Location (v1/v2) instead of 204
	okNotNoCont  bool // bulk PUT and DELETE answer 200 (v1/v2) instead of 204
	deleteGone   bool // v1: DELETE of a missing target answers 204 without X-Deleted
	identityPlus bool // identity carries customer, usedBy and license (v3)
	hasV2Routes  bool // copy, intentions, interest update/delete, unsubscribes, consumption
	nextID       bool // profile lists carry nextid (v4)
	v4OnlyTokens bool // tokens flagged v4-only are accepted (C2)
}

var versions = map[int]*version{
	1: {n: 1, maxLimit: 100, putRedirects: true, okNotNoCont: true, deleteGone: true},
	2: {n: 2, maxLimit: 1000, putRedirects: true, okNotNoCont: true, hasV2Routes: true},
	3: {n: 3, maxLimit: 1000, identityPlus: true, hasV2Routes: true},
	4: {n: 4, maxLimit: 1000, hasV2Routes: true, nextID: true, v4OnlyTokens: true},
}

// defaultLimit is the page size when a list request names none (all versions).
const defaultLimit = 100
