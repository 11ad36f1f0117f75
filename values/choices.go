package values

import "strings"

// Choices splits a select field's value into its choices and returns the
// default choice ("" when none is starred). Lines may end in \r\n, \n or \r
// since clients send all three; trailing blanks are dropped because the user
// interface trims them, and one trailing '*' marks the default (structure.md §4.2).
func Choices(value string) (choices []string, def string) {
	if value == "" {
		return nil, ""
	}
	value = strings.ReplaceAll(value, "\r\n", "\n")
	value = strings.ReplaceAll(value, "\r", "\n")
	starred := false
	for _, line := range strings.Split(value, "\n") {
		line = strings.TrimRight(line, phpBlanks)
		if c, ok := strings.CutSuffix(line, "*"); ok {
			line = c
			if !starred {
				def, starred = c, true
			}
		}
		choices = append(choices, line)
	}
	return choices, def
}

// pick keeps in only when it is exactly one of the choices: Copernica compares
// case-sensitively and stores "" for anything else, even if "" is no choice (B25).
func pick(value, in string) string {
	choices, _ := Choices(value)
	for _, c := range choices {
		if c == in {
			return in
		}
	}
	return ""
}

// phpBlanks is what PHP's trim and rtrim strip by default.
const phpBlanks = " \t\n\r\x00\x0B"
