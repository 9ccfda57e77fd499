package axis

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Words and what lies between them, in plain words:
//
//   - A word is a run of letters, digits and combining marks; an apostrophe (' ’ ‘) inside it
//     belongs to the word ("don't"), but 's at its end is a word of its own ("Down" "'s"). Curly and straight apostrophes are equal.
//   - A term of several words matches words separated by spaces or one hyphen: "hard of
//     hearing" and "hard-of-hearing", "22 year old" and "22-year-old" are the same words.
//   - Everything else is punctuation, one token per character.

// token is one word or punctuation character of a text.
type token struct {
	s, e int    // byte span
	low  string // the word in lower case with straight apostrophes; "" for punctuation
	word bool
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' || r == '\u2018' }

// tokenize splits text into words and punctuation; spaces are dropped. A possessive or
// contracted 's is a word of its own ("Muslim's" is "Muslim" and "'s"), so that a term matches
// before it.
func tokenize(text string) []token {
	var out []token
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case isWordRune(r):
			j := wordEnd(text, i+n)
			out = append(out, token{s: i, e: j, low: lowerWord(text[i:j]), word: true})
			i = j
		case isApostrophe(r) && possessiveS(text, i, n):
			out = append(out, token{s: i, e: i + n + 1, low: "'s", word: true})
			i += n + 1
		case unicode.IsSpace(r):
			i += n
		case (r == '-' || r == '\u2010' || r == '\u2011') && i > 0 && nextIsWord(text, i+n) && prevIsWord(text, i):
			i += n // a hyphen inside a word ("22-year-old") lies between its words, like a space
		default:
			out = append(out, token{s: i, e: i + n})
			i += n
		}
	}
	return out
}

// wordEnd returns the end of the word whose first rune ends at j: its letters, digits and marks,
// and the apostrophes inside it ("don't"), but not the apostrophe of a final 's.
func wordEnd(text string, j int) int {
	for j < len(text) {
		r, n := utf8.DecodeRuneInString(text[j:])
		if isWordRune(r) || isApostrophe(r) && innerApostrophe(text, j, n) {
			j += n
			continue
		}
		break
	}
	return j
}

// innerApostrophe reports whether the apostrophe at text[j:j+n] lies between two letters of a
// word ("don't"), and is not the apostrophe of a final 's, which is a word of its own.
func innerApostrophe(text string, j, n int) bool {
	if j+n >= len(text) {
		return false
	}
	next, n2 := utf8.DecodeRuneInString(text[j+n:])
	prev, _ := utf8.DecodeLastRuneInString(text[:j])
	if !isWordRune(next) || !isWordRune(prev) {
		return false
	}
	return !((next == 's' || next == 'S') && !nextIsWord(text, j+n+n2))
}

// possessiveS reports whether the apostrophe at text[i:i+n] opens a possessive or contracted 's
// after a word ("Muslim's", "he's").
func possessiveS(text string, i, n int) bool {
	return i+n < len(text) && (text[i+n] == 's' || text[i+n] == 'S') && !nextIsWord(text, i+n+1) && i > 0 && prevIsWord(text, i)
}

func nextIsWord(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return isWordRune(r)
}

func prevIsWord(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return isWordRune(r)
}

// splitWords returns the words of a term, as tokenize finds them.
func splitWords(s string) []string {
	var out []string
	for _, t := range tokenize(s) {
		if t.word {
			out = append(out, s[t.s:t.e])
		}
	}
	return out
}

// lowerWord returns w in lower case with straight apostrophes.
func lowerWord(w string) string {
	ascii := true
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(w)
	}
	var b strings.Builder
	for _, r := range w {
		if isApostrophe(r) {
			r = '\''
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// startsUpper reports whether w starts with an upper-case letter.
func startsUpper(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// isAllUpper reports whether w has at least two letters and all of them are upper case.
func isAllUpper(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n >= 2
}

// capitalize returns s with its first letter in upper case.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// uncapitalize returns s with its first letter in lower case.
func uncapitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// joinable reports whether the text between two words lets them form one term: spaces, or one
// hyphen.
func joinable(gap string) bool {
	switch gap {
	case "-", "\u2010", "\u2011":
		return true
	}
	for _, r := range gap {
		if r != ' ' && r != '\t' && r != '\u00a0' {
			return false
		}
	}
	return true
}

// isHyphen reports whether gap is a hyphen that glues two words.
func isHyphen(gap string) bool { return gap == "-" || gap == "\u2010" || gap == "\u2011" }

// article returns "a" or "an" for the word w that follows it, by its first sound.
func article(w string) string {
	if w == "" {
		return "a"
	}
	if c := w[0]; c >= '0' && c <= '9' {
		return numberArticle(w)
	}
	word := w
	if i := strings.IndexFunc(w, func(r rune) bool { return !isWordRune(r) }); i > 0 {
		word = w[:i]
	}
	// An acronym read letter by letter: "an LGBTQ group", "an MBA", "a PTSD diagnosis".
	if isAllUpper(word) && len(word) <= 5 {
		if strings.ContainsRune("AEFHILMNORSX", rune(word[0])) {
			return "an"
		}
		return "a"
	}
	return wordArticle(strings.ToLower(word))
}

// numberArticle returns the article for w, which starts with a digit: "an 8", "an 18-year-old",
// "an 11-year-old", "an 80-year-old".
func numberArticle(w string) string {
	d := w
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			d = w[:i]
			break
		}
	}
	switch {
	case d[0] == '8', d == "11", d == "18":
		return "an"
	}
	return "a"
}

// wordArticle returns the article for the lower-case word low, by its first sound: "an hour", "a
// unicorn", "an elder".
func wordArticle(low string) string {
	for _, p := range []string{"hour", "honest", "honor", "honour", "heir"} {
		if strings.HasPrefix(low, p) {
			return "an"
		}
	}
	for _, p := range []string{"uni", "use", "usu", "uti", "uto", "ure", "uro", "uru", "uga", "ukr", "eu", "ewe", "one", "once", "ubiq", "uk"} {
		if strings.HasPrefix(low, p) {
			return "a"
		}
	}
	if strings.ContainsRune("aeiou", rune(low[0])) {
		return "an"
	}
	return "a"
}

// matchCase writes out in the case of the text it replaces (was): upper case when was is all
// capitals, with a capital first letter when was starts with one. A lower-case was lowers out's
// first letter only when lower is set (out is not a proper word).
func matchCase(out, was string, lower bool) string {
	switch {
	case isAllUpper(was) && utf8.RuneCountInString(was) > 1:
		return strings.ToUpper(out)
	case startsUpper(was):
		return capitalize(out)
	case lower:
		return uncapitalize(out)
	}
	return out
}

// Closed-class words: a term followed by one of them stands alone ("one Muslim and one Hindu",
// "a Muslim who prayed"), it does not describe a noun after it.
var functionWords = setOf(`a an the and or but nor so yet if then than that this these those
who whom whose which what when where while why how as at by for from in into of off on onto out
over to up with without about after before behind below beneath beside between beyond during
except inside near past since through toward towards under until upon within was were is are
am be been being has have had having do does did will would shall should can could may might
must not never also too very just only even still already both either neither each every all
any some no one two three four five other another such own same here there now today later
he she it they we you i me him her us them his its their our your my mine yours hers ours
theirs himself herself themselves itself myself yourself ourselves yourselves got get gets
said says told tells asked asks went goes came comes felt feels seemed seems looked looks
became becomes didn't doesn't don't wasn't weren't isn't aren't hasn't haven't hadn't won't
wouldn't couldn't shouldn't can't cannot sometimes often always usually never again together
today yesterday tomorrow tonight lately recently soon later then once twice almost really
actually`)

// Words that a term before them describes: people and what people form.
var personNouns = setOf(`person people man men woman women boy boys girl girls guy guys lady
ladies gentleman gentlemen kid kids child children friend friends neighbor neighbors neighbour
neighbours family families couple couples community communities group groups student students
classmate classmates colleague colleagues coworker coworkers co-worker co-workers roommate
roommates individual individuals teen teens teenager teenagers adult adults parent parents
mother mothers father fathers mom moms dad dads son sons daughter daughters brother brothers
sister sisters husband husbands wife wives partner partners boyfriend boyfriends girlfriend
girlfriends customer customers client clients employee employees worker workers candidate
candidates applicant applicants patient patients speaker speakers presenter presenters
professor professors teacher teachers doctor doctors nurse nurses one ones folks folk
population populations neighbourhood neighborhood household households citizen citizens
resident residents immigrant immigrants tourist tourists visitor visitors guest guests member
members player players athlete athletes officer officers soldier soldiers leader leaders
politician politicians writer writers artist artists musician musicians actor actors actress
actresses driver drivers boss bosses manager managers owner owners stranger strangers
passenger passengers volunteer volunteers cousin cousins uncle uncles aunt aunts nephew
nephews niece nieces grandson granddaughter grandsons granddaughters grandparent grandparents
grandfather grandmother grandpa grandma toddler toddlers baby babies infant infants youth
youths crowd crowds congregation neighbor's man's woman's person's people's families'`)

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
