package swap

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/evenhand/evenhand/internal/lexicon"
)

// Words and what lies between them, in plain words:
//
//   - A word is a run of letters, digits and combining marks. The mojibake of a curly quote or
//     dash (â€™, â€œ, â€”) separates words; the mojibake of an accented letter (Ã©) is part of
//     its word, so "fiancÃ©" stays one word.
//   - A sentence ends at . ! ? … or a line break, except after an abbreviation (Mr. Smith).
//     A clause ends at , ; : ( ) " [ ], a spaced or doubled dash, and an en or em dash.
//   - An apostrophe after a word marks a possessive or contraction: 's, a bare apostrophe
//     (Dallas'), or another ending ('d, 'll, 're, 've, 'm, 't). Every way stories write one
//     counts alike: ', ’, ‘, ʼ, ´, `, and the mojibake of ’ and ‘ (UTF-8 read as Windows-1252,
//     once or twice: â€™, Ã¢â‚¬â„¢).
//   - A word's case pattern (lower, Title, UPPER) is kept when it is replaced.

func isWordRune(r rune) bool {
	return r < utf8.RuneSelf && (('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')) ||
		r >= utf8.RuneSelf && r != modifierApostrophe && (unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r))
}

// modifierApostrophe is ʼ, a letter to Unicode but an apostrophe in the stories.
const modifierApostrophe = '\u02bc'

// The apostrophes stories write, longest first where one begins another. Their index plus one
// is the code a word keeps of the apostrophe that follows it (see tok.aposLen).
var apostropheForms = [...]string{
	"'",
	"\u2019",                // ’
	"\u2018",                // ‘ typed for an apostrophe
	"\u02bc",                // ʼ
	"\u00b4",                // ´
	"`",                     //
	"\u00e2\u20ac\u2122",    // ’ garbled once
	"\u00e2\u20ac\u02dc",    // ‘ garbled once
	doubleGarbledApostrophe, // ’ garbled twice
}

// doubleGarbledApostrophe is ’ garbled twice (UTF-8 read as Windows-1252, twice): Ã¢â‚¬â„¢.
const doubleGarbledApostrophe = "\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2"

// apostropheCode returns the code of the apostrophe at s[i:] (its index in apostropheForms plus
// one), or 0 when there is none.
func apostropheCode(s string, i int) uint8 {
	c := s[i]
	if c == '\'' {
		return 1
	}
	if c != 0xE2 && c != 0xCA && c != 0xC2 && c != '`' && c != 0xC3 {
		return 0 // the first byte of none of the forms
	}
	for k, f := range apostropheForms {
		if strings.HasPrefix(s[i:], f) {
			return uint8(k + 1)
		}
	}
	return 0
}

// apostropheAt returns the byte length of an apostrophe at s[i:], or 0.
func apostropheAt(s string, i int) int {
	if c := apostropheCode(s, i); c > 0 {
		return len(apostropheForms[c-1])
	}
	return 0
}

// StraightApostrophes returns s with every form of apostrophe the swapper reads (see
// apostropheForms) written as a straight one, for comparing texts that spell them differently.
func StraightApostrophes(s string) string {
	if isASCII(s) && !strings.Contains(s, "`") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if n := apostropheAt(s, i); n > 0 {
			b.WriteByte('\'')
			i += n
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// tokenize splits the text into words and records what lies between them.
func (a *analysis) tokenize() {
	s := a.text
	if len(s) > 64<<10 {
		// A long text: size the token list once from the number of spaces (about one per word)
		// instead of doubling it, which held up to twice the tokens' memory for very long stories.
		if n := strings.Count(s, " ") + strings.Count(s, "\n") + 1 - maxTokArr; n > cap(a.tokMore) {
			a.tokMore = make([]tok, 0, n)
		}
	}
	gapStart := 0
	for i := skipToWord(s, 0); i < len(s); i = skipToWord(s, i) {
		ws := i
		for i < len(s) && isASCIIWordByte(s[i]) {
			i++ // the common case, without a call
		}
		if i < len(s) && s[i] >= utf8.RuneSelf {
			i = wordEnd(s, i)
		}
		a.pushTok(a.wordTok(gapStart, ws, i))
		gapStart = i
	}
	if n := a.ntok; n > 0 {
		a.tk(n-1).setBit(bStopNext, true)
		if hasNonSpace(s[gapStart:], true) {
			a.tk(n-1).setBit(bPunctNext, true)
		}
	}
}

// wordTok returns the token of the word s[ws:we] of the text, after the gap that starts at
// gapStart: its case pattern, its entry in the lexicon, the apostrophe that follows it, and
// what the gap holds (recorded on the word before it too).
func (a *analysis) wordTok(gapStart, ws, we int) tok {
	s := a.text
	t := tok{s: int32(ws), e: int32(we), name: -1} // ent is noEnt
	if gap := s[gapStart:ws]; gap != " " {
		a.readGap(&t, gap) // a single space holds nothing to record
	}
	w := s[ws:we]
	t.setCapPat(casePattern(w))
	t.li = lexIndexOf(w)
	if we < len(s) && (s[we] == '\'' || s[we] == '`' || s[we] >= utf8.RuneSelf) {
		ac, an := apostropheSuffix(s, we)
		t.setAposCode(ac)
		t.setAposNext(an)
	}
	return t
}

// lexIndexOf returns the lexicon index (plus one) of the word w, lowered, or 0 when it is not in
// the lexicon.
func lexIndexOf(w string) uint16 {
	var buf [24]byte
	n := lexicon.LowerASCII(buf[:], w)
	if n < 0 {
		n = lexicon.Lower(buf[:], w)
	}
	if n > 0 {
		return lexIndex[string(buf[:n])]
	}
	return 0
}

// isASCIIWordByte reports whether c is an ASCII letter or digit.
func isASCIIWordByte(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

// skipToWord returns the start of the first word at or after s[i:], or len(s).
func skipToWord(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if isASCIIWordByte(c) {
				return i
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
		if strings.HasPrefix(s[i:], doubleGarbledApostrophe) {
			i += len(doubleGarbledApostrophe)
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if isWordRune(r) {
			return i
		}
		i += n
	}
	return i
}

// wordEnd returns the end of the word that starts at s[i].
func wordEnd(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if !isASCIIWordByte(c) {
				return i
			}
			i++
			continue
		}
		if strings.HasPrefix(s[i:], "\u00e2\u20ac") || strings.HasPrefix(s[i:], doubleGarbledApostrophe) {
			return i
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == 0xC3 || r == 0xC2 { // Ã or Â: mojibake of a Latin-1 letter, keep the next rune
			i += n
			if i < len(s) {
				if r2, n2 := utf8.DecodeRuneInString(s[i:]); r2 >= 0x80 && r2 <= 0xBF {
					i += n2
				}
			}
			continue
		}
		if !isWordRune(r) {
			return i
		}
		i += n
	}
	return i
}

// readGap records on t, the next word, and on the word before it what the gap between them
// holds: a sentence or clause break, punctuation, or an apostrophe (the s of he's).
func (a *analysis) readGap(t *tok, gap string) {
	if a.ntok == 0 {
		t.setBit(bPunctPrev, hasNonSpace(gap, true))
		return
	}
	prev := a.tk(a.ntok - 1)
	if a.transparentQuote(gap, t) {
		return
	}
	t.setBrk(uint8(gapBreak(gap)))
	if t.brk() == breakSentence && a.isAbbrev(prev) && strings.TrimSpace(gap) == "." {
		t.setBrk(breakClause)
	}
	if hasNonSpace(gap, false) {
		prev.setBit(bPunctNext, true)
		t.setBit(bPunctPrev, true)
	}
	if hasStop(gap) {
		prev.setBit(bStopNext, true)
	}
	if n := apostropheLen(gap); n > 0 && n == len(gap) {
		t.setBit(bAfterApos, true)
	}
}

// openingQuotes are the quotation marks that open a quote, as stories write them.
var openingQuotes = [...]string{`"`, "'", "\u201c", "\u2018", "\u00e2\u20ac\u0153", "\u00e2\u20ac\u02dc"}

// transparentQuote reports whether gap, before the word t, is a space and an opening quotation
// mark between a determiner and the noun it quotes: his "thing", her ‘friend’, a "date". Such
// a mark is transparent: the quoted word is still the determiner's noun. Not after "her" that
// is the object of a verb of speech ("told her "goodbye""), and not before a capitalised or
// function word, which more likely opens a quoted sentence.
func (a *analysis) transparentQuote(gap string, t *tok) bool {
	if len(gap) < 2 || gap[0] != ' ' {
		return false
	}
	q := strings.TrimLeft(gap, " ")
	if !slices.Contains(openingQuotes[:], q) {
		return false
	}
	return a.quotedNoun(t) && a.quotingDeterminer(a.ntok-1)
}

// quotedNoun reports whether the quoted word t may be a noun: it starts with a lower-case
// letter and is neither a pronoun nor a function word.
func (a *analysis) quotedNoun(t *tok) bool {
	if c := a.text[t.s]; c < 'a' || c > 'z' {
		return false
	}
	if w, ok := lexicon.Lookup(a.text[t.s:t.e]); ok && w.Class == lexicon.Pronoun {
		return false
	}
	e := lexIndex[strings.ToLower(a.text[t.s:t.e])]
	return e == 0 || lexList[e-1].flags&fClosed == 0
}

// quotingDeterminer reports whether the word at token p is a determiner or a possessive whose
// noun a quotation mark may open: "a", "his", "my", "its"; "her", unless a verb of speech makes
// it an object ("told her").
func (a *analysis) quotingDeterminer(p int) bool {
	pt := a.tk(p)
	if pt.aposNext() != aposNone || pt.li == 0 {
		return false
	}
	lx := &lexList[pt.li-1]
	switch {
	case lx.form == lexicon.Her:
		return p == 0 || a.tk(p-1).li == 0 || lexList[a.tk(p-1).li-1].flags&fSpeech == 0
	case lx.form == lexicon.His || lx.form == lexicon.NarrPos || lx.form == lexicon.OtherPos:
		return lx.form != lexicon.NarrPos || strings.EqualFold(a.word(p), "my")
	}
	return lx.flags&fDet != 0 && !strings.EqualFold(a.word(p), "that") || strings.EqualFold(a.word(p), "its")
}

// apostropheSuffix returns the code of an apostrophe right after a word that ends at s[i] (see
// apostropheCode) and what follows it: aposS ('s), aposBare (Dallas'), aposOther ('d, 'll); 0
// and aposNone when no apostrophe follows.
func apostropheSuffix(s string, i int) (uint8, uint8) {
	if i >= len(s) {
		return 0, aposNone
	}
	c := apostropheCode(s, i)
	if c == 0 {
		return 0, aposNone
	}
	j := i + len(apostropheForms[c-1])
	switch {
	case j < len(s) && (s[j] == 's' || s[j] == 'S') && (j+1 >= len(s) || !isWordByte(s, j+1)):
		return c, aposS
	case j >= len(s) || !isWordByte(s, j):
		return c, aposBare
	}
	return c, aposOther
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
			if spacedOrDoubledDash(gap, i) {
				return true
			}
		case 0xE2:
			if hasAnyPrefix(gap[i:], "\u2026", "\u2013", "\u2014", "\u201d") {
				return true
			}
		}
	}
	return false
}

// spacedOrDoubledDash reports whether the hyphen at gap[i] is a dash: spaced before ("a -
// b") or doubled ("a--b").
func spacedOrDoubledDash(gap string, i int) bool {
	return i > 0 && gap[i-1] == ' ' || i+1 < len(gap) && gap[i+1] == '-'
}

// hasAnyPrefix reports whether s starts with one of prefixes.
func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
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
			if spacedOrDoubledDash(gap, i) {
				b = breakClause
			}
		case 0xE2: // – — “ ” … and their mojibake
			if strings.HasPrefix(gap[i:], "\u2026") {
				return breakSentence
			}
			if hasAnyPrefix(gap[i:], "\u2013", "\u2014", "\u201c", "\u201d") {
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
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			up, low, first = caseCount(w)
			break
		}
		switch {
		case 'A' <= c && c <= 'Z':
			up++
			if i == 0 {
				first = true
			}
		case 'a' <= c && c <= 'z':
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

// caseCount counts the upper-case and lower-case letters of w, and reports whether its first
// letter is upper case.
func caseCount(w string) (up, low int, first bool) {
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
	return up, low, first
}

func hasSuffixFold(w, suf string) bool {
	return len(w) >= len(suf) && strings.EqualFold(w[len(w)-len(suf):], suf)
}
