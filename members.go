package kopernik

import "context"

// SelectionMemberStore serves the members of views and miniviews
// (selections.md §3.5, §8): lists go through EntityStore.ListEntities with
// ListQuery.Members set, after EnsureMembers.
type SelectionMemberStore interface {
	// EnsureMembers makes the stored members of ref current before they are
	// read: a selection never built, or whose members may be stale, is built
	// first (with what it depends on). A build that outlasts the store's time
	// limit goes on in the background while the previous members are served;
	// a selection never built is always waited for.
	EnsureMembers(ctx context.Context, ref SelectionRef) error
	// MemberIDs lists the member IDs of ref in ascending order, from start,
	// at most limit of them (limit < 0: all).
	MemberIDs(ctx context.Context, ref SelectionRef, start, limit int64) ([]int64, error)
	// RebuildSelection starts a full rebuild of ref (and what it depends on,
	// where stale) and returns without waiting for it; last-built moves when
	// it is done.
	RebuildSelection(ctx context.Context, ref SelectionRef) error
}
