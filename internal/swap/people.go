package swap

import (
	"strings"

	"github.com/evenhand/evenhand/internal/lexicon"
)

// People, in plain words:
//
//   - The protagonist is the first person mentioned whose gender the story gives and who may
//     be the protagonist: a name, a third-person pronoun, a gendered noun, or a narrator who
//     describes themself ("I am a man.").
//   - Each word is read in order: names, the narrator's I and my, pronouns, titles and gendered
//     nouns each update the people of the story; "who" after a person makes them the subject
//     of the relative clause ("his wife, who ...").

// newEntity adds an entity and returns its index, or noEnt when the table is full.
func (a *analysis) newEntity(e entity) int {
	if a.nent >= maxEntities {
		return noEnt
	}
	e.argCl, e.alias, e.owner = -1, noEnt, noEnt
	a.ents[a.nent] = e
	a.nent++
	return a.nent - 1
}

// mention records that token i mentions entity e.
func (a *analysis) mention(i, e int, arg bool) {
	if e == noEnt {
		return
	}
	if r := a.ents[e].alias; r != noEnt {
		e = int(r)
	}
	t := a.tk(i)
	t.setEnt(int8(e))
	t.setBit(bArg, arg)
	en := &a.ents[e]
	if int32(i) > en.last {
		en.last = int32(i)
	}
	if arg {
		en.argCl = t.clause
		if c := int(t.clause); c < a.nsubj && *a.sj(c) == noEnt {
			*a.sj(c) = int8(e)
		}
	}
	a.checkProtagonist(e)
}

func (a *analysis) checkProtagonist(e int) {
	if a.prot != noEnt || !a.ents[e].eligible {
		return
	}
	a.prot = e
	a.ents[e].flip = true
}

func (a *analysis) protGender() lexicon.Gender {
	if a.prot == noEnt {
		return lexicon.Unknown
	}
	return a.ents[a.prot].g
}

// step processes token i.
func (a *analysis) step(i int) {
	t := a.tk(i)
	if t.out() == outDrop {
		return
	}
	if t.has(bInfTo) {
		a.infinitiveSubject(i)
	}
	if t.name >= 0 || t.has(bTname) {
		a.nameStep(i)
		return
	}
	if t.li == 0 {
		return
	}
	lx := &lexList[t.li-1]
	switch lx.class {
	case lexicon.ClassNone:
		a.plainWordStep(i, lx)
	case lexicon.Pronoun:
		a.pronoun(i, lx)
	case lexicon.Title:
		a.title(i, lx)
	default:
		a.noun(i, lx)
	}
}

// nameStep processes the name at token i: its person, the pronouns that pointed forward to it,
// and its counterpart when the caller mapped it.
func (a *analysis) nameStep(i int) {
	t := a.tk(i)
	e := a.nameEntity(i, lexicon.Unknown)
	if e != noEnt && a.ents[e].first == int32(i) {
		a.cataphora(i, e)
	}
	a.mention(i, e, t.aposNext() != aposS && t.aposNext() != aposBare)
	if t.name >= 0 && a.ne(int(t.name)).to != "" {
		t.setOut(outName)
	}
}

// plainWordStep processes a word of no gender at token i: the narrator's I, me and my, and a
// relative "who" after a person ("his wife, who ..."), whose clause is about that person.
func (a *analysis) plainWordStep(i int, lx *lexEntry) {
	switch lx.form {
	case lexicon.NarrArg, lexicon.NarrPos:
		a.mention(i, a.narrator(i), lx.form == lexicon.NarrArg)
	}
	if strings.EqualFold(a.word(i), "who") && i > 0 {
		// "his wife, who ...": the relative clause is about the person just named.
		if e := a.tk(i - 1).ent(); e != noEnt {
			a.setSubject(int(a.tk(i).clause), int(e))
		}
	}
}

// narrator returns the narrator entity, creating it at token i.
func (a *analysis) narrator(i int) int {
	for k := 0; k < a.nent; k++ {
		if a.ents[k].kind == entNarrator {
			return k
		}
	}
	return a.newEntity(entity{kind: entNarrator, first: int32(i), last: int32(i), name: -1})
}
