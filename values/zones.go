package values

import "time"

// zoneOffsets are the abbreviations PHP's timelib knows that clients plausibly
// send, in seconds east of UTC. timelib maps each abbreviation to one fixed
// offset (cest is always +2), so a location is not wanted here.
var zoneOffsets = map[string]int{
	"utc": 0, "gmt": 0, "ut": 0, "z": 0, "wet": 0,
	"west": 1 * hour, "bst": 1 * hour, "cet": 1 * hour, "met": 1 * hour,
	"cest": 2 * hour, "mest": 2 * hour, "eet": 2 * hour,
	"eest": 3 * hour, "msk": 3 * hour,
	"jst": 9 * hour, "aest": 10 * hour, "aedt": 11 * hour,
	"est": -5 * hour, "edt": -4 * hour, "cst": -6 * hour, "cdt": -5 * hour,
	"mst": -7 * hour, "mdt": -6 * hour, "pst": -8 * hour, "pdt": -7 * hour,
	"akst": -9 * hour, "akdt": -8 * hour, "hst": -10 * hour,
	// Military zones: a single letter is a zone to strtotime, which is why B29
	// sees "a" resolve to the current time instead of failing. J is local time
	// and has no entry.
	"a": 1 * hour, "b": 2 * hour, "c": 3 * hour, "d": 4 * hour, "e": 5 * hour,
	"f": 6 * hour, "g": 7 * hour, "h": 8 * hour, "i": 9 * hour, "k": 10 * hour,
	"l": 11 * hour, "m": 12 * hour, "n": -1 * hour, "o": -2 * hour, "p": -3 * hour,
	"q": -4 * hour, "r": -5 * hour, "s": -6 * hour, "t": -7 * hour, "u": -8 * hour,
	"v": -9 * hour, "w": -10 * hour, "x": -11 * hour, "y": -12 * hour,
}

const hour = 3600

var months = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
	"oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday,
	"mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday,
}

// units are the relative-time words, as (index into parsed.rel, multiplier).
var units = map[string][2]int{
	"sec": {relS, 1}, "secs": {relS, 1}, "second": {relS, 1}, "seconds": {relS, 1},
	"min": {relI, 1}, "mins": {relI, 1}, "minute": {relI, 1}, "minutes": {relI, 1},
	"hour": {relH, 1}, "hours": {relH, 1},
	"day": {relD, 1}, "days": {relD, 1},
	"week": {relD, 7}, "weeks": {relD, 7},
	"fortnight": {relD, 14}, "fortnights": {relD, 14},
	"month": {relM, 1}, "months": {relM, 1},
	"year": {relY, 1}, "years": {relY, 1},
}
