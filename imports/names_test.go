package imports

import (
	"strings"
	"testing"

	"github.com/kopernik/kopernik"
)

// §3.25: names match case-insensitively; `Collection.Field` addresses a
// subprofile field; a database field of the whole name wins, then the
// shortest collection prefix.
func TestP325_ColumnNames(t *testing.T) {
	db := testDB()
	cases := []struct {
		name, field, coll, local string
	}{
		{"email", "Email", "", "email"},
		{"LASTNAME", "LastName", "", "LASTNAME"},
		{"orders.orderid", "OrderID", "Orders", "orderid"},
		{"Orders.Note", "Orders.Note", "", "Orders.Note"},
		{"Orders.x.y", "x.y", "Orders", "x.y"},
		{"visits.page", "Page", "Visits", "page"},
		{"Orders.Nope", "", "", ""},
		{"Nope", "", "", ""},
		{"Orders.", "", "", ""},
		{".Email", "", "", ""},
	}
	for _, c := range cases {
		ref, ok := Resolve(db, c.name)
		if c.field == "" {
			if ok {
				t.Errorf("%q resolved to %s", c.name, ref.Field.Name)
			}
			continue
		}
		coll := ""
		if ref.Coll != nil {
			coll = ref.Coll.Name
		}
		if !ok || ref.Field.Name != c.field || coll != c.coll || ref.Local != c.local {
			t.Errorf("%q: got %+v (coll %q), want field %q coll %q local %q", c.name, ref, coll, c.field, c.coll, c.local)
		}
	}
}

func TestP325_KeyFields(t *testing.T) {
	db := testDB()
	k, err := ResolveKeys(db, []string{"email", "Orders.OrderID", "EMAIL", " LastName "})
	if err != nil {
		t.Fatal(err)
	}
	if len(k.Profile) != 2 || k.Profile[0].Name != "Email" || k.Profile[1].Name != "LastName" ||
		len(k.Sub) != 1 || k.Sub[0].Name != "OrderID" || k.Coll.Name != "Orders" {
		t.Fatalf("keys %+v", k)
	}
	for _, bad := range [][]string{{"Emial"}, {"Orders.OrderID", "Visits.Page"}, {""}} {
		_, err := ResolveKeys(db, bad)
		if kopernik.ErrorCode(err) != kopernik.EINVALID || !strings.HasPrefix(kopernik.ErrorMessage(err), "Invalid key field") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}
