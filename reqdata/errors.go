package reqdata

import "github.com/kopernik/kopernik"

// The sentinels are kopernik errors so the wire layer prints the message the
// spec fixes (conventions §4.2) without a mapping table of its own. Detail is
// added by wrapping; kopernik.ErrorMessage still finds the fixed message.
var (
	ErrInvalid  error = &kopernik.Error{Code: kopernik.EINVALID, Message: "Invalid data provided"}
	ErrTooLarge error = &kopernik.Error{Code: kopernik.EINVALID, Message: "Request too large"}
)
