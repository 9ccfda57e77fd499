// Package swap is the rule-based gender-counterfactual swapper behind story.Swap, story.SwapAll
// and story.NewPair: it finds the story's protagonist, decides which person each pronoun and
// gendered noun refers to, and rewrites the words about the people that change gender,
// keeping every other byte of the text.
//
// One call runs in passes over the words of the text; each file holds one family of rules and
// opens with them in plain words:
//
//   - tokens.go: words, and what lies between them (sentence and clause breaks, apostrophes);
//   - clauses.go: sentences, clauses, infinitives and their subjects;
//   - names.go: the caller's names and the given names of the table;
//   - people.go: the people of the story, the protagonist, and the walk over the words;
//   - pronouns.go: which person a pronoun refers to, and pronouns that point forward;
//   - her.go: "her" as object (him) or possessive (his), "his" standing alone (hers);
//   - nouns.go: gendered nouns and titles, and whom they describe or belong to;
//   - render.go: writing the result in the case and spelling of the original;
//   - pair.go: the protagonist and the names story.NewPair needs.
//
// The word tables are in words.go (function words) and package internal/lexicon (gendered
// words and given names). Nothing here keeps state between calls.
package swap

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/evenhand/evenhand/internal/lexicon"
)

// Swap returns the gender-counterfactual of text: the protagonist and every character named
// in names change gender. story.Swap documents the rules.
func Swap(text string, names map[string]string) string {
	var a analysis
	a.run(text, names, false)
	return a.render()
}

// SwapAll flips every gendered word in text, whoever it refers to, and applies names as
// [Swap] does.
func SwapAll(text string, names map[string]string) string {
	var a analysis
	a.run(text, names, true)
	return a.render()
}

// Case patterns of a word.
const (
	caseLower uint8 = iota
	caseTitle
	caseUpper
	caseOther
)

// What follows a word directly after an apostrophe.
const (
	aposNone  uint8 = iota
	aposS           // 's (possessive or contraction)
	aposBare        // a bare apostrophe: Dallas'
	aposOther       // 'd, 'll, 're, 've, 'm, 't
)

// Output of a token.
const (
	outKeep uint8 = iota
	outTo         // the lexicon counterpart
	outTo2        // the second counterpart (him for her, hers for his)
	outName       // names[...]
	outDrop       // a later word of a mapped name of several words: written with the first
)

// Entity kinds.
const (
	entNarrator uint8 = iota + 1
	entName
	entPronoun
	entNoun
)

const (
	maxEntities = 64
	noEnt       = -1
)

// tok is one word of the text. It is packed (20 bytes) because a long story holds one per word:
// everything but its span, clause, lexicon entry and name is a field of bits.
type tok struct {
	s, e   int32  // byte span
	clause int32  // clause number
	li     uint16 // lexicon index + 1, 0 when the word is not in the lexicon
	name   int16  // index into analysis.names, -1 when not a mapped name
	bits   uint32 // the b* bits and the fields below
}

// Bits of tok.bits.
const (
	bAfterApos uint32 = 1 << iota // the word directly follows an apostrophe: the s of he's
	bPunctNext                    // non-space characters between this word and the next (or the end)
	bStopNext                     // phrase-ending punctuation (or the end of the text) after this word
	bInfTo                        // the "to" of an infinitive
	bInInf                        // the word is in an infinitive clause
	bPunctPrev                    // non-space characters between the previous word (or the start) and this one
	bTname                        // a capitalised given name of the table
	bArg                          // the mention is an argument (subject or object), not a possessor
	bFold                         // the mapped name matched ignoring case
	bAlt                          // a pronoun whose counterpart is the second form (him for her, hers for his)
)

// Fields of tok.bits, as shift and width.
const (
	brkShift, brkWidth           = 10, 2 // break before the word: breakNone, breakClause, breakSentence
	capShift, capWidth           = 12, 2 // case pattern
	aposNextShift, aposNextWidth = 14, 2 // what follows the word after an apostrophe
	aposCodeShift, aposCodeWidth = 16, 4 // that apostrophe's form: its index in apostropheForms plus one
	outShift, outWidth           = 20, 3 // output of the word
	genderShift, genderWidth     = 23, 2 // the gender of a given name of the table (bTname)
	entShift, entWidth           = 25, 7 // entity mentioned by this word, plus one: 0 is noEnt
)

func (t *tok) has(b uint32) bool { return t.bits&b != 0 }

func (t *tok) setBit(b uint32, v bool) {
	if v {
		t.bits |= b
	} else {
		t.bits &^= b
	}
}

func (t *tok) field(shift, width uint) uint32 { return t.bits >> shift & (1<<width - 1) }

func (t *tok) setField(shift, width uint, v uint32) {
	mask := uint32(1<<width-1) << shift
	t.bits = t.bits&^mask | v<<shift&mask
}

// brk returns the break before the word: breakNone, breakClause or breakSentence.
func (t *tok) brk() uint8     { return uint8(t.field(brkShift, brkWidth)) }
func (t *tok) setBrk(b uint8) { t.setField(brkShift, brkWidth, uint32(b)) }

func (t *tok) capPat() uint8     { return uint8(t.field(capShift, capWidth)) }
func (t *tok) setCapPat(c uint8) { t.setField(capShift, capWidth, uint32(c)) }

func (t *tok) aposNext() uint8     { return uint8(t.field(aposNextShift, aposNextWidth)) }
func (t *tok) setAposNext(a uint8) { t.setField(aposNextShift, aposNextWidth, uint32(a)) }

// aposLen returns the byte length of the apostrophe that follows the word, 0 when none does.
func (t *tok) aposLen() uint8 {
	if c := t.field(aposCodeShift, aposCodeWidth); c > 0 {
		return uint8(len(apostropheForms[c-1]))
	}
	return 0
}

func (t *tok) setAposCode(c uint8) { t.setField(aposCodeShift, aposCodeWidth, uint32(c)) }

func (t *tok) out() uint8     { return uint8(t.field(outShift, outWidth)) }
func (t *tok) setOut(o uint8) { t.setField(outShift, outWidth, uint32(o)) }

func (t *tok) tgender() lexicon.Gender     { return lexicon.Gender(t.field(genderShift, genderWidth)) }
func (t *tok) setTgender(g lexicon.Gender) { t.setField(genderShift, genderWidth, uint32(g)) }

// ent returns the entity mentioned by the word, noEnt when none.
func (t *tok) ent() int8 { return int8(t.field(entShift, entWidth)) - 1 }

func (t *tok) setEnt(e int8) { t.setField(entShift, entWidth, uint32(e+1)) }

// entity is one person of the story.
type entity struct {
	kind     uint8
	g        lexicon.Gender
	flip     bool
	eligible bool  // may be the protagonist
	first    int32 // token of the first mention (the name, for names)
	last     int32 // token of the latest mention
	argCl    int32 // clause of the latest argument mention, -1 when none
	li       uint16
	name     int16 // mapped-name index for names, -1 otherwise
	alias    int8  // for a pronoun that turned out to point forward to a name: that name's entity
	owner    int8  // for a noun: the person it belongs to ("his son"), noEnt when none
}

// nameEntry is one entry of the caller's names map.
type nameEntry struct {
	from, to string
	words    int  // number of words in from
	ascii    bool // from is ASCII
}

// analysis holds the working state of one Swap call. It keeps its words, people and clauses
// in arrays inside itself (never in slices pointing into itself), so a call on a short text
// stays on the stack; longer texts spill into slices allocated on demand.
type analysis struct {
	text    string
	all     bool
	couples bool // a third-person pronoun is coordinated with another: see settleCouples
	prot    int
	ntok    int
	nent    int
	nnames  int
	nsubj   int

	unknown  [8]int32 // tokens of the unknown names namedPerson found ("his pal Smith")
	nunknown int

	tokArr   [maxTokArr]tok
	tokMore  []tok
	ents     [maxEntities]entity
	nameArr  [maxNameArr]nameEntry
	nameMore []nameEntry
	subjArr  [2 * maxTokArr]int8 // clause number -> subject entity
	subjMore []int8
}

const (
	maxTokArr  = 192
	maxNameArr = 8
)

// tk returns token i.
func (a *analysis) tk(i int) *tok {
	if i < maxTokArr {
		return &a.tokArr[i]
	}
	return &a.tokMore[i-maxTokArr]
}

func (a *analysis) pushTok(t tok) {
	if a.ntok < maxTokArr {
		a.tokArr[a.ntok] = t
	} else {
		a.tokMore = append(a.tokMore, t)
	}
	a.ntok++
}

// ne returns mapped name k.
func (a *analysis) ne(k int) *nameEntry {
	if k < maxNameArr {
		return &a.nameArr[k]
	}
	return &a.nameMore[k-maxNameArr]
}

func (a *analysis) pushName(e nameEntry) {
	if a.nnames < maxNameArr {
		a.nameArr[a.nnames] = e
	} else {
		a.nameMore = append(a.nameMore, e)
	}
	a.nnames++
}

// sj returns the subject slot of clause c.
func (a *analysis) sj(c int) *int8 {
	if c < len(a.subjArr) {
		return &a.subjArr[c]
	}
	return &a.subjMore[c-len(a.subjArr)]
}

func (a *analysis) initSubjects(n int) {
	a.nsubj = n
	for c := range min(n, len(a.subjArr)) {
		a.subjArr[c] = noEnt
	}
	if n > len(a.subjArr) {
		if m := n - len(a.subjArr); m <= cap(a.subjMore) {
			a.subjMore = a.subjMore[:m] // a second pass over the same text: reuse the first's
		} else {
			a.subjMore = make([]int8, m)
		}
		for c := range a.subjMore {
			a.subjMore[c] = noEnt
		}
	}
}

// reset clears a for another run over the same text, keeping the memory of its slices so that
// the second pass of [AnalyzeSwap] builds its token table where the first one was.
func (a *analysis) reset() {
	*a = analysis{tokMore: a.tokMore[:0], nameMore: a.nameMore[:0], subjMore: a.subjMore[:0]}
}

func (a *analysis) run(text string, names map[string]string, all bool) {
	a.text, a.all, a.prot = text, all, noEnt
	for k, v := range names {
		if k == "" {
			continue
		}
		if !utf8.ValidString(v) {
			v = strings.ToValidUTF8(v, "\uFFFD")
		}
		a.pushName(nameEntry{from: k, to: v, words: countWords(k), ascii: isASCII(k)})
	}
	a.sortNames()
	a.tokenize()
	if a.ntok == 0 {
		return
	}
	a.findNames()
	a.assignClauses()
	nc := int(a.tk(a.ntok-1).clause) + 1
	a.initSubjects(nc)
	for i := 0; i < a.ntok; i++ {
		a.step(i)
	}
	a.settleForwardPronouns()
	a.settleCouples()
}

// sortNames puts the caller's names in the order they are tried: longest first (in words, then
// in bytes), then by key. Where two keys match at one place ("Ann" and "Ann Lee"), the longer
// wins, and the result never depends on the order a map was ranged over.
func (a *analysis) sortNames() {
	if a.nnames < 2 {
		return
	}
	if a.nnames <= maxNameArr {
		slices.SortFunc(a.nameArr[:a.nnames], cmpNames)
		return
	}
	all := slices.SortedFunc(func(yield func(nameEntry) bool) {
		for k := range a.nnames {
			if !yield(*a.ne(k)) {
				return
			}
		}
	}, cmpNames)
	copy(a.nameArr[:], all)
	copy(a.nameMore, all[maxNameArr:])
}

func cmpNames(x, y nameEntry) int {
	if c := cmp.Compare(y.words, x.words); c != 0 {
		return c
	}
	if c := cmp.Compare(len(y.from), len(x.from)); c != 0 {
		return c
	}
	return strings.Compare(x.from, y.from)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		w := isWordRune(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

func (a *analysis) word(i int) string {
	t := a.tk(i)
	return a.text[t.s:t.e]
}

func (a *analysis) lex(i int) *lexEntry {
	if i < 0 || i >= a.ntok || a.tk(i).li == 0 {
		return &noLex
	}
	return &lexList[a.tk(i).li-1]
}

var noLex lexEntry

func (a *analysis) flags(i int) uint64 { return a.lex(i).flags }
