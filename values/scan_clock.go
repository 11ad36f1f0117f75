package values

// clock is H:M[:S[.fraction]] with an optional am/pm. Single-digit minutes
// count ("03:4", B29); the fraction is dropped as Copernica stores seconds.
func (sc *scanner) clock() (bool, bool) {
	h, i, ok := sc.num(sc.p, 1, 2)
	if !ok || sc.at(i) != ':' {
		return false, false
	}
	m, i, ok := sc.num(i+1, 1, 2)
	if !ok {
		return false, false
	}
	s := 0
	if sc.at(i) == ':' && isDigit(sc.at(i+1)) {
		if s, i, ok = sc.num(i+1, 1, 2); !ok {
			return false, false
		}
		if sc.at(i) == '.' && isDigit(sc.at(i+1)) {
			_, i, _ = sc.num(i+1, 1, len(sc.s))
		}
	}
	if pm, end, found := sc.meridian(i); found {
		if h < 1 || h > 12 {
			return true, false
		}
		h, i = h%12, end
		if pm {
			h += 12
		}
	}
	sc.p = i
	return true, h <= 24 && m <= 59 && s <= 60 && sc.t.setTime(h, m, s)
}

// hourMeridian is an hour with am/pm and no minutes ("3pm").
func (sc *scanner) hourMeridian() (bool, bool) {
	h, i, ok := sc.num(sc.p, 1, 2)
	if !ok {
		return false, false
	}
	pm, end, found := sc.meridian(i)
	if !found {
		return false, false
	}
	sc.p = end
	if h < 1 || h > 12 {
		return true, false
	}
	h %= 12
	if pm {
		h += 12
	}
	return true, sc.t.setTime(h, 0, 0)
}

// meridian reads am, pm, a.m. or p.m., blanks before allowed.
func (sc *scanner) meridian(i int) (pm bool, end int, found bool) {
	i = sc.skip(i, " \t")
	c := sc.at(i)
	if c != 'a' && c != 'p' {
		return false, 0, false
	}
	j := i + 1
	if sc.at(j) == '.' {
		j++
	}
	if sc.at(j) != 'm' {
		return false, 0, false
	}
	j++
	if sc.at(j) == '.' {
		j++
	}
	if isLetter(sc.at(j)) {
		return false, 0, false
	}
	return c == 'p', j, true
}
