package httpapi

import "net/http"

// version holds every difference between API versions other than which
// routes exist (that is the vset column of routes.go), as data, so that a
// reader finds them in one place and no handler compares version numbers.
type version struct {
	n        int // 1..4; unversioned paths are served as v2 (C1)
	maxLimit int // largest list page (conventions §7.2)

	// Statuses of successful writes (conventions §5.1, §12).
	putOne     int  // PUT on one entity: 303 with Location to it (v1/v2) or 204
	putNew     int  // PUT that created an entity: 303 with Location to it (v1/v2) or 201
	putMany    int  // PUT on a multi-entity route that created nothing: 200 or 204
	postOnPut  int  // POST that runs a PUT-only route, or updates without creating: 200 (a 303 would make clients throw) or the PUT's 204
	deleteOK   int  // DELETE: 200 or 204, both with X-Deleted
	deleteGone bool // DELETE of a target that does not exist: 204 without X-Deleted instead of the error (C6, O1)

	hardDelete    bool // DELETE profile/subprofile reads completely (O18)
	v1ProfileBody bool // profile bodies may be the flat field map, and a create may set secret, created and modified (profiles.md §3.3)
	identityPlus  bool // identity carries customer, usedBy and license
	nextID        bool // profile and subprofile lists carry nextid (O7)
	v4OnlyTokens  bool // tokens flagged v4-only are accepted (C2)

	// PUT/POST rule/{rid}/conditions/{cid} updates condition cid instead of
	// creating one (selections.md §8.8, the v1 alias).
	conditionByRule bool
}

const (
	s200 = http.StatusOK
	s201 = http.StatusCreated
	s204 = http.StatusNoContent
	s303 = http.StatusSeeOther
)

var versions = [...]*version{
	1: {n: 1, maxLimit: 100, putOne: s303, putNew: s303, putMany: s200, postOnPut: s200, deleteOK: s200,
		deleteGone: true, v1ProfileBody: true, conditionByRule: true},
	2: {n: 2, maxLimit: 1000, putOne: s303, putNew: s303, putMany: s200, postOnPut: s200, deleteOK: s200,
		hardDelete: true},
	3: {n: 3, maxLimit: 1000, putOne: s204, putNew: s201, putMany: s204, postOnPut: s204, deleteOK: s204,
		hardDelete: true, identityPlus: true},
	4: {n: 4, maxLimit: 1000, putOne: s204, putNew: s201, putMany: s204, postOnPut: s204, deleteOK: s204,
		hardDelete: true, nextID: true, v4OnlyTokens: true},
}

// defaultLimit is the page size when a list request names none (all versions).
const defaultLimit = 100
