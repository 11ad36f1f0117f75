package imports

import "strings"

// columnSet gives record keys their column index in order of first sight.
type columnSet struct {
	names []string
	index map[string]int
	max   int
}

func newColumnSet(max int) columnSet { return columnSet{index: map[string]int{}, max: max} }

// add returns the column of key, making one if it is new; ok is false when
// that would pass the limit.
func (c *columnSet) add(key string) (int, bool) {
	if i, ok := c.index[key]; ok {
		return i, true
	}
	if len(c.names) >= c.max {
		return 0, false
	}
	c.index[key] = len(c.names)
	// Names never start or end with blanks (structure.md §1).
	c.names = append(c.names, strings.TrimSpace(key))
	return len(c.names) - 1, true
}
