package swap

import (
	"strings"

	"github.com/evenhand/evenhand/internal/lexicon"
)

// "her" and "his", in plain words:
//
//   - "her" is an object (him) before punctuation or the end, before a function word, a
//     pronoun, a name, a particle ("pick her up"; but "on her back" after a preposition), an
//     adverb ("love her dearly", "love her very much", "take her home"; but "her very own"),
//     before an -ing verb that goes on with a phrase ("talking to her asking about") or a
//     particle after a verb ("filmed her picking up"; but "at her going away party"), a bare
//     verb after let/make/help ("let her go"), an -ing verb after see/catch ("caught her
//     sleeping"), and a plural noun after give/buy ("buy her flowers"); "take her last time"
//     is an object, "it was her last time" a possessive. Otherwise, and always after a
//     preposition, "her" is possessive (his).
//   - "his" stands alone (hers) before punctuation, the end, or a function word ("it was his
//     and nobody else's"); otherwise it is a determiner (her).

// herIsObject decides whether "her" at token i is an object (him) or a possessive (his).
func (a *analysis) herIsObject(i int) bool {
	n := i + 1
	if a.tk(i).has(bStopNext) || n >= a.ntok {
		return true
	}
	prev := a.verbBefore(i)
	next := a.lex(n)
	switch {
	case next.flags&fParticle != 0:
		return prev&fPrep == 0 // "pick her up", but "on her back"
	case next.flags&(fObjNext|fPrep) != 0 || next.class == lexicon.Pronoun || a.isName(n):
		return true
	case a.ingPhraseAfterHer(i, prev):
		return true // "talking to her asking about ...", "saw her picking up"
	case a.veryAdverbAt(n):
		return true // "loves her very much", "knows her very well"; but "her very own car"
	case prev&fPrep != 0:
		return false
	case a.timePhraseAt(n):
		return prev&fCopula == 0 // "take her last time", but "it was her last time"
	}
	return a.adverbAt(n) || a.predicative(n) || a.herVerbPattern(prev, n)
}

// verbBefore returns the flags of the word right before token i (the verb or preposition
// "her" follows), 0 at the start or after punctuation.
func (a *analysis) verbBefore(i int) uint64 {
	if i > 0 && !a.tk(i).has(bPunctPrev) {
		return a.flags(i - 1)
	}
	return 0
}

// ingPhraseAfterHer reports whether an -ing verb after "her" at token i (prev: the flags of the
// word before it) makes "her" its subject and so an object: the verb goes on with a phrase
// ("talking to her asking about ..."), or with a particle after a verb ("saw her picking up";
// but "at her going away party", "and her growing up").
func (a *analysis) ingPhraseAfterHer(i int, prev uint64) bool {
	n := i + 1
	if !a.ingVerb(n) || a.lex(n).class != lexicon.ClassNone || n+1 >= a.ntok || a.tk(n).has(bPunctNext) {
		return false
	}
	after := a.flags(n + 1)
	if after&(fPrep|fDet) != 0 {
		return true
	}
	return after&fParticle != 0 && i > 0 && !a.tk(i).has(bPunctPrev) && prev&(fPrep|fClosed) == 0
}

// veryAdverbAt reports whether "very" at token n opens an adverb ("very much", "very well",
// "very quickly") rather than an adjective ("her very own car").
func (a *analysis) veryAdverbAt(n int) bool {
	return strings.EqualFold(a.word(n), "very") && n+1 < a.ntok && !a.tk(n).has(bPunctNext) &&
		(equalFoldAny(a.word(n+1), "much", "well") || a.adverbAt(n+1))
}

// timePhraseAt reports whether tokens n and n+1 make a phrase of time: "last time", "this
// morning".
func (a *analysis) timePhraseAt(n int) bool {
	return a.flags(n)&fTimeDet != 0 && n+1 < a.ntok && !a.tk(n).has(bPunctNext) && a.flags(n+1)&fTimeWord != 0
}

// predicative reports whether token n is an adjective that describes the "her" before it and
// ends its phrase: "made her happy.", "made her closer to her husband", "keeps her busy when".
func (a *analysis) predicative(n int) bool {
	return a.flags(n)&fPredAdj != 0 && (a.tk(n).has(bStopNext) || n+1 < a.ntok && !a.tk(n).has(bPunctNext) && a.flags(n+1)&fClosed != 0)
}

// ingVerb reports whether token n is a verb in -ing (not a noun such as "wedding").
func (a *analysis) ingVerb(n int) bool {
	w := a.word(n)
	return len(w) > 5 && hasSuffixFold(w, "ing") && a.flags(n)&fIngNoun == 0
}

// adverbAt reports whether token n is an adverb that follows an object: "home", "dearly".
func (a *analysis) adverbAt(n int) bool {
	lx := a.lex(n)
	if lx.flags&fAdvObj != 0 {
		return true
	}
	w := a.word(n)
	return len(w) > 4 && hasSuffixFold(w, "ly") && lx.flags&fNotAdverb == 0 && lx.class == lexicon.ClassNone
}

// herVerbPattern reports whether the verb before "her" (its flags prev) and the word after it
// (token n) make "her" an object: "let her go", "caught her sleeping", "buy her flowers".
func (a *analysis) herVerbPattern(prev uint64, n int) bool {
	next := a.lex(n)
	return prev&fCausative != 0 && next.flags&fBaseVerb != 0 ||
		prev&fPercept != 0 && a.ingVerb(n) ||
		prev&fDitrans != 0 && next.class == lexicon.ClassNone && next.flags&(fPersonPlural|fPersonNeutral) == 0 && pluralNoun(a.word(n))
}

// pluralNoun reports whether w looks like a plural noun: flowers, but not dress, bus or this.
func pluralNoun(w string) bool {
	return len(w) > 3 && hasSuffixFold(w, "s") && !hasSuffixFold(w, "ss") && !hasSuffixFold(w, "us") && !hasSuffixFold(w, "is")
}

// hisStandsAlone decides whether "his" at token i stands alone (hers) or before a noun (her).
func (a *analysis) hisStandsAlone(i int) bool {
	t := a.tk(i)
	n := i + 1
	if t.has(bStopNext) || n >= a.ntok {
		return true
	}
	f := a.flags(n)
	return f&fObjNext != 0 && f&fParticle == 0 && a.lex(n).class != lexicon.Pronoun
}
