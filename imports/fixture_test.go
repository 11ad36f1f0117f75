package imports

import (
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
)

// testDB is a database like the spec's examples: text-like, numeric, date
// and select fields, a collection Orders, and names with dots to test how
// `Collection.Field` is split.
func testDB() *kopernik.Database {
	db := &kopernik.Database{ID: 7, Name: "Shop"}
	id := int64(100)
	field := func(o kopernik.Owner, name string, t kopernik.FieldType, value string) *kopernik.Field {
		id++
		return &kopernik.Field{ID: id, Owner: o, Name: name, Type: t, Value: value}
	}
	p := kopernik.DatabaseOwner(db.ID)
	db.Fields = []*kopernik.Field{
		field(p, "Email", kopernik.TypeEmail, ""),
		field(p, "LastName", kopernik.TypeText, ""),
		field(p, "Age", kopernik.TypeInteger, "-1"),
		field(p, "Score", kopernik.TypeFloat, "0"),
		field(p, "Birthdate", kopernik.TypeEmptyDate, ""),
		field(p, "Level", kopernik.TypeSelect, "Gold\r\nSilver*"),
		field(p, "Orders.Note", kopernik.TypeText, ""), // a database field whose name has a dot
	}
	orders := &kopernik.Collection{ID: 20, DatabaseID: db.ID, Name: "Orders"}
	o := kopernik.CollectionOwner(orders.ID)
	orders.Fields = []*kopernik.Field{
		field(o, "OrderID", kopernik.TypeText, ""),
		field(o, "Amount", kopernik.TypeFloat, "0"),
		field(o, "Placed", kopernik.TypeDatetime, ""),
		field(o, "x.y", kopernik.TypeText, ""),
	}
	dotted := &kopernik.Collection{ID: 21, DatabaseID: db.ID, Name: "Orders.x"}
	dotted.Fields = []*kopernik.Field{field(kopernik.CollectionOwner(dotted.ID), "y", kopernik.TypeText, "")}
	visits := &kopernik.Collection{ID: 22, DatabaseID: db.ID, Name: "Visits"}
	visits.Fields = []*kopernik.Field{field(kopernik.CollectionOwner(visits.ID), "Page", kopernik.TypeText, "")}
	db.Collections = []*kopernik.Collection{orders, dotted, visits}
	return db
}

func testCatalog() *kopernik.Catalog {
	return kopernik.NewCatalog(1, []*kopernik.Database{testDB()})
}

func testConv() values.Conv {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		panic(err)
	}
	return values.Conv{Loc: ams, Now: func() time.Time { return time.Date(2024, 5, 6, 7, 8, 9, 0, ams) }}
}
