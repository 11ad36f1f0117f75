package kopernik

import "strings"

// Catalog is an immutable snapshot of every database's structure. Stores hand out
// a new snapshot after each structure change, so readers never lock and never see
// a half-applied change.
type Catalog struct {
	Version     int64
	Databases   []*Database // ID order
	byDatabase  map[int64]*Database
	byColl      map[int64]*Collection
	byInterest  map[int64]*Interest
	byField     map[int64]*Field
	dbByLowName map[string]*Database
	// Selections holds the view, miniview, rule and condition definitions
	// of the snapshot, indexed by package selection (selection.Of returns
	// the index with its dependency graph); nil when there are none. The
	// store sets it before it publishes the snapshot.
	Selections SelectionDefs
	// Webhooks are the webhook definitions of the snapshot; nil when there
	// are none. The store sets it before it publishes the snapshot.
	Webhooks *WebhookSet
}

// SelectionDefs is what the domain knows of the selection index: lookups
// by ID. Its implementation lives in package selection, which builds on this
// package and so cannot be named here.
type SelectionDefs interface {
	View(id int64) *View
	Miniview(id int64) *Miniview
	Rule(id int64) *Rule
	Condition(id int64) *Condition
}

// NewCatalog indexes databases (which must be in ID order, with children in ID order).
func NewCatalog(version int64, dbs []*Database) *Catalog {
	c := &Catalog{
		Version:     version,
		Databases:   dbs,
		byDatabase:  make(map[int64]*Database, len(dbs)),
		byColl:      map[int64]*Collection{},
		byInterest:  map[int64]*Interest{},
		byField:     map[int64]*Field{},
		dbByLowName: make(map[string]*Database, len(dbs)),
	}
	for _, d := range dbs {
		c.byDatabase[d.ID] = d
		c.dbByLowName[strings.ToLower(d.Name)] = d
		for _, f := range d.Fields {
			c.byField[f.ID] = f
		}
		for _, i := range d.Interests {
			c.byInterest[i.ID] = i
		}
		for _, col := range d.Collections {
			c.byColl[col.ID] = col
			for _, f := range col.Fields {
				c.byField[f.ID] = f
			}
		}
	}
	return c
}

func (c *Catalog) Database(id int64) *Database       { return c.byDatabase[id] }
func (c *Catalog) Collection(id int64) *Collection   { return c.byColl[id] }
func (c *Catalog) Interest(id int64) *Interest       { return c.byInterest[id] }
func (c *Catalog) Field(id int64) *Field             { return c.byField[id] }
func (c *Catalog) DatabaseByName(n string) *Database { return c.dbByLowName[strings.ToLower(n)] }

// Fields returns the fields of a database or collection, nil if the owner is unknown.
func (c *Catalog) Fields(o Owner) []*Field {
	if o.Kind == OwnerDatabase {
		if d := c.byDatabase[o.ID]; d != nil {
			return d.Fields
		}
		return nil
	}
	if col := c.byColl[o.ID]; col != nil {
		return col.Fields
	}
	return nil
}

// FieldByName finds a field of the owner by name, case-insensitively.
func FieldByName(fields []*Field, name string) *Field {
	for _, f := range fields {
		if strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

// CollectionByName finds a collection of the database by name, case-insensitively.
func (d *Database) CollectionByName(name string) *Collection {
	for _, c := range d.Collections {
		if strings.EqualFold(c.Name, name) {
			return c
		}
	}
	return nil
}

// InterestByName finds an interest of the database by name, case-insensitively.
func (d *Database) InterestByName(name string) *Interest {
	for _, i := range d.Interests {
		if strings.EqualFold(i.Name, name) {
			return i
		}
	}
	return nil
}
