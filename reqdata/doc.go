// Package reqdata turns the raw request data Copernica clients send — query
// strings, form, multipart and JSON bodies — into values the handlers read.
//
// The clients are PHP programs and Copernica itself is PHP, so the rules here
// copy PHP where the wire format leaves room: parse_str for query strings and
// forms, PHP's (int)/(bool)/(string) casts for coercion, json_decode with
// associative arrays for JSON. Where PHP is undefined or would produce
// something our JSON responses cannot carry, the choice is documented at the
// spot.
//
// Decoded values are always one of the kinds kopernik.Map allows: string,
// int64, float64, bool, nil, []any and *kopernik.Map.
package reqdata
