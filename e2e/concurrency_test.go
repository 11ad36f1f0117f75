package e2e

import (
	"fmt"
	"sync"
	"testing"
)

// TestConcurrentStructureWritesKeepTheRules sends conflicting structure writes
// at the same time: the group-committing writer must still apply the name and
// one-per-type rules as if the writes came one by one.
func TestConcurrentStructureWritesKeepTheRules(t *testing.T) {
	t.Parallel()
	s := startServer(t)
	const n = 24
	run := func(f func(i int) resp) []resp {
		out := make([]resp, n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() { defer wg.Done(); out[i] = f(i) }()
		}
		wg.Wait()
		return out
	}
	oneWins := func(t *testing.T, rs []resp, msg string) string {
		t.Helper()
		id := ""
		for _, r := range rs {
			if r.Status == 201 {
				if id != "" {
					t.Fatalf("two creations succeeded: %s and %s", id, r.Header.Get("X-Created"))
				}
				id = r.Header.Get("X-Created")
				continue
			}
			expectError(t, r, msg)
		}
		if id == "" {
			t.Fatal("no creation succeeded")
		}
		return id
	}

	t.Run("same database name in any case", func(t *testing.T) {
		rs := run(func(i int) resp {
			name := "Same"
			if i%2 == 1 {
				name = "SAME"
			}
			return s.do("POST", "/v2/databases", map[string]any{"name": name})
		})
		oneWins(t, rs, "Name already in use")
	})

	t.Run("one email field, distinct names", func(t *testing.T) {
		rs := run(func(i int) resp {
			return s.do("POST", "/v2/database/same/fields", map[string]any{"name": fmt.Sprintf("mail%d", i), "type": "email"})
		})
		oneWins(t, rs, "Only one field of type email is allowed")
	})

	t.Run("same interest and collection name", func(t *testing.T) {
		oneWins(t, run(func(i int) resp {
			return s.do("POST", "/v3/database/same/interests", map[string]any{"name": "news"})
		}), "Name already in use")
		oneWins(t, run(func(i int) resp {
			return s.do("POST", "/v3/database/same/collections", map[string]any{"name": "orders"})
		}), "Name already in use")
	})

	t.Run("many distinct writes all land, IDs distinct", func(t *testing.T) {
		rs := run(func(i int) resp {
			return s.do("POST", "/v4/database/same/fields", map[string]any{"name": fmt.Sprintf("f%d", i), "ordered": true})
		})
		seen := map[string]bool{}
		for _, r := range rs {
			id := created(t, r)
			if seen[id] {
				t.Fatalf("ID %s handed out twice", id)
			}
			seen[id] = true
		}
		// Exactly one field ends up ordered.
		var fields struct {
			Data []struct {
				Ordered bool `json:"ordered"`
			} `json:"data"`
		}
		r := s.do("GET", "/v2/database/same/fields?limit=1000", nil)
		if err := jsonUnmarshal(r.Body, &fields); err != nil || len(fields.Data) != n+1 {
			t.Fatalf("fields: %v %s", err, r.Body)
		}
		ordered := 0
		for _, f := range fields.Data {
			if f.Ordered {
				ordered++
			}
		}
		if ordered != 1 {
			t.Fatalf("%d ordered fields", ordered)
		}
	})
}
