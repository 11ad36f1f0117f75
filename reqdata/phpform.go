package reqdata

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// maxFormDepth is PHP's max_input_nesting_level default.
const maxFormDepth = 64

// parseForm fills root from an application/x-www-form-urlencoded string the
// way PHP fills $_GET and $_POST. Only '&' separates pairs: PHP's default
// arg_separator.input does not include ';', and the spec wants a stray ';' to
// stay data. With strictUTF8 a name or value that is not UTF-8 after
// decoding fails the whole parse (bodies, §4.2); query strings are never
// refused for their bytes.
func parseForm(root *object, s string, strictUTF8 bool) error {
	for len(s) > 0 {
		var pair string
		pair, s, _ = strings.Cut(s, "&")
		if pair == "" {
			continue
		}
		name, value, _ := strings.Cut(pair, "=")
		name, value = urlDecode(name), urlDecode(value)
		if strictUTF8 && !(utf8.ValidString(name) && utf8.ValidString(value)) {
			return fmt.Errorf("%w: form field is not UTF-8", ErrInvalid)
		}
		register(root, name, value)
	}
	return nil
}

// urlDecode is PHP's urldecode: '+' is a space and a '%' not followed by two
// hex digits stays as it is, so one malformed escape spoils nothing else.
func urlDecode(s string) string {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+':
			b = append(b, ' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	default:
		return c - 'a' + 10
	}
}

// register stores one decoded pair like PHP's php_register_variable_ex, so
// the bracket forms mean what they mean to Copernica: `a[x][]=v` nests,
// `a[]` appends, an unclosed `[` is part of the name, text after a `]` that
// does not open another `[` is ignored.
func register(root *object, name, value string) {
	base, path, ok := splitName(name)
	if !ok {
		return
	}
	if len(path) > maxFormDepth {
		// PHP goes further and drops every earlier value of the same name
		// too; copying that would cost a removal per pair and buys nothing.
		return
	}
	cur, key, keyed := root, base, true
	for _, seg := range path {
		if keyed {
			cur = cur.child(key)
		} else if cur = cur.appendChild(); cur == nil {
			return
		}
		key, keyed = seg, seg != ""
	}
	if keyed {
		cur.phpSet(key, value)
	} else {
		cur.phpAppend(value)
	}
}

// splitName splits a PHP variable name into its base and bracket segments,
// applying PHP's renaming: the name ends at a NUL (PHP handles it as a C
// string), leading spaces go, ' ' and '.' in the base become '_', and a
// first '[' without a matching ']' becomes '_' with the rest of the name
// kept. ok is false for names PHP ignores (an empty base).
func splitName(name string) (base string, path []string, ok bool) {
	if i := strings.IndexByte(name, 0); i >= 0 {
		name = name[:i]
	}
	name = strings.TrimLeft(name, " ")
	open := strings.IndexByte(name, '[')
	if open < 0 {
		base = underscore(name, " .")
		return base, nil, base != ""
	}
	base = underscore(name[:open], " .")
	if base == "" {
		return "", nil, false
	}
	rest := name[open:]
	for len(rest) > 0 && rest[0] == '[' {
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			if path == nil {
				base += "_" + underscore(rest[1:], " .[")
			}
			break
		}
		path = append(path, rest[1:end])
		if len(path) > maxFormDepth {
			break
		}
		rest = rest[end+1:]
	}
	return base, path, true
}

// underscore works on bytes: names need not be UTF-8 in a query string and
// must come through unchanged apart from the renamed characters.
func underscore(s, chars string) string {
	if !strings.ContainsAny(s, chars) {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if strings.IndexByte(chars, c) >= 0 {
			b[i] = '_'
		}
	}
	return string(b)
}
