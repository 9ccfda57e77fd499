package swap

import (
	"github.com/evenhand/evenhand/internal/lexicon"
)

// "her" and "his", in plain words:
//
//   - "her" is an object (him) before punctuation or the end, before a function word, a
//     pronoun, a name, a particle ("pick her up"; but "on her back" after a preposition), an
//     adverb ("love her dearly", "take her home"), before an -ing verb that goes on with a
//     phrase ("talking to her asking about"), a bare verb after let/make/help ("let her go"),
//     an -ing verb after see/catch ("caught her sleeping"), and a plural noun after
//     give/buy ("buy her flowers"); "take her last time" is an object, "it was her last time"
//     a possessive. Otherwise, and always after a preposition, "her" is possessive (his).
//   - "his" stands alone (hers) before punctuation, the end, or a function word ("it was his
//     and nobody else's"); otherwise it is a determiner (her).

// herIsObject decides whether "her" at token i is an object (him) or a possessive (his).
func (a *analysis) herIsObject(i int) bool {
	t := a.tk(i)
	n := i + 1
	if t.stopNext || n >= a.ntok {
		return true
	}
	next := a.lex(n)
	prevFlags := uint64(0)
	if i > 0 && !t.punctPrev {
		prevFlags = a.flags(i - 1)
	}
	if next.flags&fParticle != 0 {
		return prevFlags&fPrep == 0 // "pick her up", but "on her back"
	}
	if next.flags&fObjNext != 0 || next.class == lexicon.Pronoun {
		return true
	}
	if a.isName(n) {
		return true
	}
	w := a.word(n)
	// "her" + a verb in -ing that goes on with a phrase: "talking to her asking about ...".
	if len(w) > 5 && hasSuffixFold(w, "ing") && next.flags&fIngNoun == 0 && next.class == lexicon.ClassNone && n+1 < a.ntok &&
		!a.tk(n).punctNext && a.flags(n+1)&(fPrep|fDet) != 0 {
		return true
	}
	if prevFlags&fPrep != 0 {
		return false
	}
	// "take her last time", but "it was her last time".
	if next.flags&fTimeDet != 0 && n+1 < a.ntok && !a.tk(n).punctNext && a.flags(n+1)&fTimeWord != 0 {
		return prevFlags&fCopula == 0
	}
	if next.flags&fAdvObj != 0 {
		return true
	}
	if len(w) > 4 && hasSuffixFold(w, "ly") && next.flags&fNotAdverb == 0 && next.class == lexicon.ClassNone {
		return true
	}
	switch {
	case prevFlags&fCausative != 0 && next.flags&fBaseVerb != 0:
		return true
	case prevFlags&fPercept != 0 && len(w) > 5 && hasSuffixFold(w, "ing") && next.flags&fIngNoun == 0:
		return true
	case prevFlags&fDitrans != 0 && next.class == lexicon.ClassNone && next.flags&(fPersonPlural|fPersonNeutral) == 0 &&
		len(w) > 3 && hasSuffixFold(w, "s") && !hasSuffixFold(w, "ss") && !hasSuffixFold(w, "us") && !hasSuffixFold(w, "is"):
		return true
	}
	return false
}

// hisStandsAlone decides whether "his" at token i stands alone (hers) or before a noun (her).
func (a *analysis) hisStandsAlone(i int) bool {
	t := a.tk(i)
	n := i + 1
	if t.stopNext || n >= a.ntok {
		return true
	}
	f := a.flags(n)
	return f&fObjNext != 0 && f&fParticle == 0 && a.lex(n).class != lexicon.Pronoun
}
