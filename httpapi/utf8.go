package httpapi

import "unicode/utf8"

const utf8RuneError = utf8.RuneError

func decodeRune(s string) (rune, int) { return utf8.DecodeRuneInString(s) }
