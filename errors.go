package kopernik

import (
	"errors"
	"fmt"
)

// Error codes. The wire layer maps every code but EINTERNAL to HTTP 400, because
// Copernica clients treat only 400 as a failed write.
const (
	EINVALID  = "invalid"   // the request is malformed or breaks a rule
	ENOTFOUND = "not_found" // an addressed entity does not exist
	ECONFLICT = "conflict"  // a name or type rule clashes with stored data
	EINTERNAL = "internal"  // a fault of the server
)

// Error carries a domain code and the exact message Copernica would print.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf builds an *Error.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for foreign errors.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage returns the client-facing message of err; foreign errors never leak.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error"
}

// Messages shared between layers, spelled exactly as the service does.
const (
	MsgNoDatabase        = "No database with supplied ID"
	MsgNoCollection      = "No collection with given ID"
	MsgNoFieldID         = "No field id supplied for the field"
	MsgNoField           = "Failed to get the field"
	MsgNoInterest        = "No interest with supplied ID"
	MsgInvalidData       = "Invalid data provided"
	MsgNameRequired      = "Name is required"
	MsgNameInUse         = "Name already in use"
	MsgInvalidName       = "Invalid name"
	MsgInvalidFieldType  = "Invalid field type"
	MsgTooManyIndexes    = "Too many indexed fields"
	MsgInvalidUnsubBehav = "Invalid unsubscribe behavior"
)
