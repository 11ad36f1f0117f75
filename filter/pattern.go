package filter

import "strings"

// Pattern is a LIKE pattern of a `=~` / `!~` condition, parsed once so each
// engine can be handed an equivalent, well-formed pattern:
//
//	%  any run of characters      _  exactly one character
//	\% \_ \\  a literal %, _ or backslash
//
// A backslash before any other character, or at the end, is a literal
// backslash (so `C:\temp` needs no escaping and no pattern is malformed).
type Pattern struct {
	toks []ptok
}

type ptok struct {
	kind byte // 'l' literal run, '%' any run, '_' one character
	lit  string
}

// ParsePattern parses the user's pattern text.
func ParsePattern(s string) Pattern {
	var p Pattern
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			p.toks = append(p.toks, ptok{kind: 'l', lit: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) && (s[i+1] == '%' || s[i+1] == '_' || s[i+1] == '\\') {
				i++
				lit.WriteByte(s[i])
			} else {
				lit.WriteByte('\\')
			}
		case '%', '_':
			flush()
			if c == '%' && len(p.toks) > 0 && p.toks[len(p.toks)-1].kind == '%' {
				continue // %% is %
			}
			p.toks = append(p.toks, ptok{kind: c})
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return p
}

// Like renders the pattern for `LIKE … ESCAPE '\'`.
func (p Pattern) Like() string {
	var b strings.Builder
	for _, t := range p.toks {
		if t.kind != 'l' {
			b.WriteByte(t.kind)
			continue
		}
		for i := 0; i < len(t.lit); i++ {
			if c := t.lit[i]; c == '%' || c == '_' || c == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(t.lit[i])
		}
	}
	return b.String()
}

// Glob renders the pattern for SQLite's case-sensitive GLOB: * and ? are the
// wildcards; a literal *, ? or [ is written as a one-character class.
func (p Pattern) Glob() string {
	var b strings.Builder
	for _, t := range p.toks {
		switch t.kind {
		case '%':
			b.WriteByte('*')
		case '_':
			b.WriteByte('?')
		default:
			for i := 0; i < len(t.lit); i++ {
				switch c := t.lit[i]; c {
				case '*', '?', '[':
					b.WriteByte('[')
					b.WriteByte(c)
					b.WriteByte(']')
				default:
					b.WriteByte(c)
				}
			}
		}
	}
	return b.String()
}
