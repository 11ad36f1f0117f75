package selection

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
)

// Lookups answers what a per-entity test needs beyond the entity itself:
// the members of the views and miniviews it depends on, already built.
type Lookups interface {
	// InView reports whether the profile is a member of the view.
	InView(view, profile int64) bool
	// SubprofilesIn counts the profile's subprofiles that are members of
	// the miniview.
	SubprofilesIn(miniview, profile int64) int
}

// Data is what set- and history-dependent conditions read.
type Data interface {
	// Live lists the live (not removed) profiles of a database or
	// subprofiles of a collection, in ID order.
	Live(o kopernik.Owner) []*kopernik.Entity
	// JournalOf lists the journal entries of a subprofile, or of a profile
	// and its subprofiles.
	JournalOf(kind kopernik.OwnerKind, id int64) []JournalEntry
	// ExportRuns is the export log; nil when none is kept.
	ExportRuns() []ExportRun
}

// Env is what one build prepares its conditions with: one catalog, one
// definitions snapshot and one now for the whole run (§3.5).
type Env struct {
	Catalog *kopernik.Catalog
	Defs    *Definitions
	// Now is the build's reference time in the service zone (§3.6).
	Now time.Time
	// Data serves DoubleField, Change and Export; it may be nil when only
	// per-entity conditions (Depends == 0) are prepared.
	Data Data
}

// Test is a prepared condition evaluated against one entity.
type Test interface {
	Holds(e *kopernik.Entity, l Lookups) bool
}

// constTest is a condition whose answer does not depend on the entity: a
// dangling reference (never holds, §9) or the empty-history policy.
type constTest bool

func (c constTest) Holds(*kopernik.Entity, Lookups) bool { return bool(c) }

// funcTest adapts a closure.
type funcTest func(e *kopernik.Entity, l Lookups) bool

func (f funcTest) Holds(e *kopernik.Entity, l Lookups) bool { return f(e, l) }

// Prepare turns a condition of a rule over target (the database of a view,
// the collection of a miniview) into a Test. Part is a set operation and is
// prepared with PreparePart instead.
func Prepare(env Env, target kopernik.Owner, p kopernik.ConditionProps) (Test, error) {
	subject := target.Kind
	switch x := p.(type) {
	case *kopernik.FieldCondition:
		return prepareField(env, target, x), nil
	case *kopernik.InterestCondition:
		return prepareInterest(env, target, x), nil
	case *kopernik.DateCondition:
		f := env.Catalog.Field(x.Field)
		if f == nil || f.Owner != target || !f.Type.IsDate() {
			return constTest(false), nil
		}
		b := Resolve(x.Window, env.Now)
		return funcTest(func(e *kopernik.Entity, _ Lookups) bool {
			v, ok := dateValue(e.Values[f.ID])
			if !ok {
				return false
			}
			if x.IgnoreYear {
				return b.ContainsIgnoringYear(v)
			}
			return b.Contains(v)
		}), nil
	case *kopernik.DoubleFieldCondition:
		fields := make([]*kopernik.Field, 0, len(x.Fields))
		for _, id := range x.Fields {
			f := env.Catalog.Field(id)
			if f == nil || f.Owner != target {
				return constTest(false), nil
			}
			fields = append(fields, f)
		}
		if env.Data == nil {
			return nil, kopernik.Errorf(kopernik.EINTERNAL, "DoubleField needs the data of its owner")
		}
		return newGroups(x, fields, env.Data.Live(target)), nil
	case *kopernik.ReferViewCondition:
		if v := env.Defs.View(x.View); v == nil || subject != kopernik.OwnerDatabase || v.Database != target.ID {
			return constTest(false), nil
		}
		return funcTest(func(e *kopernik.Entity, l Lookups) bool { return l.InView(x.View, e.ID) != x.Not }), nil
	case *kopernik.MiniViewCondition:
		return prepareMiniView(env, target, x), nil
	case *kopernik.ChangeCondition:
		if (x.Field != 0 && env.Catalog.Field(x.Field) == nil) || (x.Interest != 0 && env.Catalog.Interest(x.Interest) == nil) {
			return constTest(false), nil
		}
		if env.Data == nil {
			return nil, kopernik.Errorf(kopernik.EINTERNAL, "Change needs the journal")
		}
		return changeTest{x: x, bounds: Resolve(x.Window, env.Now), data: env.Data, subject: subject}, nil
	case *kopernik.ExportCondition:
		var runs []ExportRun
		if env.Data != nil {
			runs = env.Data.ExportRuns()
		}
		return exportTest{x: x, bounds: Resolve(x.Window, env.Now), runs: runs, subject: subject}, nil
	case *kopernik.MailingCondition, *kopernik.SurveyCondition, *kopernik.ContactCondition:
		return constTest(emptyHistory(p)), nil
	case *kopernik.PartCondition:
		return nil, kopernik.Errorf(kopernik.EINTERNAL, "Part is a set operation, not a per-entity test")
	}
	return nil, kopernik.Errorf(kopernik.EINTERNAL, "unknown condition type %q", p.ConditionType())
}

// PreparePart prepares a Part condition.
func PreparePart(env Env, target kopernik.Owner, x *kopernik.PartCondition) *Slice {
	return newSlice(env.Catalog, target, x)
}

// prepareField builds the test of a Field condition (§5.1, O-10).
func prepareField(env Env, target kopernik.Owner, x *kopernik.FieldCondition) Test {
	f := env.Catalog.Field(x.Field)
	if f == nil || f.Owner != target {
		return constTest(false)
	}
	var other *kopernik.Field
	if x.OtherField != 0 {
		if other = env.Catalog.Field(x.OtherField); other == nil || other.Owner != target {
			return constTest(false)
		}
	}
	m := fieldMode(f, other, x.Numeric)
	switch x.Comparison {
	case kopernik.CmpIsEmail:
		return funcTest(func(e *kopernik.Entity, _ Lookups) bool { return isEmail(e.Values[f.ID]) })
	case kopernik.CmpIsNumeric:
		return funcTest(func(e *kopernik.Entity, _ Lookups) bool { return isNumeric(e.Values[f.ID]) })
	case kopernik.CmpRegexp:
		if other != nil {
			return funcTest(func(e *kopernik.Entity, _ Lookups) bool {
				re, err := regexp.Compile(regexpFlags + e.Values[other.ID])
				return err == nil && re.MatchString(e.Values[f.ID])
			})
		}
		re, err := regexp.Compile(regexpFlags + x.Value)
		if err != nil {
			return constTest(false)
		}
		return funcTest(func(e *kopernik.Entity, _ Lookups) bool { return re.MatchString(e.Values[f.ID]) })
	case kopernik.CmpContains, kopernik.CmpNotContains:
		want := x.Comparison == kopernik.CmpContains
		return funcTest(func(e *kopernik.Entity, _ Lookups) bool {
			r := x.Value
			if other != nil {
				r = e.Values[other.ID]
			}
			v := e.Values[f.ID]
			if m == modeExact {
				return strings.Contains(v, r) == want
			}
			return containsFold(v, r) == want
		})
	}
	// equals, not equals, less, more: an ordering in the comparison mode.
	operand := func(e *kopernik.Entity) string { return e.Values[other.ID] }
	if other == nil {
		r := constOperand(f, m, x.Value, env.Now.Location())
		operand = func(*kopernik.Entity) string { return r }
	}
	cmp := x.Comparison
	return funcTest(func(e *kopernik.Entity, _ Lookups) bool {
		c := compareIn(m, e.Values[f.ID], operand(e))
		switch cmp {
		case kopernik.CmpEquals:
			return c == 0
		case kopernik.CmpNotEquals:
			return c != 0
		case kopernik.CmpLess:
			return c < 0
		case kopernik.CmpMore:
			return c > 0
		}
		return false
	})
}

// constOperand brings a Field condition's value into the comparison form
// of its field, as a `fields[]` filter value is brought (conventions §8.3).
func constOperand(f *kopernik.Field, m mode, raw string, loc *time.Location) string {
	switch {
	case m == modeDate:
		return dateOperand(f, raw, loc)
	case m == modeInt || (m == modeFloat && f.Type == kopernik.TypeFloat):
		return values.Conv{Loc: loc}.Normalize(f, raw)
	}
	return raw
}

// compareIn orders a stored value and an operand in mode m.
func compareIn(m mode, a, b string) int {
	switch m {
	case modeInt:
		return cmpID(values.Int(a), values.Int(b))
	case modeFloat:
		x, y := values.Float(a), values.Float(b)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	case modeDate:
		return strings.Compare(asDatetime(a), asDatetime(b))
	case modeExact:
		return strings.Compare(a, b)
	}
	return compareFold(a, b)
}

// prepareInterest builds the test of an Interest condition (§5.2). A group
// is looked up in the build's catalog; a group left without interests has
// nobody "with" it and everybody "without" it.
func prepareInterest(env Env, target kopernik.Owner, x *kopernik.InterestCondition) Test {
	if target.Kind != kopernik.OwnerDatabase {
		return constTest(false)
	}
	if !groupMode(x.Mode) {
		i := env.Catalog.Interest(x.Interest)
		if i == nil || i.DatabaseID != target.ID {
			return constTest(false)
		}
		want := x.Mode == ModeWithInterest
		return funcTest(func(e *kopernik.Entity, _ Lookups) bool { return slices.Contains(e.Interests, i.ID) == want })
	}
	var ids []int64
	if d := env.Catalog.Database(target.ID); d != nil {
		for _, i := range d.Interests {
			if strings.EqualFold(i.Group, x.Group) {
				ids = append(ids, i.ID)
			}
		}
	}
	want := x.Mode == ModeWithGroup
	return funcTest(func(e *kopernik.Entity, _ Lookups) bool {
		for _, id := range ids {
			if slices.Contains(e.Interests, id) {
				return want
			}
		}
		return !want
	})
}

// MiniviewBounds are the count bounds of a MiniView condition with the
// defaults of §5.7: none given → at least one; only max → from zero.
func MiniviewBounds(x *kopernik.MiniViewCondition) (lo int64, hi int64, hasHi bool) {
	lo = 1
	switch {
	case x.Min != nil:
		lo = *x.Min
	case x.Max != nil:
		lo = 0
	}
	if x.Max != nil {
		return lo, *x.Max, true
	}
	return lo, 0, false
}

// prepareMiniView builds the test of a MiniView condition (§5.7); in a
// minirule it counts the subprofiles of the subprofile's profile (O-15).
func prepareMiniView(env Env, target kopernik.Owner, x *kopernik.MiniViewCondition) Test {
	m := env.Defs.Miniview(x.Miniview)
	if m == nil {
		return constTest(false)
	}
	c := env.Catalog.Collection(m.Collection)
	db := target.ID
	if target.Kind == kopernik.OwnerCollection {
		own := env.Catalog.Collection(target.ID)
		if own == nil {
			return constTest(false)
		}
		db = own.DatabaseID
	}
	if c == nil || c.DatabaseID != db {
		return constTest(false)
	}
	lo, hi, hasHi := MiniviewBounds(x)
	return funcTest(func(e *kopernik.Entity, l Lookups) bool {
		profile := e.ID
		if target.Kind == kopernik.OwnerCollection {
			profile = e.ProfileID
		}
		n := int64(l.SubprofilesIn(m.ID, profile))
		return n >= lo && (!hasHi || n <= hi)
	})
}
