package rouge

import "unicode/utf8"

// This file holds a Porter stemmer that behaves like nltk's PorterStemmer in its default mode
// (NLTK_EXTENSIONS), which is the stemmer the reference ROUGE package uses. The code is our own;
// the rules are the published algorithm (Porter, "An algorithm for suffix stripping", 1980)
// plus the nltk departures listed in the comments below.

// Stem returns the Porter stem of word as nltk's PorterStemmer computes it in its default mode
// (NLTK_EXTENSIONS), the mode the reference ROUGE package uses when stemming is on.
//
// Stem is meant for a lowercase token of the ROUGE tokenizer (letters a-z and digits 0-9); for such
// input it agrees with nltk exactly. Like nltk, it lowercases ASCII letters first, and a word that
// had upper-case letters is not looked up in the table of irregular forms (nltk checks that table
// with the word as given). Other bytes count as consonants, so a word with non-ASCII letters may
// stem differently from nltk, which works on code points; the result is still valid UTF-8 when
// word is, and never longer than word. Words of one or two letters are only lowercased.
//
// Note that [Rouge1] stems only tokens longer than three letters, as the reference package does.
//
// Stem allocates only when the stem differs from word. It is safe for concurrent use.
func Stem(word string) string {
	var stack [64]byte
	var b []byte
	if len(word) <= len(stack) {
		b = stack[:len(word)]
	} else {
		b = make([]byte, len(word))
	}
	copy(b, word)
	upper := false
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + ('a' - 'A')
			upper = true
		}
	}
	s := porterStem(b, !upper)
	if string(s) == word {
		return word
	}
	return string(s)
}

// porterStem stems the lowercase word w in place and returns the stem, which shares w's memory
// and is never longer than w. When irregular is true the table of irregular forms is consulted
// first, as nltk does for a word given in lower case.
func porterStem(w []byte, irregular bool) []byte {
	if irregular {
		if s, ok := porterIrregular(w); ok {
			return w[:copy(w, s)]
		}
	}
	// nltk departure: words of one or two letters are left alone.
	if len(w) <= 2 {
		return w
	}
	w = porterStep1a(w)
	w = porterStep1b(w)
	w = porterStep1c(w)
	w = porterStep2(w)
	w = porterApply(w, porterStep3Index)
	w = porterApply(w, porterStep4Index)
	w = porterStep5a(w)
	w = porterStep5b(w)
	return w
}

// porterIrregular is nltk's table of irregular forms: these words bypass the rules. Every stem is
// no longer than its word, so it can be copied over the word.
func porterIrregular(w []byte) (string, bool) {
	switch string(w) {
	case "sky", "skies":
		return "sky", true
	case "dying":
		return "die", true
	case "lying":
		return "lie", true
	case "tying":
		return "tie", true
	case "news":
		return "news", true
	case "innings", "inning":
		return "inning", true
	case "outings", "outing":
		return "outing", true
	case "cannings", "canning":
		return "canning", true
	case "howe":
		return "howe", true
	case "proceed":
		return "proceed", true
	case "exceed":
		return "exceed", true
	case "succeed":
		return "succeed", true
	}
	return "", false
}

// porterVowel reports whether c is one of a, e, i, o, u. The letter y is decided by position.
func porterVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'
}

// porterCons reports whether w[i] is a consonant: anything but a, e, i, o, u, where y is a
// consonant at the start of the word or after a vowel, and a vowel after a consonant.
func porterCons(w []byte, i int) bool {
	// Walk back over a run of y's: each y at a position > 0 flips the answer of its left neighbour.
	flip := false
	for i > 0 && w[i] == 'y' {
		flip = !flip
		i--
	}
	base := !porterVowel(w[i]) // a y at position 0 is a consonant
	return base != flip
}

// porterMeasure returns m, the number of vowel-consonant sequences in w when w is written as
// [C](VC){m}[V].
func porterMeasure(w []byte) int {
	m := 0
	prevCons := true // the state before the first letter: a leading consonant run adds nothing
	for i, c := range w {
		var cons bool
		switch {
		case porterVowel(c):
			cons = false
		case c == 'y':
			cons = i == 0 || !prevCons
		default:
			cons = true
		}
		if cons && !prevCons {
			m++
		}
		prevCons = cons
	}
	return m
}

// porterHasVowel reports whether w contains a vowel (y counting as one after a consonant).
func porterHasVowel(w []byte) bool {
	for i := range w {
		if !porterCons(w, i) {
			return true
		}
	}
	return false
}

// porterEndsDouble implements condition *d, a word ending in a doubled consonant: it returns the
// length in bytes of the last letter when w ends with two equal consonants, and 0 otherwise.
// Letters outside ASCII (consonants, as in nltk) are compared whole, so that dropping one of a
// pair never splits a UTF-8 sequence.
func porterEndsDouble(w []byte) int {
	n := len(w)
	if n < 2 {
		return 0
	}
	if w[n-1] < utf8.RuneSelf {
		if w[n-1] == w[n-2] && porterCons(w, n-1) {
			return 1
		}
		return 0
	}
	r, size := utf8.DecodeLastRune(w)
	if size == 1 || 2*size > n { // invalid UTF-8, or no room for a pair
		return 0
	}
	if prev, _ := utf8.DecodeLastRune(w[:n-size]); prev != r {
		return 0
	}
	return size
}

// porterEndsCVC implements condition *o: w ends consonant-vowel-consonant where the last consonant
// is not w, x or y. nltk departure: a two-letter w of a vowel then a consonant also counts.
func porterEndsCVC(w []byte) bool {
	n := len(w)
	if n >= 3 {
		last := w[n-1]
		return porterCons(w, n-3) && !porterCons(w, n-2) && porterCons(w, n-1) &&
			last != 'w' && last != 'x' && last != 'y'
	}
	return n == 2 && !porterCons(w, 0) && porterCons(w, 1)
}

// porterHasSuffix reports whether w ends with s.
func porterHasSuffix(w []byte, s string) bool {
	return len(w) >= len(s) && string(w[len(w)-len(s):]) == s
}

// porterReplace returns w with its last n bytes replaced by rep, written in place. The caller
// ensures len(rep) <= n, so the result fits in w's memory.
func porterReplace(w []byte, n int, rep string) []byte {
	k := len(w) - n
	return w[:k+copy(w[k:], rep)]
}

// porterStep1a removes plural endings: sses -> ss, ies -> i, ss -> ss, s -> "".
func porterStep1a(w []byte) []byte {
	n := len(w)
	if n == 0 || w[n-1] != 's' {
		return w
	}
	switch {
	case porterHasSuffix(w, "ies") && n == 4:
		return w[:3] // nltk departure: "dies" -> "die", while "flies" -> "fli"
	case porterHasSuffix(w, "sses"), porterHasSuffix(w, "ies"):
		return w[:n-2]
	case porterHasSuffix(w, "ss"):
		return w
	default:
		return w[:n-1]
	}
}

// porterStep1b removes -eed, -ed and -ing and tidies the stem that is left.
func porterStep1b(w []byte) []byte {
	n := len(w)
	// nltk departure: -ied becomes -ie in four-letter words ("died" -> "die") and -i otherwise.
	if porterHasSuffix(w, "ied") {
		if n == 4 {
			return w[:3]
		}
		return w[:n-2]
	}
	if porterHasSuffix(w, "eed") {
		if porterMeasure(w[:n-3]) > 0 {
			return w[:n-1]
		}
		return w
	}
	switch {
	case porterHasSuffix(w, "ed") && porterHasVowel(w[:n-2]):
		return porterTidy1b(w[:n-2])
	case porterHasSuffix(w, "ing") && porterHasVowel(w[:n-3]):
		return porterTidy1b(w[:n-3])
	}
	return w
}

// porterTidy1b tidies the stem s that removing -ed or -ing left: at, bl, iz gain an e
// ("conflat" -> "conflate"), a double consonant other than l, s or z loses one ("hopp" ->
// "hop"), and a short stem ending consonant-vowel-consonant gains an e ("hop" -> "hope").
func porterTidy1b(s []byte) []byte {
	// s lost at least two bytes of w, so appending one byte stays inside w's memory.
	if porterHasSuffix(s, "at") || porterHasSuffix(s, "bl") || porterHasSuffix(s, "iz") {
		return porterAddE(s)
	}
	if d := porterEndsDouble(s); d > 0 {
		if c := s[len(s)-1]; c != 'l' && c != 's' && c != 'z' {
			return s[:len(s)-d]
		}
		return s
	}
	if porterMeasure(s) == 1 && porterEndsCVC(s) {
		return porterAddE(s)
	}
	return s
}

// porterAddE appends an e to s in place: s must be shorter than the slice it was cut from.
func porterAddE(s []byte) []byte {
	s = s[:len(s)+1]
	s[len(s)-1] = 'e'
	return s
}

// porterStep1c turns a final y into i. nltk departure: only when the y follows a consonant
// that is not the first letter ("cry" -> "cri", "say" and "by" unchanged).
func porterStep1c(w []byte) []byte {
	n := len(w)
	if n > 2 && w[n-1] == 'y' && porterCons(w, n-2) {
		w[n-1] = 'i'
	}
	return w
}

// porterCond is the condition under which a suffix rule fires, tested on the stem left when the
// suffix is removed.
type porterCond uint8

const (
	porterM0   porterCond = iota // m(stem) > 0
	porterM1                     // m(stem) > 1
	porterM1ST                   // m(stem) > 1 and the stem ends in s or t (for -ion)
	porterLogi                   // m(stem + "l") > 0 (nltk's logi -> log, which keeps the l with the stem)
)

// porterRule replaces suffix suf by rep when cond holds. Within a list, the first rule whose
// suffix matches decides: when its condition fails, the word is left as it is.
type porterRule struct {
	suf, rep string
	cond     porterCond
}

// Step 2 in nltk's order. nltk departures: bli -> ble instead of abli -> able, and the rules
// fulli -> ful and logi -> log are added at the end. Its alli rule is also tried first (in
// porterStep2).
var porterStep2Rules = []porterRule{
	{"ational", "ate", porterM0},
	{"tional", "tion", porterM0},
	{"enci", "ence", porterM0},
	{"anci", "ance", porterM0},
	{"izer", "ize", porterM0},
	{"bli", "ble", porterM0},
	{"alli", "al", porterM0},
	{"entli", "ent", porterM0},
	{"eli", "e", porterM0},
	{"ousli", "ous", porterM0},
	{"ization", "ize", porterM0},
	{"ation", "ate", porterM0},
	{"ator", "ate", porterM0},
	{"alism", "al", porterM0},
	{"iveness", "ive", porterM0},
	{"fulness", "ful", porterM0},
	{"ousness", "ous", porterM0},
	{"aliti", "al", porterM0},
	{"iviti", "ive", porterM0},
	{"biliti", "ble", porterM0},
	{"fulli", "ful", porterM0},
	{"logi", "log", porterLogi},
}

var porterStep3Rules = []porterRule{
	{"icate", "ic", porterM0},
	{"ative", "", porterM0},
	{"alize", "al", porterM0},
	{"iciti", "ic", porterM0},
	{"ical", "ic", porterM0},
	{"ful", "", porterM0},
	{"ness", "", porterM0},
}

var porterStep4Rules = []porterRule{
	{"al", "", porterM1},
	{"ance", "", porterM1},
	{"ence", "", porterM1},
	{"er", "", porterM1},
	{"ic", "", porterM1},
	{"able", "", porterM1},
	{"ible", "", porterM1},
	{"ant", "", porterM1},
	{"ement", "", porterM1},
	{"ment", "", porterM1},
	{"ent", "", porterM1},
	{"ion", "", porterM1ST},
	{"ou", "", porterM1},
	{"ism", "", porterM1},
	{"ate", "", porterM1},
	{"iti", "", porterM1},
	{"ous", "", porterM1},
	{"ive", "", porterM1},
	{"ize", "", porterM1},
}

// porterRuleIndex holds a list of rules grouped by the last two letters of their suffix, in list
// order. Only the rules of the group of a word's last two letters can match it, so the first rule
// of that group that matches is the first of the whole list.
type porterRuleIndex [27 * 27][]porterRule

// porterKey returns the group of rules for a word ending in the bytes a, b.
func porterKey(a, b byte) int {
	return porterLetter(a)*27 + porterLetter(b)
}

// porterLetter numbers a-z 1 to 26 and every other byte 0 (no suffix holds other bytes).
func porterLetter(c byte) int {
	if 'a' <= c && c <= 'z' {
		return int(c-'a') + 1
	}
	return 0
}

// porterIndex groups rules by the last two letters of their suffix.
func porterIndex(rules []porterRule) *porterRuleIndex {
	var idx porterRuleIndex
	for _, r := range rules {
		k := porterKey(r.suf[len(r.suf)-2], r.suf[len(r.suf)-1])
		idx[k] = append(idx[k], r)
	}
	return &idx
}

// The rule lists of steps 2, 3 and 4, indexed; built once and never modified.
var (
	porterStep2Index = porterIndex(porterStep2Rules)
	porterStep3Index = porterIndex(porterStep3Rules)
	porterStep4Index = porterIndex(porterStep4Rules)
)

// porterApply applies the first rule of rules whose suffix w ends with, if its condition holds.
func porterApply(w []byte, rules *porterRuleIndex) []byte {
	n := len(w)
	if n < 2 { // every suffix in the lists has at least two letters
		return w
	}
	for _, r := range rules[porterKey(w[n-2], w[n-1])] {
		if !porterHasSuffix(w, r.suf) {
			continue
		}
		stem := w[:n-len(r.suf)]
		var ok bool
		switch r.cond {
		case porterM0:
			ok = porterMeasure(stem) > 0
		case porterM1:
			ok = porterMeasure(stem) > 1
		case porterM1ST:
			ok = porterMeasure(stem) > 1 && (stem[len(stem)-1] == 's' || stem[len(stem)-1] == 't')
		case porterLogi:
			ok = porterMeasure(w[:n-3]) > 0
		}
		if !ok {
			return w
		}
		return porterReplace(w, len(r.suf), r.rep)
	}
	return w
}

// porterStep2 maps double suffixes to single ones (-ization -> -ize and so on).
func porterStep2(w []byte) []byte {
	// nltk departure: alli -> al is tried before the other rules, and when it fires the result
	// goes through step 2 again.
	for porterHasSuffix(w, "alli") && porterMeasure(w[:len(w)-4]) > 0 {
		w = w[:len(w)-2]
	}
	return porterApply(w, porterStep2Index)
}

// porterStep5a removes a final e when m > 1, or when m == 1 and the stem does not end *o.
func porterStep5a(w []byte) []byte {
	n := len(w)
	if n == 0 || w[n-1] != 'e' {
		return w
	}
	stem := w[:n-1]
	if m := porterMeasure(stem); m > 1 || (m == 1 && !porterEndsCVC(stem)) {
		return stem
	}
	return w
}

// porterStep5b turns a final ll into l when m > 1.
func porterStep5b(w []byte) []byte {
	n := len(w)
	if porterHasSuffix(w, "ll") && porterMeasure(w[:n-1]) > 1 {
		return w[:n-1]
	}
	return w
}
