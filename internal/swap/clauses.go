package swap

import (
	"strings"

	"github.com/evenhand/evenhand/internal/lexicon"
)

// Sentences and clauses, in plain words:
//
//   - A new clause starts after punctuation, at a conjunction or relative word (but not at the
//     "and" of "Jessica and her mother", which joins two people), at a subject pronoun in the
//     middle of a clause ("Nina said they would"), and at the "to" of an infinitive ("to meet
//     him", but not "to the store" or "to work").
//   - The subject of a clause is its first person mentioned as an argument. An infinitive's
//     unspoken subject is the person just named ("invited Rob to meet him"), else the subject
//     of the clause before ("wondered how to put him"), else nobody ("called a taxi to take
//     her there", "asked someone to help her").

// newSentence reports whether token i starts a sentence other than the first: the sentence of a
// word is the number of sentence breaks up to it, counted by walking rather than stored, so that
// a token stays small.
func (a *analysis) newSentence(i int) bool { return a.tk(i).brk() == breakSentence }

// sameSentence reports whether tokens j <= i are in one sentence.
func (a *analysis) sameSentence(j, i int) bool {
	for k := j + 1; k <= i; k++ {
		if a.newSentence(k) {
			return false
		}
	}
	return true
}

// assignClauses numbers the clauses of the words. A clause starts after punctuation, at a
// conjunction or relative word (but not at the "and" of "Jessica and her mother"), and at the
// "to" of an infinitive.
func (a *analysis) assignClauses() {
	var clause int32
	inf := false
	start := true // the next word starts a clause
	for i := 0; i < a.ntok; i++ {
		t := a.tk(i)
		if t.brk() != breakNone {
			clause++
			inf = false
			start = true
		}
		if opens, infinitive := a.opensClause(i, start); opens {
			if infinitive {
				t.setBit(bInfTo, true)
			}
			clause++
			inf = infinitive
		}
		t.clause = clause
		t.setBit(bInInf, inf)
		start = t.li != 0 && lexList[t.li-1].flags&fBoundary != 0 && !t.has(bAfterApos)
	}
}

// opensClause reports whether the word at token i opens a new clause, and whether that clause
// is an infinitive; start tells that a clause starts at i anyway (after a boundary).
func (a *analysis) opensClause(i int, start bool) (opens, infinitive bool) {
	t := a.tk(i)
	if t.li == 0 || t.has(bAfterApos) {
		return false, false
	}
	lx := &lexList[t.li-1]
	switch {
	case !start && a.subjectPronoun(i) && !(i > 0 && a.flags(i-1)&fBoundary != 0):
		// A subject pronoun is the subject of a new clause: "Nina said they would".
		return true, false
	case lx.flags&fBoundary != 0:
		return !(lx.flags&fWhTo != 0 && a.nextIsWord(i, "to")) && !a.joinsPeople(i), false
	case lx.flags&fInfTo != 0 && a.infinitiveAt(i):
		return true, true
	}
	return false, false
}

// subjectPronoun reports whether token i is he, she, they, we or I.
func (a *analysis) subjectPronoun(i int) bool {
	lx := a.lex(i)
	return lx.form == lexicon.Subj || lx.flags&fSubjPron != 0 && (lx.form != lexicon.NarrArg || a.word(i) == "I")
}

// joinsPeople reports whether the "and" or "or" at token i joins two people into one phrase
// ("Jessica and her mother", "Shane and Tim") rather than two clauses.
func (a *analysis) joinsPeople(i int) bool {
	w := a.word(i)
	if !strings.EqualFold(w, "and") && !strings.EqualFold(w, "or") {
		return false
	}
	if i == 0 || i+1 >= a.ntok || a.tk(i-1).has(bPunctNext) || a.tk(i).has(bPunctNext) {
		return false
	}
	return a.personWord(i-1) && a.opensPersonPhrase(i+1)
}

// personWord reports whether the word at token p names a person: a name, a gendered noun, a
// word for a person of no gender, or the narrator's I or me.
func (a *analysis) personWord(p int) bool {
	pl := a.lex(p)
	return a.isName(p) || pl.class == lexicon.Generic || pl.class == lexicon.Partner || pl.class == lexicon.Relation ||
		pl.flags&fPersonNeutral != 0 || pl.form == lexicon.NarrArg
}

// opensPersonPhrase reports whether the word at token n may open a phrase naming a person: a
// name, a possessive (her, his, my, their) or a determiner other than "that".
func (a *analysis) opensPersonPhrase(n int) bool {
	nl := a.lex(n)
	return a.isName(n) || nl.form == lexicon.Her || nl.form == lexicon.His || nl.form == lexicon.NarrPos || nl.form == lexicon.OtherPos ||
		nl.flags&fDet != 0 && !strings.EqualFold(a.word(n), "that")
}

// nextIsWord reports whether the word after token i, with only spaces between, is w.
func (a *analysis) nextIsWord(i int, w string) bool {
	return i+1 < a.ntok && !a.tk(i).has(bPunctNext) && strings.EqualFold(a.word(i+1), w)
}

// infinitiveAt reports whether the "to" at token i starts an infinitive ("to meet him") rather
// than a phrase ("to the store", "to work").
func (a *analysis) infinitiveAt(i int) bool {
	n := i + 1
	if n >= a.ntok || a.tk(i).has(bPunctNext) || a.tk(n).capPat() != caseLower {
		return false
	}
	lx := a.lex(n)
	if lx.flags&fBareNoun != 0 {
		return false
	}
	if lx.class != lexicon.ClassNone || lx.form != lexicon.FormNone || lx.flags&(fClosed|fDet) != 0 {
		return lx.flags&fBaseVerb != 0
	}
	w := a.word(n)
	return !hasSuffixFold(w, "ing") && (w[0] < '0' || w[0] > '9')
}

// setSubject makes entity e the (unspoken) subject of clause c.
func (a *analysis) setSubject(c, e int) {
	if c < a.nsubj && *a.sj(c) == noEnt {
		*a.sj(c) = int8(e)
		a.ents[e].argCl = int32(c)
	}
}

// infinitiveSubject gives the infinitive that starts at token i its unspoken subject: the person
// just named ("invited Rob to meet him"), or the subject of the clause before ("wondered how to
// put him"), or nobody when a thing comes before ("called a taxi to take her there").
func (a *analysis) infinitiveSubject(i int) {
	t := a.tk(i)
	j := i - 1
	if j > 0 && !a.tk(j-1).has(bPunctNext) && equalFoldAny(a.word(j), "not", "never") {
		j-- // "asked Tom not to leave her"
	}
	if j < 0 || !a.sameSentence(j, i) || a.tk(j).has(bPunctNext) {
		return
	}
	if e := a.tk(j).ent(); e != noEnt {
		if a.tk(j).has(bArg) {
			a.setSubject(int(t.clause), int(e))
		}
		return
	}
	if a.flags(j)&(fIndefPron|fPersonNeutral|fPersonPlural) != 0 {
		return // "asked someone to help her": the one asked is nobody of the story
	}
	if a.flags(j)&fWhTo == 0 && a.thingPhraseEndsAt(j) {
		return // "called a taxi to take her there"
	}
	if s := a.prevSubject(i); s != noEnt {
		a.setSubject(int(t.clause), s)
	}
}

// thingPhraseEndsAt reports whether token j ends a noun phrase that a determiner or a
// possessive opened within three words ("called a taxi", "took her car"): what comes before
// the infinitive is a thing, not its subject.
func (a *analysis) thingPhraseEndsAt(j int) bool {
	for k := j; k >= 0 && k >= j-2 && !a.tk(k).has(bPunctNext); k-- {
		if l := a.lex(k); l.flags&fDet != 0 || l.form == lexicon.Her || l.form == lexicon.His || l.form == lexicon.NarrPos || l.form == lexicon.OtherPos {
			return true
		}
	}
	return false
}

// prevSubject returns the subject of the nearest earlier clause of token i's sentence that has
// one, or noEnt.
func (a *analysis) prevSubject(i int) int {
	t := a.tk(i)
	for j := i - 1; j >= 0 && !a.newSentence(j+1); j-- {
		if a.tk(j).clause == t.clause || a.tk(j).has(bInInf) {
			continue
		}
		if s := *a.sj(int(a.tk(j).clause)); s != noEnt {
			return int(s)
		}
	}
	return noEnt
}
