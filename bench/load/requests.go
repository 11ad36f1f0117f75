//go:build linux

package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
)

type listSet struct{ withTotal, noTotal []string }

// listPrefixes all match several seeded last names.
var listPrefixes = []string{"Sm", "Sm", "Sm", "Ja", "Ba", "Br", "Ma", "Mo"}

// listURLs returns the variants of the filtered, ordered list: age bound 38–42
// and a last-name prefix, operators percent-encoded.
func listURLs(base string, db int64, tq string) listSet {
	var ls listSet
	for age := 38; age <= 42; age++ {
		for _, pre := range listPrefixes {
			q := fmt.Sprintf("%s/v3/database/%d/profiles?%s&fields[]=%s&fields[]=%s&orderby=birthdate&limit=100",
				base, db, tq, url.QueryEscape("age>="+strconv.Itoa(age)), url.QueryEscape("lastname=~"+pre+"%"))
			ls.withTotal = append(ls.withTotal, q)
			ls.noTotal = append(ls.noTotal, q+"&total=false")
		}
	}
	return ls
}

// postBodies pre-renders request bodies so that the clients spend little CPU.
func postBodies(seed uint64, n int) [][]byte {
	g := newGen(seed)
	out := make([][]byte, n)
	for i := range out {
		p := g.profile(1_000_000_000 + int(seed)*1_000_000 + i)
		b, err := json.Marshal(map[string]any{"fields": p.json()})
		if err != nil {
			panic(err)
		}
		out[i] = b
	}
	return out
}
