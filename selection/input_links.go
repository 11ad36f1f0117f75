package selection

import (
	"strings"

	"github.com/kopernik/kopernik"
)

// Interest match modes (§5.2). The docs also write
// match_profiles_with_interest_group; enumKey folds that spelling in.
const (
	ModeWithInterest    = "match_profiles_with_interest"
	ModeWithoutInterest = "match_profiles_without_interest"
	ModeWithGroup       = "match_profiles_with_interestgroup"
	ModeWithoutGroup    = "match_profiles_without_interestgroup"
)

var interestModes = newEnum(ModeWithInterest, ModeWithoutInterest, ModeWithGroup, ModeWithoutGroup)

func groupMode(mode string) bool { return mode == ModeWithGroup || mode == ModeWithoutGroup }

// applyInterest reads an Interest condition (§5.2).
func applyInterest(s *scope, x *kopernik.InterestCondition, b body) error {
	if v, ok := b.get("match-mode"); ok {
		m, err := interestModes.parse("match-mode", v)
		if err != nil {
			return err
		}
		x.Mode = m
	}
	if v, ok := b.get("interest"); ok {
		x.Interest = 0
		if !isUnset(v) {
			i, err := s.interest("interest", v)
			if err != nil {
				return err
			}
			x.Interest = i.ID
		}
	}
	if v, ok := b.get("interest-group"); ok {
		g, err := text("interest-group", v)
		if err != nil {
			return err
		}
		x.Group = ""
		if g = strings.TrimSpace(g); g != "" {
			// A group exists only through its interests; an unknown name is
			// far more likely a typo than a group still to come.
			for _, i := range s.database.Interests {
				if strings.EqualFold(i.Group, g) {
					x.Group = i.Group
					break
				}
			}
			if x.Group == "" {
				return invalid(fmtUnknownGroup, "interest-group")
			}
		}
	}
	switch {
	case groupMode(x.Mode) && x.Group == "":
		return invalid(fmtRequired, "interest-group")
	case !groupMode(x.Mode) && x.Interest == 0:
		return invalid(fmtRequired, "interest")
	}
	return nil
}

var checkTypes = newEnum("yes", "no").alias("true", "yes").alias("false", "no").alias("1", "yes").alias("0", "no")

// applyReferView reads a ReferView condition (§5.6).
func applyReferView(s *scope, x *kopernik.ReferViewCondition, b body) error {
	if v, ok := b.get("refer-view"); ok {
		target, err := s.view("refer-view", v)
		if err != nil {
			return err
		}
		if err := s.Defs.CheckDependency(s.Owner, kopernik.ViewRef(target.ID)); err != nil {
			return err
		}
		x.View = target.ID
	}
	if v, ok := b.get("check-type"); ok {
		if bv, isBool := v.(bool); isBool {
			x.Not = !bv
		} else {
			c, err := checkTypes.parse("check-type", v)
			if err != nil {
				return err
			}
			x.Not = c == "no"
		}
	}
	if x.View == 0 {
		return invalid(fmtRequired, "refer-view")
	}
	return nil
}

// applyMiniView reads a MiniView condition (§5.7).
func applyMiniView(s *scope, x *kopernik.MiniViewCondition, b body) error {
	if v, ok := b.get("mini-view", "miniview"); ok {
		target, err := s.miniview("mini-view", v)
		if err != nil {
			return err
		}
		if err := s.Defs.CheckDependency(s.Owner, kopernik.MiniviewRef(target.ID)); err != nil {
			return err
		}
		x.Miniview = target.ID
	}
	var err error
	if v, ok := b.get("min-subprofiles"); ok {
		if x.Min, err = optCount("min-subprofiles", v); err != nil {
			return err
		}
	}
	if v, ok := b.get("max-subprofiles"); ok {
		if x.Max, err = optCount("max-subprofiles", v); err != nil {
			return err
		}
	}
	if x.Miniview == 0 {
		return invalid(fmtRequired, "mini-view")
	}
	if x.Min != nil && x.Max != nil && *x.Min > *x.Max {
		return invalid(fmtMinAboveMax)
	}
	return nil
}
