package swap

import (
	"strings"

	"github.com/evenhand/evenhand/internal/lexicon"
)

// Names, in plain words:
//
//   - A key of names matches a whole word, first exactly, then ignoring case when the word is
//     capitalised or is no common word ("john" but not "will" or "he"). A key of several
//     words matches them in sequence, whatever the spacing. Where several keys match at one
//     place ("Ann" and "Ann Lee"), the longest wins (in words, then in bytes), then the first
//     by key: the same call always gives the same swap, whatever the map's order.
//   - A capitalised given name of the table is a person, unless it is also a common word
//     ("Will", "Rose") at the start of a sentence, a gendered word, or a surname right after
//     a name. A common word at the start of a sentence is a name when a verb follows it
//     ("Will has a truck", "Grace decided"), and a given name written in lower case is a name
//     when it is no common word and no determiner comes before it ("when sarah got home").
//   - A capitalised word the table does not know is a name right after a word for a person:
//     "his pal Smith", "my coworker Okafor", "her husband Dmitri".
//   - When names is not empty, only its names may be the protagonist. A mapped name has the
//     gender the table gives it; when the table gives both sides one gender (Dallas becoming
//     Mike), the story's pronouns decide.

// findNames marks mapped names and table names.
func (a *analysis) findNames() {
	for i := 0; i < a.ntok; i++ {
		t := a.tk(i)
		if a.nnames > 0 && a.matchName(i) {
			if ne := a.ne(int(t.name)); ne.words > 1 {
				for j := i + 1; j < i+ne.words && j < a.ntok; j++ {
					a.tk(j).setOut(outDrop)
					a.tk(j).li = 0
				}
			}
			continue
		}
		if t.out() == outDrop {
			continue
		}
		switch t.capPat() {
		case caseTitle:
			a.tableName(i)
			if !t.has(bTname) {
				a.namedPerson(i)
			}
		case caseLower:
			a.lowerCaseName(i)
		}
	}
	a.repeatNamedPersons()
}

// repeatNamedPersons marks every other mention of a name that namedPerson found: in "his
// coworker Okafor. ... Okafor said", both are the coworker.
func (a *analysis) repeatNamedPersons() {
	found := a.unknown[:a.nunknown]
	if len(found) == 0 {
		return
	}
	for i := 0; i < a.ntok; i++ {
		t := a.tk(i)
		if t.has(bTname) || t.name >= 0 || t.li != 0 || t.capPat() != caseTitle || t.out() == outDrop {
			continue
		}
		for _, k := range found {
			if a.word(int(k)) == a.word(i) {
				t.setBit(bTname, true)
				t.setTgender(lexicon.Unknown)
				break
			}
		}
	}
}

// namedPerson marks the capitalised token i as a name, of a gender the story will tell, when
// it is a word nobody knows right after a word for a person: "his pal Smith".
func (a *analysis) namedPerson(i int) {
	t := a.tk(i)
	if i == 0 || a.newSentence(i) || t.li != 0 || t.name >= 0 {
		return
	}
	if !a.afterPersonWord(i) {
		return
	}
	if _, _, ok := lexicon.GivenName(a.word(i)); ok {
		return // a common word of the table: left to the table's rules
	}
	if equalFoldAny(a.word(i), calendarWords...) {
		return // "her boss Monday morning"
	}
	t.setBit(bTname, true)
	t.setTgender(lexicon.Unknown)
	if a.nunknown < len(a.unknown) {
		a.unknown[a.nunknown] = int32(i)
		a.nunknown++
	}
}

// afterPersonWord reports whether token i follows, after one space, a lower-case word for one
// person: "his pal Smith", "the new girl Jones".
func (a *analysis) afterPersonWord(i int) bool {
	p := i - 1
	if a.text[a.tk(p).e:a.tk(i).s] != " " || a.tk(p).aposNext() != aposNone || a.tk(p).capPat() != caseLower {
		return false
	}
	l := a.lex(p)
	return !(l.flags&fPersonNeutral == 0 && !(l.class == lexicon.Generic || l.class == lexicon.Partner || l.class == lexicon.Relation) || l.plural)
}

// calendarWords are capitalised words that name a time, never a person.
var calendarWords = strings.Fields(`Monday Tuesday Wednesday Thursday Friday Saturday Sunday
	January February March April May June July August September October November December
	Christmas Easter Thanksgiving`)

// lowerCaseName marks the lower-case token i as a name when it is a given name of the table
// that is no common word ("sarah", not "will"), is no other word the swapper knows, and follows
// no determiner or possessive ("the marina", "her ginger cat").
func (a *analysis) lowerCaseName(i int) {
	t := a.tk(i)
	if t.li != 0 || t.name >= 0 {
		return
	}
	g, common, ok := lexicon.GivenName(a.word(i))
	if !ok || common {
		return
	}
	if i > 0 && !a.tk(i-1).has(bPunctNext) {
		if l := a.lex(i - 1); l.flags&fDet != 0 || l.form == lexicon.Her || l.form == lexicon.His ||
			l.form == lexicon.NarrPos || l.form == lexicon.OtherPos || a.tk(i-1).aposNext() != aposNone {
			return
		}
	}
	t.setBit(bTname, true)
	t.setTgender(g)
}

// verbFollows reports whether a verb follows token i directly: "Will has", "Grace decided".
func (a *analysis) verbFollows(i int) bool {
	n := i + 1
	if n >= a.ntok || a.text[a.tk(i).e:a.tk(n).s] != " " || a.tk(n).capPat() != caseLower {
		return false
	}
	if a.flags(n)&fNameVerb != 0 {
		return true
	}
	w := a.word(n)
	return len(w) > 4 && hasSuffixFold(w, "ed") && a.lex(n).class == lexicon.ClassNone && a.flags(n)&fClosed == 0
}

// matchName marks token i with the caller's name that starts there, if any: a name of one word
// exactly (or, failing that, ignoring case), a name of several words word by word.
func (a *analysis) matchName(i int) bool {
	t := a.tk(i)
	w := a.word(i)
	for k := 0; k < a.nnames; k++ {
		ne := a.ne(k)
		if ne.words > 1 {
			if i+ne.words-1 >= a.ntok {
				continue
			}
			if span := a.text[t.s:a.tk(i+ne.words-1).e]; span == ne.from || spanEqualWords(span, ne.from) {
				t.name = int16(k)
				t.setBit(bFold, span != ne.from)
				return true
			}
			continue
		}
		if ne.ascii && len(w) != len(ne.from) {
			continue
		}
		if w == ne.from {
			t.name = int16(k)
			t.setBit(bFold, false)
			return true
		}
		if t.name < 0 && strings.EqualFold(w, ne.from) && a.foldable(i) {
			t.name = int16(k)
			t.setBit(bFold, true)
		}
	}
	return t.name >= 0
}

// tableName marks the capitalised token i as a given name of the table, unless it is a
// common word opening a sentence ("Will"), a gendered word, or a surname after a name.
func (a *analysis) tableName(i int) {
	t := a.tk(i)
	g, common, ok := lexicon.GivenName(a.word(i))
	switch {
	case !ok:
	case common && (i == 0 || a.newSentence(i)) && !a.verbFollows(i):
	case t.li != 0 && lexList[t.li-1].class != lexicon.ClassNone:
	case i > 0 && !t.has(bPunctPrev) && (a.tk(i-1).has(bTname) || a.tk(i-1).name >= 0):
		// A capitalised word right after a name is a surname.
	default:
		t.setBit(bTname, true)
		t.setTgender(g)
	}
}

// foldable reports whether token i may match a mapped name that differs from it in case: a
// lower-case "john" may, a lower-case "will" or "he" may not.
func (a *analysis) foldable(i int) bool {
	if a.tk(i).capPat() == caseTitle {
		return true
	}
	if a.tk(i).li != 0 {
		return false
	}
	_, common, _ := lexicon.GivenName(a.word(i))
	return !common
}

// spanEqualWords compares two texts word by word, ignoring case, the spacing between words and
// the way apostrophes are written (O’Brien is O'Brien).
func spanEqualWords(span, key string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(StraightApostrophes(span)), " "), strings.Join(strings.Fields(StraightApostrophes(key)), " "))
}

// isName reports whether token i names a person.
func (a *analysis) isName(i int) bool {
	if i < 0 || i >= a.ntok {
		return false
	}
	t := a.tk(i)
	return t.name >= 0 || t.has(bTname)
}

// nameEntity finds or creates the entity of the name at token i.
func (a *analysis) nameEntity(i int, g lexicon.Gender) int {
	t := a.tk(i)
	if t.ent() != noEnt {
		return int(t.ent())
	}
	if k := a.sameName(i); k != noEnt {
		if e := &a.ents[k]; e.g == lexicon.Unknown {
			e.g = g
		}
		return k
	}
	if g == lexicon.Unknown {
		g = a.nameGender(i)
	}
	inMap := t.name >= 0
	return a.newEntity(entity{
		kind: entName, g: g, flip: inMap, eligible: inMap || a.nnames == 0,
		first: int32(i), last: int32(i), name: t.name,
	})
}

// sameName returns the person an earlier mention of the name at token i made: the same mapped
// name, or the same word (ignoring case) for a name the caller did not map; noEnt when the name
// is new.
func (a *analysis) sameName(i int) int {
	t := a.tk(i)
	w := a.word(i)
	for k := 0; k < a.nent; k++ {
		e := &a.ents[k]
		if e.kind != entName {
			continue
		}
		if (t.name >= 0 && e.name == t.name) || (t.name < 0 && e.name < 0 && strings.EqualFold(a.word(int(e.first)), w)) {
			return k
		}
	}
	return noEnt
}

// nameGender returns the gender of the name at token i before the story tells it: the table's
// for a given name, the other gender than its counterpart's for a mapped name (when the table
// gives both names the same gender, as for Dallas becoming Mike, the story's pronouns decide:
// Unknown).
func (a *analysis) nameGender(i int) lexicon.Gender {
	t := a.tk(i)
	switch {
	case t.has(bTname):
		return t.tgender()
	case t.name < 0:
		return lexicon.Unknown
	}
	ne := a.ne(int(t.name))
	from, _, _ := lexicon.GivenName(ne.from)
	to, _, _ := lexicon.GivenName(ne.to)
	switch {
	case from != lexicon.Unknown && (from != to || strings.EqualFold(ne.from, ne.to)):
		return from
	case from == lexicon.Unknown:
		return to.Other()
	}
	return lexicon.Unknown
}
