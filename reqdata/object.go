package reqdata

import (
	"math"
	"strconv"

	"github.com/kopernik/kopernik"
)

// object is an ordered map under construction. kopernik.Map.Set scans its keys,
// so building a large body through it would be quadratic; object keeps an
// index once it grows past a few keys.
type object struct {
	keys  []string
	vals  []any
	index map[string]int

	// next is PHP's next free integer key, used by `name[]=`. full records
	// that the largest integer key is taken; PHP then drops further appends.
	next int64
	full bool
}

// Small objects are the norm; a linear scan beats hashing there.
const indexThreshold = 8

func (o *object) find(key string) int {
	if o.index != nil {
		if i, ok := o.index[key]; ok {
			return i
		}
		return -1
	}
	for i, k := range o.keys {
		if k == key {
			return i
		}
	}
	return -1
}

// set replaces the value of an existing key in place (the first position
// stays, the later value wins: PHP arrays and kopernik.Map.Set agree) or
// appends a new entry.
func (o *object) set(key string, v any) {
	if i := o.find(key); i >= 0 {
		o.vals[i] = v
		return
	}
	o.keys = append(o.keys, key)
	o.vals = append(o.vals, v)
	switch {
	case o.index != nil:
		o.index[key] = len(o.keys) - 1
	case len(o.keys) > indexThreshold:
		o.index = make(map[string]int, 2*len(o.keys))
		for i, k := range o.keys {
			o.index[k] = i
		}
	}
}

// phpSet is set plus PHP's bookkeeping of the next free integer key.
func (o *object) phpSet(key string, v any) {
	if n, ok := phpIntKey(key); ok && !o.full && n >= o.next {
		if n == math.MaxInt64 {
			o.full = true
		} else {
			o.next = n + 1
		}
	}
	o.set(key, v)
}

// phpAppend is PHP's `$a[] = v`. It reports false when PHP would drop the
// value because the next integer key would overflow.
func (o *object) phpAppend(v any) bool {
	if o.full {
		return false
	}
	o.phpSet(strconv.FormatInt(o.next, 10), v)
	return true
}

// child descends into key the way PHP does for `key[...]`: an existing array
// is reused, anything else there is replaced by a new array in place.
func (o *object) child(key string) *object {
	if i := o.find(key); i >= 0 {
		if c, ok := o.vals[i].(*object); ok {
			return c
		}
		c := &object{}
		o.vals[i] = c
		return c
	}
	c := &object{}
	o.phpSet(key, c)
	return c
}

// appendChild is `key[][...]`; nil when PHP would drop the value.
func (o *object) appendChild() *object {
	c := &object{}
	if !o.phpAppend(c) {
		return nil
	}
	return c
}

// phpIntKey reports whether PHP would store key as an integer key: a canonical
// decimal ("0", "-5", never "05", "+5" or "-0") within int64.
func phpIntKey(key string) (int64, bool) {
	digits := key
	if len(digits) > 0 && digits[0] == '-' {
		digits = digits[1:]
	}
	if digits == "" || (digits[0] == '0' && (len(digits) > 1 || len(key) > 1)) {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(key, 10, 64)
	return n, err == nil
}

// formValue converts a finished form array into its kopernik kind. An array
// whose keys are exactly 0..n-1 in order becomes a list, as PHP's
// json_encode would print it, so `interests[]=a` reads like JSON ["a"].
func (o *object) formValue() any {
	o.convertChildren()
	if o.isList() {
		return append([]any{}, o.vals...)
	}
	return &kopernik.Map{Keys: o.keys, Values: o.vals}
}

// formMap converts the root of a form: always a map, even for `0=a`, because
// a form body stands for an object.
func (o *object) formMap() *kopernik.Map {
	o.convertChildren()
	return &kopernik.Map{Keys: o.keys, Values: o.vals}
}

func (o *object) convertChildren() {
	for i, v := range o.vals {
		if c, ok := v.(*object); ok {
			o.vals[i] = c.formValue()
		}
	}
}

func (o *object) isList() bool {
	for i, k := range o.keys {
		if k != strconv.Itoa(i) {
			return false
		}
	}
	return true
}
