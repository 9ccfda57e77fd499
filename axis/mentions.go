package axis

// Mention is a place where a text writes a group of an axis.
type Mention struct {
	Start, End int    // byte span of the mention in the text
	Group      string // the group's name, as [Lexicon.Groups] lists it (an age's: "N-year-old")
	// Role is "" for a mention of the group itself, and the role of a co-varying word
	// otherwise: "place", "clergy", "book", "faith", "country", "device". A co-varying word
	// that several groups share (church) is reported for the first of them.
	Role string
}

// Mentions returns the places where text writes a group of axis a, left to right, as [Lexicon.Swap]
// finds them: longest match first, everyday words only about a person, ages written with a
// number on the Age axis. It returns nil for an axis that is not one of the eight. It is safe
// for concurrent use.
//
// It is the axis's version of the gender-word scan of the neutrality check: an explanation
// that must reveal no group of the axis should have no Mentions.
func (l *Lexicon) Mentions(a Axis, text string) []Mention {
	ms := l.mentions(a, text)
	out := make([]Mention, len(ms))
	for i, m := range ms {
		out[i] = m.Mention
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// kindMention is a Mention with the form it was written in.
type kindMention struct {
	Mention
	kind kind
}

func (l *Lexicon) mentions(a Axis, text string) []kindMention {
	if !a.Valid() {
		return nil
	}
	var m *matcher
	if l != nil && l.all != nil {
		m = l.all[a]
	}
	if m == nil {
		m = buildMatcher(nil, false) // the zero Lexicon: ages only
		if a == Age {
			m.ages = 0
		}
	}
	toks := tokenize(text)
	var out []kindMention
	for _, mm := range m.find(text, toks) {
		x := kindMention{Mention{Start: toks[mm.i].s, End: toks[mm.j-1].e, Group: mm.g.name}, mm.f.kind}
		if mm.f.kind == kindRole || mm.f.kind == kindRolePl {
			x.Role = mm.f.role
		}
		out = append(out, x)
	}
	return out
}
