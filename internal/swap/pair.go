package swap

import (
	"slices"
	"strings"

	"github.com/evenhand/evenhand/internal/lexicon"
)

// The rules for story.NewPair, in plain words:
//
//   - The protagonist is the one Swap finds. Their name, when the story names them, is written
//     as the caller's names key or as the story spells it.
//   - Every name that needs a counterpart gets one from the table of common given names, of
//     the other gender, never a name the story or names already uses: the protagonist's name
//     first, then the keys names maps to "", in sorted order, so the same call always gives
//     the same names. A key whose gender neither the story nor the table gives keeps its name.

// Protagonist is the person a story is about, as [Analyze] finds them.
type Protagonist struct {
	Found  bool           // the story has a protagonist
	Name   string         // their name as the names key or the story writes it; "" when not a name
	Gender lexicon.Gender // Unknown when the story never gives it
	Clues  Clues          // when Found is false: what the story holds that could have named one
}

// Clues lists the first word of each kind that can give a person's gender, as the text writes
// it ("" when the text has none of that kind).
type Clues struct {
	Pronoun string // a gendered third-person pronoun: he, her, himself
	Noun    string // a gendered noun or title: wife, man, Mr
	Name    string // a given name of the table: Mary
}

// clues collects the Clues of the analysed text.
func (a *analysis) clues() Clues {
	var c Clues
	for i := 0; i < a.ntok; i++ {
		t := a.tk(i)
		switch lx := a.lex(i); {
		case t.has(bTname) && c.Name == "":
			c.Name = a.word(i)
		case lx.class == lexicon.Pronoun && c.Pronoun == "":
			c.Pronoun = a.word(i)
		case lx.class != lexicon.ClassNone && lx.class != lexicon.Pronoun && c.Noun == "":
			c.Noun = a.word(i)
		}
	}
	return c
}

// Analyze finds the protagonist of text as [Swap] does and, when the protagonist has a known
// gender, returns names completed with counterparts (see the rules above) for swapping text
// with [Swap]. names is not modified; full is a new map, nil when no protagonist of known
// gender was found.
func Analyze(text string, names map[string]string) (p Protagonist, full map[string]string) {
	var a analysis
	return a.analyze(text, names)
}

// AnalyzeSwap is [Analyze] followed, when full is not nil, by Swap(text, full), with the two
// passes sharing one token table: a long story holds one table at a time instead of two.
// swapped is "" when full is nil.
func AnalyzeSwap(text string, names map[string]string) (p Protagonist, full map[string]string, swapped string) {
	var a analysis
	p, full = a.analyze(text, names)
	if full == nil {
		return p, nil, ""
	}
	a.reset()
	a.run(text, full, false)
	return p, full, a.render()
}

func (a *analysis) analyze(text string, names map[string]string) (p Protagonist, full map[string]string) {
	a.run(text, names, false)
	if a.prot == noEnt {
		return Protagonist{Clues: a.clues()}, nil
	}
	e := &a.ents[a.prot]
	p = Protagonist{Found: true, Name: a.protagonistName(), Gender: e.g}
	if e.g != lexicon.Male && e.g != lexicon.Female {
		return p, nil
	}
	return p, a.completeNames(names, p.Name, e.g)
}

// protagonistName returns the protagonist's name as the story writes it, or "" when the
// protagonist is not a name.
func (a *analysis) protagonistName() string {
	if a.prot == noEnt {
		return ""
	}
	p := &a.ents[a.prot]
	if p.kind != entName {
		return ""
	}
	if p.name >= 0 {
		return a.ne(int(p.name)).from
	}
	return a.word(int(p.first))
}

// completeNames returns names with a counterpart for the protagonist's name and for every key
// mapped to "". The result is a new map.
func (a *analysis) completeNames(names map[string]string, prot string, g lexicon.Gender) map[string]string {
	out := make(map[string]string, len(names)+1)
	taken := a.namesInText()
	for k, v := range names {
		out[k] = v
		taken[strings.ToLower(k)] = true
		taken[strings.ToLower(v)] = true
	}
	isTaken := func(n string) bool { return taken[n] }
	if prot != "" && out[prot] == "" {
		c := lexicon.CounterpartName(prot, g.Other(), isTaken)
		out[prot] = c
		taken[strings.ToLower(c)] = true
	}
	// Each name handed out is taken from the pool for the next one, so the keys go in a fixed
	// order: ranging over the map gave different names from run to run.
	for _, k := range unmapped(out, prot) {
		kg := a.keyGender(k)
		if kg == lexicon.Unknown {
			continue // no gender to give a counterpart for: the name stays
		}
		c := lexicon.CounterpartName(k, kg.Other(), isTaken)
		out[k] = c
		taken[strings.ToLower(c)] = true
	}
	for k, v := range out {
		if v == "" {
			delete(out, k)
		}
	}
	return out
}

// namesInText returns the set of the names the text holds, in lower case: no counterpart may be
// one of them.
func (a *analysis) namesInText() map[string]bool {
	taken := make(map[string]bool)
	for i := 0; i < a.ntok; i++ {
		if t := a.tk(i); t.has(bTname) || t.name >= 0 {
			taken[strings.ToLower(a.word(i))] = true
		}
	}
	return taken
}

// unmapped returns the keys of names mapped to "", other than the protagonist's prot, sorted.
func unmapped(names map[string]string, prot string) []string {
	var ask []string
	for k, v := range names {
		if v == "" && k != prot {
			ask = append(ask, k)
		}
	}
	slices.Sort(ask)
	return ask
}

// keyGender returns the gender of the caller's name k: the gender the story gives the person
// it names, else the table's.
func (a *analysis) keyGender(k string) lexicon.Gender {
	kg, _, _ := lexicon.GivenName(k)
	for e := 0; e < a.nent; e++ {
		if en := &a.ents[e]; en.kind == entName && en.name >= 0 && a.ne(int(en.name)).from == k && en.g != lexicon.Unknown {
			kg = en.g
		}
	}
	return kg
}
