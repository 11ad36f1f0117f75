package selection

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"testing"
	"time"
	_ "time/tzdata" // the service zone must load on any test machine

	"github.com/kopernik/kopernik"
)

// The fixture: database 1 with fields of every comparison kind, four
// interests in two groups and a collection of orders; database 2 to prove
// references stay inside their database.
const (
	fName      = 10 // text
	fCity      = 11 // text
	fAge       = 12 // integer
	fScore     = 13 // float
	fBirth     = 14 // date
	fVisit     = 15 // datetime
	fKind      = 16 // select
	fEmail     = 17 // email
	fJoined    = 18 // empty_date
	fNick      = 19 // text
	iFootball  = 20
	iTennis    = 21
	iCars      = 22
	iBiking    = 23
	cOrders    = 30
	fProduct   = 31 // text, collection 30
	fAmount    = 32 // integer, collection 30
	fOrdered   = 33 // datetime, collection 30
	dbOther    = 2
	fOtherName = 40
	iOther     = 41
	cOther     = 50
	fOtherColl = 51
)

func testCatalog() *kopernik.Catalog {
	db := kopernik.DatabaseOwner(1)
	field := func(id int64, o kopernik.Owner, name string, t kopernik.FieldType) *kopernik.Field {
		return &kopernik.Field{ID: id, Owner: o, Name: name, Type: t, Length: 255, TextLines: 1}
	}
	orders := kopernik.CollectionOwner(cOrders)
	d1 := &kopernik.Database{ID: 1, Name: "Shop",
		Fields: []*kopernik.Field{
			field(fName, db, "name", kopernik.TypeText),
			field(fCity, db, "city", kopernik.TypeText),
			field(fAge, db, "age", kopernik.TypeInteger),
			field(fScore, db, "score", kopernik.TypeFloat),
			field(fBirth, db, "birthdate", kopernik.TypeDate),
			field(fVisit, db, "lastvisit", kopernik.TypeDatetime),
			field(fKind, db, "kind", kopernik.TypeSelect),
			field(fEmail, db, "email", kopernik.TypeEmail),
			field(fJoined, db, "joined", kopernik.TypeEmptyDate),
			field(fNick, db, "nick", kopernik.TypeText),
		},
		Interests: []*kopernik.Interest{
			{ID: iFootball, DatabaseID: 1, Name: "football", Group: "sports"},
			{ID: iTennis, DatabaseID: 1, Name: "tennis", Group: "sports"},
			{ID: iCars, DatabaseID: 1, Name: "cars", Group: "hobbies"},
			{ID: iBiking, DatabaseID: 1, Name: "biking", Group: "hobbies"},
		},
		Collections: []*kopernik.Collection{{ID: cOrders, DatabaseID: 1, Name: "orders", Fields: []*kopernik.Field{
			field(fProduct, orders, "product", kopernik.TypeText),
			field(fAmount, orders, "amount", kopernik.TypeInteger),
			field(fOrdered, orders, "ordered", kopernik.TypeDatetime),
		}}},
	}
	d1.Fields[6].Value = "a\nb\nB"
	d2 := &kopernik.Database{ID: dbOther, Name: "Other",
		Fields:      []*kopernik.Field{field(fOtherName, kopernik.DatabaseOwner(dbOther), "name", kopernik.TypeText)},
		Interests:   []*kopernik.Interest{{ID: iOther, DatabaseID: dbOther, Name: "football", Group: "sports"}},
		Collections: []*kopernik.Collection{{ID: cOther, DatabaseID: dbOther, Name: "orders", Fields: []*kopernik.Field{field(fOtherColl, kopernik.CollectionOwner(cOther), "product", kopernik.TypeText)}}},
	}
	return kopernik.NewCatalog(1, []*kopernik.Database{d1, d2})
}

var amsterdam = func() *time.Location {
	l, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err)
	}
	return l
}()

// at is a wall-clock time in the service zone.
func at(s string) time.Time {
	t, err := time.ParseInLocation(StampLayout, s, amsterdam)
	if err != nil {
		panic(err)
	}
	return t
}

// defsBuilder assembles a Definitions snapshot.
type defsBuilder struct {
	views []*kopernik.View
	minis []*kopernik.Miniview
	rules []*kopernik.Rule
	conds []*kopernik.Condition
}

func (b *defsBuilder) view(id, db, parent int64, name string) *defsBuilder {
	b.views = append(b.views, &kopernik.View{ID: id, Name: name, Database: db, Parent: parent})
	return b
}

func (b *defsBuilder) mini(id, coll int64, name string) *defsBuilder {
	b.minis = append(b.minis, &kopernik.Miniview{ID: id, Name: name, Collection: coll})
	return b
}

// rule adds a rule to a view (or miniview with mini set).
func (b *defsBuilder) rule(id int64, owner kopernik.SelectionRef, inversed, disabled bool) *defsBuilder {
	b.rules = append(b.rules, &kopernik.Rule{ID: id, Name: "r" + strconv.FormatInt(id, 10), Owner: owner, Inversed: inversed, Disabled: disabled})
	return b
}

func (b *defsBuilder) cond(id, rule int64, p kopernik.ConditionProps) *defsBuilder {
	b.conds = append(b.conds, &kopernik.Condition{ID: id, Rule: rule, Props: p})
	return b
}

func (b *defsBuilder) build() *Definitions {
	return NewDefinitions(slices.Clone(b.views), slices.Clone(b.minis), slices.Clone(b.rules), slices.Clone(b.conds))
}

// mapOf builds a request body from alternating keys and values; an int
// becomes int64, the kind the body decoder produces.
func mapOf(kv ...any) *kopernik.Map {
	m := &kopernik.Map{}
	for i := 0; i < len(kv); i += 2 {
		v := kv[i+1]
		if n, ok := v.(int); ok {
			v = int64(n)
		}
		m.Keys = append(m.Keys, kv[i].(string))
		m.Values = append(m.Values, v)
	}
	return m
}

// profile and sub build entities of the fixture.
func profile(id int64, vals map[int64]string, interests ...int64) *kopernik.Entity {
	return &kopernik.Entity{ID: id, Owner: kopernik.DatabaseOwner(1), Values: vals, Interests: interests}
}

func sub(id, profileID int64, vals map[int64]string) *kopernik.Entity {
	return &kopernik.Entity{ID: id, Owner: kopernik.CollectionOwner(cOrders), ProfileID: profileID, Values: vals}
}

func ids(v ...int64) []int64 { return v }

// members runs the reference algorithm and returns the members of ref.
func members(t *testing.T, ds *Dataset, now time.Time, ref kopernik.SelectionRef) []int64 {
	t.Helper()
	m, err := Reference(ds, now)
	if err != nil {
		t.Fatal(err)
	}
	if m[ref] == nil {
		return []int64{}
	}
	return m[ref]
}

// encode writes an output object as JSON by walking it, as the HTTP layer
// will, so the tests see exactly the key order that reaches the wire.
func encode(t *testing.T, v any) string {
	t.Helper()
	var b bytes.Buffer
	// Like the HTTP layer, no HTML escaping: "<>" stays "<>".
	scalar := func(v any) {
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(v)
		b.Truncate(b.Len() - 1) // Encode's newline
	}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case *kopernik.Map:
			b.WriteByte('{')
			for i, k := range x.Keys {
				if i > 0 {
					b.WriteByte(',')
				}
				scalar(k)
				b.WriteByte(':')
				walk(x.Values[i])
			}
			b.WriteByte('}')
		case []any:
			b.WriteByte('[')
			for i, e := range x {
				if i > 0 {
					b.WriteByte(',')
				}
				walk(e)
			}
			b.WriteByte(']')
		case string, bool, int64:
			scalar(x)
		default:
			t.Fatalf("output holds a %T, which the HTTP layer cannot walk", v)
		}
	}
	walk(v)
	return b.String()
}
