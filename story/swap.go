package story

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Swap returns the gender-counterfactual of text: the protagonist and every character named in
// names change gender. Names are replaced by names[name]; pronouns, possessives, reflexives,
// contractions (he's, she'd), gendered nouns and titles that refer to those characters flip
// (he/she, him/her, his/her/hers, himself/herself, man/woman, boyfriend/girlfriend, Mr/Ms, ...),
// and so does a first-person narrator's self-description ("I am a man." -> "I am a woman.").
// Words about anyone else stay as they are. Capitalisation, punctuation, spacing and all other
// text are kept byte for byte.
//
// The protagonist is the first person the story mentions whose gender it gives: a name, a
// third-person pronoun, a gendered noun ("The man spent an hour ..."), or a narrator who
// describes themself ("I am a man."). When names is not empty, a name that names does not map
// is someone else, never the protagonist. A pronoun refers to an earlier person of its gender:
// the one asked in "asks Ron if he ...", else the subject of its own clause (for his, himself)
// or of the clause before, else the nearest one; an object pronoun never refers to a subject or
// object of its own clause ("Mike noticed him"), and a pronoun in an opening subordinate clause
// may point forward to the name that follows ("When his son broke the window, Paul ...").
// A pronoun with no such person is about someone new: swapped when it is a subject or owner of
// the other gender than the protagonist (the story's counterpart, as in GenMO: "She told me
// ..."), kept when it is a direct object (a stranger: "Mike noticed him").
//
// Which gendered nouns flip follows the GenMO twins: words for people in general (man, girl,
// lady, king, actress, ...) flip wherever they stand; partners (wife, boyfriend, fiancée) flip
// with the person they belong to ("his wife" -> "her husband", but "Alisha's boyfriend" stays);
// relatives and -man occupations (mother, brother, fireman) flip only when they describe a
// swapped person ("George is a father of two", "his stepsister Sally" when Sally is swapped).
// "her" becomes "him" or "his" by what follows it: "him" before punctuation, a function word or
// an adverb ("pick her up", "love her dearly"), a bare verb after let/make/help ("let her go"),
// an -ing verb after see/catch ("caught her sleeping"), or a plural noun after give/buy ("buy
// her flowers"); "his" otherwise and after a preposition ("on her back"). A "his" that stands
// alone ("it was his") becomes "hers".
//
// Names match whole words, first exactly, then ignoring case (a lower-case "john" becomes a
// lower-case "emily"); a key with several words matches them in sequence, whatever
// the spacing between and around them ("Mary  Jane " matches "Mary Jane"). A key mapped to ""
// keeps its name but still changes gender. names may be nil.
// Swap never panics; for valid UTF-8 text and names it returns valid UTF-8, and a text with no
// gendered word and no name comes back unchanged. It is safe for concurrent use.
func Swap(text string, names map[string]string) string {
	var a analysis
	a.run(text, names, false)
	return a.render()
}

// SwapAll flips every gendered word in text, whoever it refers to (classic counterfactual data
// augmentation), and applies names as [Swap] does. "her" still becomes "him" or "his" by what
// follows it. It is safe for concurrent use.
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

// tok is one word of the text.
type tok struct {
	s, e      int32  // byte span
	li        uint16 // lexicon index + 1, 0 when the word is not in the lexicon
	clause    int32  // clause number
	sent      int32  // sentence number
	name      int16  // index into analysis.names, -1 when not a mapped name
	ent       int8   // entity mentioned by this word, noEnt when none
	capPat    uint8
	aposNext  uint8 // what follows the word after an apostrophe
	aposLen   uint8 // byte length of that apostrophe
	out       uint8
	afterApos bool   // the word directly follows an apostrophe: the s of he's
	punctNext bool   // non-space characters between this word and the next (or the end)
	stopNext  bool   // phrase-ending punctuation (or the end of the text) after this word
	infTo     bool   // the "to" of an infinitive
	inInf     bool   // the word is in an infinitive clause
	brk       uint8  // break before this word: breakNone, breakClause, breakSentence
	punctPrev bool   // non-space characters between the previous word (or the start) and this one
	tname     bool   // a capitalised given name of the table
	tgender   Gender // its gender
	arg       bool   // the mention is an argument (subject or object), not a possessor
	fold      bool   // the mapped name matched ignoring case
	alt       bool   // a pronoun whose counterpart is the second form (him for her, hers for his)
}

// entity is one person of the story.
type entity struct {
	kind     uint8
	g        Gender
	flip     bool
	eligible bool  // may be the protagonist
	first    int32 // token of the first mention (the name, for names)
	last     int32 // token of the latest mention
	argCl    int32 // clause of the latest argument mention, -1 when none
	li       uint16
	name     int16 // mapped-name index for names, -1 otherwise
	alias    int8  // for a pronoun that turned out to point forward to a name: that name's entity
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
	text   string
	all    bool
	prot   int
	ntok   int
	nent   int
	nnames int
	nsubj  int

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
		a.subjMore = make([]int8, n-len(a.subjArr))
		for c := range a.subjMore {
			a.subjMore[c] = noEnt
		}
	}
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
	a.tokenize()
	if a.ntok == 0 {
		return
	}
	a.assignSentences()
	a.findNames()
	a.assignClauses()
	nc := int(a.tk(a.ntok-1).clause) + 1
	a.initSubjects(nc)
	for i := 0; i < a.ntok; i++ {
		a.step(i)
	}
	a.settleForwardPronouns()
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

func isWordRune(r rune) bool {
	return r < utf8.RuneSelf && (('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')) ||
		r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r))
}

// apostropheAt returns the byte length of an apostrophe at text[i:] (', ’, or the mojibake
// â€™), or 0.
func apostropheAt(s string, i int) int {
	switch {
	case s[i] == '\'':
		return 1
	case strings.HasPrefix(s[i:], "\u2019"):
		return 3
	case strings.HasPrefix(s[i:], "\u00e2\u20ac\u2122"):
		return 8
	}
	return 0
}

// tokenize splits the text into words and records what lies between them.
func (a *analysis) tokenize() {
	s := a.text
	gapStart := 0
	i := 0
	for i < len(s) {
		// Skip to the next word.
		for i < len(s) {
			c := s[i]
			if c < utf8.RuneSelf {
				if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') {
					break
				}
				i++
				continue
			}
			if strings.HasPrefix(s[i:], "\u00e2\u20ac") { // mojibake of ’ “ ” – — …
				i += len("\u00e2\u20ac")
				if i < len(s) {
					_, n := utf8.DecodeRuneInString(s[i:])
					i += n
				}
				continue
			}
			r, n := utf8.DecodeRuneInString(s[i:])
			if isWordRune(r) {
				break
			}
			i += n
		}
		if i >= len(s) {
			break
		}
		ws := i
		for i < len(s) {
			c := s[i]
			if c < utf8.RuneSelf {
				if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') {
					i++
					continue
				}
				break
			}
			if strings.HasPrefix(s[i:], "\u00e2\u20ac") {
				break
			}
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == 0xC3 || r == 0xC2 { // Ã or Â: mojibake of a Latin-1 letter, keep the next rune
				i += n
				if i < len(s) {
					r2, n2 := utf8.DecodeRuneInString(s[i:])
					if r2 >= 0x80 && r2 <= 0xBF {
						i += n2
					}
				}
				continue
			}
			if !isWordRune(r) {
				break
			}
			i += n
		}
		t := tok{s: int32(ws), e: int32(i), name: -1, ent: noEnt}
		// Gap before this word: sentence and clause breaks.
		gap := s[gapStart:ws]
		if a.ntok > 0 {
			prev := a.tk(a.ntok - 1)
			t.brk = uint8(gapBreak(gap))
			if t.brk == breakSentence && a.isAbbrev(prev) && strings.TrimSpace(gap) == "." {
				t.brk = breakClause
			}
			if hasNonSpace(gap, false) {
				prev.punctNext = true
				t.punctPrev = true
			}
			if hasStop(gap) {
				prev.stopNext = true
			}
			if n := apostropheLen(gap); n > 0 && n == len(gap) {
				t.afterApos = true
			}
		} else if hasNonSpace(gap, true) {
			t.punctPrev = true
		}
		w := s[ws:i]
		t.capPat = casePattern(w)
		var buf [24]byte
		if n := lowerASCII(buf[:], w); n > 0 {
			if li, ok := lexIndex[string(buf[:n])]; ok {
				t.li = li
			}
		} else if len(w) < len(buf) {
			if lw := lowerInto(buf[:], w); lw > 0 {
				if li, ok := lexIndex[string(buf[:lw])]; ok {
					t.li = li
				}
			}
		}
		// Apostrophe suffix.
		if i < len(s) {
			if n := apostropheAt(s, i); n > 0 {
				t.aposLen = uint8(n)
				j := i + n
				switch {
				case j < len(s) && (s[j] == 's' || s[j] == 'S') && (j+1 >= len(s) || !isWordByte(s, j+1)):
					t.aposNext = aposS
				case j >= len(s) || !isWordByte(s, j):
					t.aposNext = aposBare
				default:
					t.aposNext = aposOther
				}
			}
		}
		a.pushTok(t)
		gapStart = i
	}
	if n := a.ntok; n > 0 {
		a.tk(n - 1).stopNext = true
		if hasNonSpace(s[gapStart:], true) {
			a.tk(n - 1).punctNext = true
		}
	}
}

// hasNonSpace reports whether gap holds anything but spaces and tabs (and line breaks, when
// newlines is set).
func hasNonSpace(gap string, newlines bool) bool {
	for i := 0; i < len(gap); i++ {
		switch gap[i] {
		case ' ', '\t':
		case '\n', '\r':
			if !newlines {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// hasStop reports whether the text between two words holds punctuation that ends a phrase.
func hasStop(gap string) bool {
	for i := 0; i < len(gap); i++ {
		switch gap[i] {
		case '.', ',', ';', ':', '!', '?', ')', ']', '"', '\n', '\r':
			return true
		case '-':
			if i > 0 && gap[i-1] == ' ' || i+1 < len(gap) && gap[i+1] == '-' {
				return true
			}
		case 0xE2:
			if strings.HasPrefix(gap[i:], "\u2026") || strings.HasPrefix(gap[i:], "\u2013") ||
				strings.HasPrefix(gap[i:], "\u2014") || strings.HasPrefix(gap[i:], "\u201d") {
				return true
			}
		}
	}
	return false
}

// assignSentences numbers the sentences of the words.
func (a *analysis) assignSentences() {
	var sent int32
	for i := 0; i < a.ntok; i++ {
		if a.tk(i).brk == breakSentence {
			sent++
		}
		a.tk(i).sent = sent
	}
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
		if t.brk != breakNone {
			clause++
			inf = false
			start = true
		}
		if t.li != 0 && !t.afterApos {
			lx := &lexList[t.li-1]
			switch {
			case !start && a.subjectPronoun(i) && !(i > 0 && a.flags(i-1)&fBoundary != 0):
				// A subject pronoun is the subject of a new clause: "Nina said they would".
				clause++
				inf = false
			case lx.flags&fBoundary != 0:
				if !(lx.flags&fWhTo != 0 && a.nextIsWord(i, "to")) && !a.joinsPeople(i) {
					clause++
					inf = false
				}
			case lx.flags&fInfTo != 0 && a.infinitiveAt(i):
				t.infTo = true
				clause++
				inf = true
			}
		}
		t.clause, t.inInf = clause, inf
		start = t.li != 0 && lexList[t.li-1].flags&fBoundary != 0 && !t.afterApos
	}
}

// subjectPronoun reports whether token i is he, she, they, we or I.
func (a *analysis) subjectPronoun(i int) bool {
	lx := a.lex(i)
	return lx.form == pSubj || lx.flags&fSubjPron != 0 && (lx.form != pNarrArg || a.word(i) == "I")
}

// joinsPeople reports whether the "and" or "or" at token i joins two people into one phrase
// ("Jessica and her mother", "Shane and Tim") rather than two clauses.
func (a *analysis) joinsPeople(i int) bool {
	w := a.word(i)
	if !strings.EqualFold(w, "and") && !strings.EqualFold(w, "or") {
		return false
	}
	if i == 0 || i+1 >= a.ntok || a.tk(i-1).punctNext || a.tk(i).punctNext {
		return false
	}
	p := i - 1
	pl := a.lex(p)
	if !(a.isName(p) || pl.class == wGeneric || pl.class == wPartner || pl.class == wRelation ||
		pl.flags&fPersonNeutral != 0 || pl.form == pNarrArg) {
		return false
	}
	n := i + 1
	nl := a.lex(n)
	return a.isName(n) || nl.form == pHer || nl.form == pHis || nl.form == pNarrPos || nl.form == pOtherPos ||
		nl.flags&fDet != 0 && !strings.EqualFold(a.word(n), "that")
}

// nextIsWord reports whether the word after token i, with only spaces between, is w.
func (a *analysis) nextIsWord(i int, w string) bool {
	return i+1 < a.ntok && !a.tk(i).punctNext && strings.EqualFold(a.word(i+1), w)
}

// infinitiveAt reports whether the "to" at token i starts an infinitive ("to meet him") rather
// than a phrase ("to the store", "to work").
func (a *analysis) infinitiveAt(i int) bool {
	n := i + 1
	if n >= a.ntok || a.tk(i).punctNext || a.tk(n).capPat != caseLower {
		return false
	}
	lx := a.lex(n)
	if lx.flags&fBareNoun != 0 {
		return false
	}
	if lx.class != wNone || lx.form != pNone || lx.flags&(fClosed|fDet) != 0 {
		return lx.flags&fBaseVerb != 0
	}
	w := a.word(n)
	return !hasSuffixFold(w, "ing") && (w[0] < '0' || w[0] > '9')
}

func isWordByte(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isWordRune(r)
}

func apostropheLen(gap string) int {
	if gap == "" {
		return 0
	}
	return apostropheAt(gap, 0)
}

const (
	breakNone = iota
	breakClause
	breakSentence
)

// gapBreak classifies the text between two words.
func gapBreak(gap string) int {
	b := breakNone
	for i := 0; i < len(gap); i++ {
		switch gap[i] {
		case '.', '!', '?', '\n', '\r':
			return breakSentence
		case ',', ';', ':', '(', ')', '"', '[', ']':
			b = breakClause
		case '-':
			if i > 0 && gap[i-1] == ' ' || i+1 < len(gap) && gap[i+1] == '-' {
				b = breakClause
			}
		case 0xE2: // – — “ ” … and their mojibake
			if strings.HasPrefix(gap[i:], "\u2026") {
				return breakSentence
			}
			if strings.HasPrefix(gap[i:], "\u2013") || strings.HasPrefix(gap[i:], "\u2014") ||
				strings.HasPrefix(gap[i:], "\u201c") || strings.HasPrefix(gap[i:], "\u201d") {
				b = breakClause
			}
		}
	}
	return b
}

func (a *analysis) isAbbrev(t *tok) bool {
	return t.li != 0 && lexList[t.li-1].flags&fAbbrev != 0
}

func casePattern(w string) uint8 {
	up, low := 0, 0
	first := false
	for i, r := range w {
		switch {
		case unicode.IsUpper(r):
			up++
			if i == 0 {
				first = true
			}
		case unicode.IsLower(r):
			low++
		}
	}
	switch {
	case up == 0:
		return caseLower
	case low == 0 && up > 1:
		return caseUpper
	case first && up == 1:
		return caseTitle
	case low == 0:
		return caseTitle // a single capital letter
	}
	return caseOther
}

// lowerInto writes the lower-case form of a non-ASCII word into buf, returning its length or 0.
func lowerInto(buf []byte, w string) int {
	n := 0
	for _, r := range w {
		r = unicode.ToLower(r)
		if n+utf8.RuneLen(r) > len(buf) {
			return 0
		}
		n += utf8.EncodeRune(buf[n:], r)
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

// findNames marks mapped names and table names.
func (a *analysis) findNames() {
	for i := 0; i < a.ntok; i++ {
		t := a.tk(i)
		if a.nnames > 0 {
			for k := 0; k < a.nnames; k++ {
				ne := a.ne(k)
				if ne.words <= 1 {
					w := a.word(i)
					if ne.ascii && len(w) != len(ne.from) {
						continue
					}
					if w == ne.from {
						t.name, t.fold = int16(k), false
						break
					}
					if t.name < 0 && strings.EqualFold(w, ne.from) && a.foldable(i) {
						t.name, t.fold = int16(k), true
					}
				} else if i+ne.words-1 < a.ntok {
					span := a.text[t.s:a.tk(i+ne.words-1).e]
					if span == ne.from || spanEqualWords(span, ne.from) {
						t.name = int16(k)
						t.fold = span != ne.from
						break
					}
				}
			}
			if t.name >= 0 {
				if ne := a.ne(int(t.name)); ne.words > 1 {
					for j := i + 1; j < i+ne.words && j < a.ntok; j++ {
						a.tk(j).out = outDrop
						a.tk(j).li = 0
					}
				}
				continue
			}
		}
		if t.capPat != caseTitle || t.out == outDrop {
			continue
		}
		if g, common, ok := GivenName(a.word(i)); ok {
			if common && (i == 0 || a.tk(i-1).sent != t.sent) {
				continue
			}
			if t.li != 0 && lexList[t.li-1].class != wNone {
				continue
			}
			// A capitalised word right after a name is a surname.
			if i > 0 && !t.punctPrev && (a.tk(i-1).tname || a.tk(i-1).name >= 0) {
				continue
			}
			t.tname, t.tgender = true, g
		}
	}
}

// foldable reports whether token i may match a mapped name that differs from it in case: a
// lower-case "john" may, a lower-case "will" or "he" may not.
func (a *analysis) foldable(i int) bool {
	if a.tk(i).capPat == caseTitle {
		return true
	}
	if a.tk(i).li != 0 {
		return false
	}
	_, common, _ := GivenName(a.word(i))
	return !common
}

// spanEqualWords compares two texts word by word, ignoring case and the spacing between words.
func spanEqualWords(span, key string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(span), " "), strings.Join(strings.Fields(key), " "))
}

// isName reports whether token i names a person.
func (a *analysis) isName(i int) bool {
	if i < 0 || i >= a.ntok {
		return false
	}
	t := a.tk(i)
	return t.name >= 0 || t.tname
}

// newEntity adds an entity and returns its index, or noEnt when the table is full.
func (a *analysis) newEntity(e entity) int {
	if a.nent >= maxEntities {
		return noEnt
	}
	e.argCl, e.alias = -1, noEnt
	a.ents[a.nent] = e
	a.nent++
	return a.nent - 1
}

// nameEntity finds or creates the entity of the name at token i.
func (a *analysis) nameEntity(i int, g Gender) int {
	t := a.tk(i)
	if t.ent != noEnt {
		return int(t.ent)
	}
	w := a.word(i)
	for k := 0; k < a.nent; k++ {
		e := &a.ents[k]
		if e.kind != entName {
			continue
		}
		if (t.name >= 0 && e.name == t.name) || (t.name < 0 && e.name < 0 && strings.EqualFold(a.word(int(e.first)), w)) {
			if e.g == Unknown {
				e.g = g
			}
			return k
		}
	}
	if g == Unknown {
		if t.tname {
			g = t.tgender
		} else if t.name >= 0 {
			// A mapped name has the other gender than its counterpart. When the table gives
			// both names the same gender (Dallas becoming Mike), the story's pronouns decide.
			from, _, _ := GivenName(a.ne(int(t.name)).from)
			to, _, _ := GivenName(a.ne(int(t.name)).to)
			switch {
			case from != Unknown && (from != to || strings.EqualFold(a.ne(int(t.name)).from, a.ne(int(t.name)).to)):
				g = from
			case from == Unknown:
				g = to.Other()
			}
		}
	}
	inMap := t.name >= 0
	return a.newEntity(entity{
		kind: entName, g: g, flip: inMap, eligible: inMap || a.nnames == 0,
		first: int32(i), last: int32(i), name: t.name,
	})
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
	t.ent, t.arg = int8(e), arg
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

func (a *analysis) protGender() Gender {
	if a.prot == noEnt {
		return Unknown
	}
	return a.ents[a.prot].g
}

// step processes token i.
func (a *analysis) step(i int) {
	t := a.tk(i)
	if t.out == outDrop {
		return
	}
	if t.infTo {
		a.infinitiveSubject(i)
	}
	if t.name >= 0 || t.tname {
		e := a.nameEntity(i, Unknown)
		if e != noEnt && a.ents[e].first == int32(i) {
			a.cataphora(i, e)
		}
		a.mention(i, e, t.aposNext != aposS && t.aposNext != aposBare)
		if t.name >= 0 && a.ne(int(t.name)).to != "" {
			t.out = outName
		}
		return
	}
	if t.li == 0 {
		return
	}
	lx := &lexList[t.li-1]
	switch lx.class {
	case wNone:
		switch lx.form {
		case pNarrArg, pNarrPos:
			a.mention(i, a.narrator(i), lx.form == pNarrArg)
		}
		if strings.EqualFold(a.word(i), "who") && i > 0 {
			// "his wife, who ...": the relative clause is about the person just named.
			if e := a.tk(i - 1).ent; e != noEnt {
				a.setSubject(int(t.clause), int(e))
			}
		}
	case wPronoun:
		a.pronoun(i, lx)
	case wTitle:
		a.title(i, lx)
	default:
		a.noun(i, lx)
	}
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
	if j < 0 || a.tk(j).sent != t.sent || a.tk(j).punctNext {
		return
	}
	if e := a.tk(j).ent; e != noEnt {
		if a.tk(j).arg {
			a.setSubject(int(t.clause), int(e))
		}
		return
	}
	if a.flags(j)&(fIndefPron|fPersonNeutral|fPersonPlural) != 0 {
		return // "asked someone to help her": the one asked is nobody of the story
	}
	if a.flags(j)&fWhTo == 0 {
		for k := j; k >= 0 && k >= j-2 && !a.tk(k).punctNext; k-- {
			if l := a.lex(k); l.flags&fDet != 0 || l.form == pHer || l.form == pHis || l.form == pNarrPos || l.form == pOtherPos {
				return
			}
		}
	}
	if s := a.prevSubject(i); s != noEnt {
		a.setSubject(int(t.clause), s)
	}
}

// prevSubject returns the subject of the nearest earlier clause of token i's sentence that has
// one, or noEnt.
func (a *analysis) prevSubject(i int) int {
	t := a.tk(i)
	for j := i - 1; j >= 0 && a.tk(j).sent == t.sent; j-- {
		if a.tk(j).clause == t.clause || a.tk(j).inInf {
			continue
		}
		if s := *a.sj(int(a.tk(j).clause)); s != noEnt {
			return int(s)
		}
	}
	return noEnt
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

// pronoun resolves and flips the third-person pronoun at token i.
func (a *analysis) pronoun(i int, lx *lexEntry) {
	t := a.tk(i)
	var obj, indep bool
	switch lx.form {
	case pObj:
		obj = true
	case pHer:
		obj = a.herIsObject(i)
	case pHis:
		indep = a.hisStandsAlone(i)
	case pHers:
		indep = true
	}
	possDet := (lx.form == pHer && !obj) || (lx.form == pHis && !indep)
	arg := lx.form == pSubj || obj || lx.form == pRefl
	// Binding: an object pronoun is not the subject or object of its own clause, except after
	// prepositions of place and company ("brings his partner with him").
	bind := obj && !(i > 0 && !a.tk(i-1).punctNext && a.flags(i-1)&fNoBindPrep != 0)
	e := a.resolve(i, lx, obj, bind)
	if e == noEnt {
		// Someone new. Before the protagonist, it is the protagonist, unless it only owns the
		// first person named ("Her brother wanted ..."). After, a subject or owner of the
		// other gender is the protagonist's counterpart and is swapped with them ("She told me
		// ...", "waiting for her return", "talks with her"); a new direct object is a stranger
		// ("Mike noticed him").
		eligible := !(possDet && a.personNounAfter(i))
		flip := false
		if a.prot != noEnt && !(obj && !a.afterPrep(i)) {
			pg := a.protGender()
			flip = pg != Unknown && pg != lx.gender
		}
		e = a.newEntity(entity{kind: entPronoun, g: lx.gender, flip: flip, eligible: eligible && a.prot == noEnt,
			first: int32(i), last: int32(i), name: -1})
	}
	a.mention(i, e, arg)
	t.alt = (lx.form == pHer && obj) || (lx.form == pHis && indep)
	if a.all || (e != noEnt && a.ents[e].flip) {
		t.out = outTo
		if t.alt {
			t.out = outTo2
		}
	}
}

// cataphora links a name first mentioned at token i (entity e) to pronouns of its gender that
// came before it in a sentence that opens with a subordinate clause: "When his son broke the
// window, Paul yelled", "When he got home, John saw his dog".
func (a *analysis) cataphora(i, e int) {
	s0 := i
	for s0 > 0 && a.tk(s0-1).sent == a.tk(i).sent {
		s0--
	}
	if s0 == i || a.flags(s0)&fSubordinator == 0 {
		return
	}
	en := &a.ents[e]
	for k := 0; k < a.nent; k++ {
		p := &a.ents[k]
		if k == e || p.kind != entPronoun || p.alias != noEnt || int(p.first) < s0 || int(p.first) >= i ||
			(en.g != Unknown && p.g != en.g) {
			continue
		}
		p.alias = int8(e)
		if en.g == Unknown {
			en.g = p.g
		}
		if a.prot == k {
			a.prot = e
			en.flip = true
		}
		for c := 0; c < a.nsubj; c++ {
			if *a.sj(c) == int8(k) {
				*a.sj(c) = int8(e)
			}
		}
		return
	}
}

// settleForwardPronouns gives the pronouns that pointed forward to a name the flip of that name.
func (a *analysis) settleForwardPronouns() {
	if a.all {
		return
	}
	for i := 0; i < a.ntok; i++ {
		t := a.tk(i)
		if t.ent == noEnt || a.ents[t.ent].alias == noEnt || t.li == 0 || lexList[t.li-1].class != wPronoun {
			continue
		}
		t.out = outKeep
		if a.ents[a.ents[t.ent].alias].flip {
			t.out = outTo
			if t.alt {
				t.out = outTo2
			}
		}
	}
}

// afterPrep reports whether token i directly follows a preposition.
func (a *analysis) afterPrep(i int) bool {
	return i > 0 && !a.tk(i-1).punctNext && a.flags(i-1)&fPrep != 0
}

// personNounAfter reports whether a gendered person noun follows the possessive at token i
// within a few words: "Her brother", "her older sister" (but not "Her friends").
func (a *analysis) personNounAfter(i int) bool {
	for j := i + 1; j < a.ntok && j <= i+3; j++ {
		if a.tk(j - 1).punctNext {
			return false
		}
		lx := a.lex(j)
		if (lx.class == wGeneric || lx.class == wPartner || lx.class == wRelation) && !lx.plural {
			return true
		}
		if lx.flags&fClosed != 0 {
			return false
		}
	}
	return false
}

// candidate reports whether entity e can be the antecedent of a pronoun of gender g at token i.
func (a *analysis) candidate(e int, g Gender, i int, bind bool) bool {
	if e == noEnt || e >= a.nent {
		return false
	}
	en := &a.ents[e]
	if en.kind == entNarrator || en.g != g || int(en.first) >= i || en.alias != noEnt {
		return false
	}
	if bind && en.argCl == a.tk(i).clause {
		return false
	}
	return true
}

// resolve finds the antecedent of the pronoun at token i, or noEnt.
func (a *analysis) resolve(i int, lx *lexEntry, obj, bind bool) int {
	t := a.tk(i)
	g := lx.gender
	// "asks Ron if he ...", "asks Tina why she ...": the question is about the one asked.
	if lx.form == pSubj && i >= 2 && a.flags(i-1)&fIfWh != 0 && !a.tk(i-1).punctPrev {
		if m := a.tk(i - 2).ent; m != noEnt && a.tk(i-2).arg && a.candidate(int(m), g, i, bind) {
			for j := i - 3; j >= 0 && j >= i-5; j-- {
				if a.flags(j)&fAsk != 0 {
					return int(m)
				}
			}
		}
	}
	// The subject of the pronoun's own clause (his, himself), then of the clause before.
	if lx.form != pSubj && lx.form != pObj && !(lx.form == pHer && obj) {
		if c := int(t.clause); c < a.nsubj {
			if s := int(*a.sj(c)); a.candidate(s, g, i, bind) {
				return s
			}
		}
	}
	if s := a.prevSubject(i); a.candidate(s, g, i, bind) {
		return s
	}
	// The nearest person of the pronoun's gender.
	best, bestLast := noEnt, int32(-1)
	for k := 0; k < a.nent; k++ {
		if a.candidate(k, g, i, bind) && a.ents[k].last > bestLast {
			best, bestLast = k, a.ents[k].last
		}
	}
	if best != noEnt {
		return best
	}
	// A person whose gender the story has not given yet.
	for k := 0; k < a.nent; k++ {
		en := &a.ents[k]
		if en.kind == entNarrator || en.g != Unknown || int(en.first) >= i {
			continue
		}
		if bind && en.argCl == t.clause {
			continue
		}
		if en.last > bestLast {
			best, bestLast = k, en.last
		}
	}
	if best != noEnt {
		a.ents[best].g = g
		return best
	}
	// A person noun of either gender nearby: "his neighbor ... he", "the baby ... her".
	for j := i - 1; j >= 0 && t.sent-a.tk(j).sent <= 1; j-- {
		if a.flags(j)&fPersonNeutral != 0 && a.lex(j).class == wNone && !(bind && a.tk(j).clause == t.clause) {
			return a.newEntity(entity{kind: entNoun, g: g, first: int32(j), last: int32(j), name: -1})
		}
	}
	return noEnt
}

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
	if next.flags&fObjNext != 0 || next.class == wPronoun {
		return true
	}
	if a.isName(n) {
		return true
	}
	w := a.word(n)
	// "her" + a verb in -ing that goes on with a phrase: "talking to her asking about ...".
	if len(w) > 5 && hasSuffixFold(w, "ing") && next.flags&fIngNoun == 0 && next.class == wNone && n+1 < a.ntok &&
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
	if len(w) > 4 && hasSuffixFold(w, "ly") && next.flags&fNotAdverb == 0 && next.class == wNone {
		return true
	}
	switch {
	case prevFlags&fCausative != 0 && next.flags&fBaseVerb != 0:
		return true
	case prevFlags&fPercept != 0 && len(w) > 5 && hasSuffixFold(w, "ing") && next.flags&fIngNoun == 0:
		return true
	case prevFlags&fDitrans != 0 && next.class == wNone && next.flags&(fPersonPlural|fPersonNeutral) == 0 &&
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
	return f&fObjNext != 0 && f&fParticle == 0 && a.lex(n).class != wPronoun
}

func hasSuffixFold(w, suf string) bool {
	return len(w) >= len(suf) && strings.EqualFold(w[len(w)-len(suf):], suf)
}

// title handles Mr, Mrs, Ms, Miss, sir, madam at token i.
func (a *analysis) title(i int, lx *lexEntry) {
	t := a.tk(i)
	n := i + 1
	if n < a.ntok && a.tk(n).capPat == caseTitle && (a.tk(i).capPat != caseLower) &&
		(!t.punctNext || a.text[t.e:a.tk(n).s] == ". " || a.text[t.e:a.tk(n).s] == ".") {
		if !a.isName(n) {
			a.tk(n).tname = true
		}
		e := a.nameEntity(n, lx.gender)
		if e != noEnt && a.tk(n).name < 0 && a.ents[e].kind == entName && int(a.ents[e].first) == n {
			a.ents[e].g = lx.gender // a title tells the gender better than the table
		}
		if a.all || (e != noEnt && a.ents[e].flip) {
			t.out = outTo
		}
		return
	}
	if strings.EqualFold(a.word(i), "miss") || a.isAbbrev(t) {
		return // "miss" the verb; a bare Mr
	}
	if a.all || a.prot != noEnt {
		t.out = outTo
	}
}

// noun handles a gendered noun at token i.
func (a *analysis) noun(i int, lx *lexEntry) {
	t := a.tk(i)
	if a.all {
		t.out = outTo
	}
	if lx.plural {
		switch lx.class {
		case wGeneric:
			t.out = outTo
		case wPartner:
			if p := a.possessor(i); p == noEnt || a.ents[p].flip {
				t.out = outTo
			}
		}
		return
	}
	e := a.describedBy(i, lx)
	if e == noEnt {
		flip := false
		switch lx.class {
		case wGeneric:
			flip = true
			if s := a.spouseOf(i); s != noEnt {
				flip = a.ents[s].flip // "he married a Jewish woman"
			}
		case wPartner:
			p := a.possessor(i)
			flip = p == noEnt || a.ents[p].flip
		}
		e = a.newEntity(entity{kind: entNoun, g: lx.gender, flip: flip, eligible: a.nounEligible(i, lx),
			first: int32(i), last: int32(i), li: t.li, name: -1})
	}
	a.mention(i, e, t.aposNext != aposS)
	if e != noEnt && a.ents[e].flip {
		t.out = outTo
	}
}

// describedBy finds the person a gendered noun at token i describes: the subject of "is a man",
// a name in apposition ("his wife Mindy", "a woman named Martha", "Jill the new girl"), or an
// earlier "a woman" for "the woman". It returns noEnt for a new person.
func (a *analysis) describedBy(i int, lx *lexEntry) int {
	// Walk back over adjectives to a determiner.
	j := i - 1
	for k := 0; k < 3 && j >= 0 && !a.tk(j).punctNext; k++ {
		l := a.lex(j)
		if l.class != wNone || l.flags&(fClosed|fCopula) != 0 || a.isName(j) || l.form != pNone {
			break
		}
		j--
	}
	det := -1
	if j >= 0 && !a.tk(j).punctNext && a.flags(j)&fDet != 0 {
		det = j
		j--
	}
	// "X is a man", "I'm a father".
	if j >= 1 && !a.tk(j).punctNext {
		cop := j
		if w := a.word(cop); strings.EqualFold(w, "not") || strings.EqualFold(w, "never") ||
			strings.EqualFold(w, "also") || strings.EqualFold(w, "still") || strings.EqualFold(w, "now") {
			cop-- // "is not a man", "was never a father"
		}
		if cop >= 1 && a.isCopula(cop) && !a.tk(cop-1).punctNext {
			if e := a.tk(cop - 1).ent; e != noEnt && a.tk(cop-1).arg {
				a.describe(int(e), lx.gender, a.tk(i).li)
				return int(e)
			}
		}
	}
	// "his wife Mindy", "his wife, Susan,", "a woman named Martha".
	if n := i + 1; n < a.ntok {
		gap := a.text[a.tk(i).e:a.tk(n).s]
		if a.tk(i).aposNext == aposNone && (gap == " " || gap == ", ") && a.isName(n) {
			e := a.nameEntity(n, lx.gender)
			if e != noEnt {
				a.describe(e, lx.gender, a.tk(i).li)
			}
			return e
		}
		if gap == " " && a.flags(n)&fNamedVerb != 0 && n+1 < a.ntok && a.isName(n+1) && !a.tk(n).punctNext {
			e := a.nameEntity(n+1, lx.gender)
			if e != noEnt {
				a.describe(e, lx.gender, a.tk(i).li)
			}
			return e
		}
	}
	// "Jill the new IT girl".
	if det >= 1 && a.isName(det-1) && a.tk(det-1).aposNext == aposNone {
		gap := a.text[a.tk(det-1).e:a.tk(det).s]
		if gap == " " || gap == ", " {
			if e := a.tk(det - 1).ent; e != noEnt {
				a.describe(int(e), lx.gender, a.tk(i).li)
				return int(e)
			}
		}
	}
	// "the woman" after "a woman".
	if det >= 0 {
		if d := strings.ToLower(a.word(det)); d == "the" || d == "this" || d == "that" {
			for k := a.nent - 1; k >= 0; k-- {
				if a.ents[k].li == a.tk(i).li {
					return k
				}
			}
		}
	}
	return noEnt
}

// isCopula reports whether token i links a subject to a description: is, became, the 'm of I'm.
func (a *analysis) isCopula(i int) bool {
	if a.flags(i)&fCopula != 0 {
		return true
	}
	if a.tk(i).afterApos {
		w := a.word(i)
		return w == "m" || w == "s" || w == "re" || w == "M" || w == "S" || w == "RE"
	}
	return false
}

// describe gives entity e the gender of a noun that describes it, and lets a narrator who
// describes themself become the protagonist.
func (a *analysis) describe(e int, g Gender, li uint16) {
	en := &a.ents[e]
	if en.g == Unknown {
		en.g = g
	}
	if en.li == 0 {
		en.li = li
	}
	if en.kind == entNarrator {
		en.eligible = true
		a.checkProtagonist(e)
	}
}

// nounEligible reports whether the gendered noun at token i may be the protagonist. A relative
// owned by a pronoun that points forward may not: in "When his son broke the window, Paul
// yelled", the story is about Paul; in "Her brother wanted ...", which opens the sentence, it is
// about the brother.
func (a *analysis) nounEligible(i int, lx *lexEntry) bool {
	if lx.class != wRelation {
		return true
	}
	for j := i - 1; j >= 0 && j >= i-3 && !a.tk(j).punctNext; j-- {
		if f := a.lex(j).form; f == pHer || f == pHis {
			return j == 0 || a.tk(j-1).sent != a.tk(j).sent
		}
	}
	return true
}

// spouseOf returns the subject of "marry" or "date" when the noun at token i is its object
// ("he married a Jewish woman"), or noEnt.
func (a *analysis) spouseOf(i int) int {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		if a.tk(j).punctNext {
			return noEnt
		}
		f := a.flags(j)
		if f&fMarry != 0 {
			if c := int(a.tk(j).clause); c < a.nsubj {
				return int(*a.sj(c))
			}
			return noEnt
		}
		if f&(fDet) == 0 && a.lex(j).class != wNone {
			return noEnt
		}
	}
	return noEnt
}

// possessor returns the person who owns the noun at token i ("his wife", "Brad's old
// girlfriends"), or noEnt when there is none or it is unknown.
func (a *analysis) possessor(i int) int {
	for j := i - 1; j >= 0 && j >= i-4; j-- {
		if a.tk(j).punctNext && a.tk(j).aposNext == aposNone {
			return noEnt
		}
		if a.tk(j).afterApos { // the s of 's
			continue
		}
		if a.tk(j).aposNext == aposS || a.tk(j).aposNext == aposBare {
			return int(a.tk(j).ent)
		}
		lx := a.lex(j)
		switch lx.form {
		case pHer, pHis, pNarrPos:
			return int(a.tk(j).ent)
		case pOtherPos:
			return noEnt
		}
		if lx.flags&(fClosed|fDet) != 0 {
			return noEnt
		}
	}
	return noEnt
}

// render writes the swapped text.
func (a *analysis) render() string {
	changed := false
	for i := 0; i < a.ntok; i++ {
		if a.tk(i).out != outKeep {
			changed = true
			break
		}
	}
	if !changed {
		return a.text
	}
	var b strings.Builder
	b.Grow(len(a.text) + 16)
	pos := 0
	for i := 0; i < a.ntok; i++ {
		t := a.tk(i)
		if t.out == outKeep || t.out == outDrop || int(t.s) < pos {
			continue // kept, or already written as part of a name or possessive
		}
		b.WriteString(a.text[pos:t.s])
		pos = int(t.e)
		src := a.text[t.s:t.e]
		switch t.out {
		case outTo:
			writeCased(&b, src, lexList[t.li-1].to)
		case outTo2:
			writeCased(&b, src, lexList[t.li-1].to2)
		case outName:
			ne := a.ne(int(t.name))
			to := ne.to
			if t.fold {
				to = foldCase(src, to)
			}
			b.WriteString(to)
			if ne.words > 1 {
				pos = int(a.tk(i + ne.words - 1).e)
			}
			a.fixPossessive(&b, i, &pos, ne.from, to)
		}
	}
	b.WriteString(a.text[pos:])
	return b.String()
}

// fixPossessive keeps a name's possessive in the story's own style when the new name ends in s
// ("Mike's" -> "Dallas'") or no longer does ("Dallas'" -> "Mike's").
func (a *analysis) fixPossessive(b *strings.Builder, i int, pos *int, from, to string) {
	t := a.tk(i)
	if t.aposNext == aposNone || to == "" || from == "" {
		return
	}
	endsS := func(s string) bool { return s[len(s)-1] == 's' || s[len(s)-1] == 'S' }
	switch {
	case t.aposNext == aposS && endsS(to) && !endsS(from) && i+1 < a.ntok && a.tk(i+1).afterApos:
		b.WriteString(a.text[t.e : t.e+int32(t.aposLen)])
		*pos = int(a.tk(i + 1).e)
	case t.aposNext == aposBare && endsS(from) && !endsS(to):
		b.WriteString(a.text[t.e : t.e+int32(t.aposLen)])
		b.WriteByte('s')
		*pos = int(t.e) + int(t.aposLen)
	}
}

// writeCased writes the lower-case word repl in the case pattern of src.
func writeCased(b *strings.Builder, src, repl string) {
	switch casePattern(src) {
	case caseUpper:
		if len(src) > 1 {
			b.WriteString(strings.ToUpper(repl))
			return
		}
		fallthrough
	case caseTitle:
		r, n := utf8.DecodeRuneInString(repl)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(repl[n:])
	default:
		b.WriteString(repl)
	}
}

// foldCase gives the name to the case pattern of src, for names that matched ignoring case.
func foldCase(src, to string) string {
	switch casePattern(src) {
	case caseLower:
		return strings.ToLower(to)
	case caseUpper:
		if utf8.RuneCountInString(src) > 1 {
			return strings.ToUpper(to)
		}
	}
	return to
}
