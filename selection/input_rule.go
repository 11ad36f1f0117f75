package selection

import (
	"strings"

	"github.com/kopernik/kopernik"
)

// ApplyRule reads a rule or minirule body (POST view/{id}/rules, PUT rule,
// §8.4/§8.6) into r, whose Owner must be set: name (required, unique among
// the owner's rules), description, inversed or inverted (inversed wins when
// both are sent, §8.1), disabled.
func ApplyRule(defs *Definitions, r *kopernik.Rule, m *kopernik.Map, create bool) error {
	b := body{m}
	if err := applyName(b, &r.Name, create, func(name string) bool {
		for _, o := range defs.RulesOf(r.Owner) {
			if o.ID != r.ID && strings.EqualFold(o.Name, name) {
				return true
			}
		}
		return false
	}); err != nil {
		return err
	}
	if err := applyDescription(b, &r.Description); err != nil {
		return err
	}
	if v, ok := b.get("inversed"); ok {
		r.Inversed = boolean(v)
	} else if v, ok := b.get("inverted"); ok {
		r.Inversed = boolean(v)
	}
	if v, ok := b.get("disabled"); ok {
		r.Disabled = boolean(v)
	}
	return nil
}

// ApplyView reads a view body (POST database/{db}/views, POST
// view/{id}/views, PUT view/{id}, §8.2) into v, whose Database must be set:
// name (required, unique in the database at every level) and description.
// Other keys (v2 lists parent and has-* keys) are ignored.
func ApplyView(defs *Definitions, v *kopernik.View, m *kopernik.Map, create bool) error {
	b := body{m}
	if err := applyName(b, &v.Name, create, func(name string) bool {
		o := defs.ViewByName(v.Database, name)
		return o != nil && o.ID != v.ID
	}); err != nil {
		return err
	}
	return applyDescription(b, &v.Description)
}

// ApplyMiniview reads a miniview body (§8.3) into mv, whose Collection must
// be set: name (required, unique in the collection) and description.
func ApplyMiniview(defs *Definitions, mv *kopernik.Miniview, m *kopernik.Map, create bool) error {
	b := body{m}
	if err := applyName(b, &mv.Name, create, func(name string) bool {
		for _, o := range defs.MiniviewsOf(mv.Collection) {
			if o.ID != mv.ID && strings.EqualFold(o.Name, name) {
				return true
			}
		}
		return false
	}); err != nil {
		return err
	}
	return applyDescription(b, &mv.Description)
}

// applyName reads a required, unique name; taken reports a clash.
func applyName(b body, dst *string, create bool, taken func(string) bool) error {
	v, ok := b.get("name")
	if !ok {
		if create {
			return invalid(kopernik.MsgNameRequired)
		}
		return nil
	}
	name, err := text("name", v)
	if err != nil {
		return err
	}
	if name = strings.TrimSpace(name); name == "" {
		return invalid(kopernik.MsgNameRequired)
	}
	if taken(name) {
		return invalid(kopernik.MsgNameInUse)
	}
	*dst = name
	return nil
}

func applyDescription(b body, dst *string) error {
	v, ok := b.get("description")
	if !ok {
		return nil
	}
	d, err := text("description", v)
	if err != nil {
		return err
	}
	*dst = d
	return nil
}
