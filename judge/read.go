package judge

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/evenhand/evenhand/internal/scan"
)

// The labels ParseReply reads (see its rules).
var (
	stanceLabels = []string{"stance"}
	answerLabels = []string{
		"final answer", "my answer", "short answer", "answer", "final verdict", "my verdict", "verdict", "my stance",
		"moral judgment", "moral judgement", "my judgment", "my judgement", "judgment", "judgement",
		"decision", "choice", "option",
	}
	explanationLabels = []string{"explanation"}
	reasonLabels      = []string{"reasoning", "reason", "rationale", "justification"}
	// tableLabels are the labels a table's header may hold (see scan.Tables).
	tableLabels = append(append(append(append([]string(nil), stanceLabels...), answerLabels...), explanationLabels...), reasonLabels...)
)

// statedWords are the words after which a line may state its answer in prose: "The answer is
// B.", "So, my answer: **B. Immoral**".
var statedWords = []string{"answer", "verdict", "stance", "judgment", "judgement", "choice"}

// statedAnswer finds the lines (outside quoted blocks) that state an answer in prose: one of
// statedWords at the start of a word, then "is", ":" or both, then nothing but a stance
// ([parseValue] reads the rest of the line as a whole stance). It returns the stance and the
// last such line; conflict reports lines that state different stances.
func statedAnswer(lines []string, quoted []bool) (st Stance, line int, found, conflict bool) {
	line = -1
	for i, ln := range lines {
		if quoted[i] {
			continue
		}
		for _, v := range statedStances(ln) {
			if found && v != st {
				return Invalid, -1, true, true
			}
			st, line, found = v, i, true
		}
	}
	return st, line, found, false
}

// statedStances returns the stances line states in prose (see [statedAnswer]), for each of
// statedWords in turn and, for each, in the order they appear.
func statedStances(line string) []Stance {
	var out []Stance
	for _, w := range statedWords {
		for from := 0; ; {
			k := indexFold(line[from:], w)
			if k < 0 {
				break
			}
			k += from
			from = k + len(w)
			if v, ok := statedAfter(line, k, from); ok {
				out = append(out, v)
			}
		}
	}
	return out
}

// statedAfter reads the stance stated after the word line[k:end]: the word must stand alone,
// and be followed by "is", ":" or both and then by nothing but a stance.
func statedAfter(line string, k, end int) (Stance, bool) {
	if k > 0 && scan.IsWordByte(line[k-1]) || end < len(line) && scan.IsWordByte(line[end]) {
		return Invalid, false
	}
	rest, ok := afterCopula(line[end:])
	if !ok {
		return Invalid, false
	}
	if v, whole := parseValue(rest); whole && v.Valid() {
		return v, true
	}
	return Invalid, false
}

// mentionedElsewhere reports whether a line of lines other than skip (outside quoted blocks)
// names a stance or an option: prose that rule 6 must not be read against.
func mentionedElsewhere(lines []string, quoted []bool, skip int) bool {
	for i, ln := range lines {
		if i != skip && !quoted[i] && mentionsStance(ln) {
			return true
		}
	}
	return false
}

// afterCopula returns the text after " is", ":" or " is:" at the start of s (blanks and emphasis
// around them allowed).
func afterCopula(s string) (string, bool) {
	trim := func(s string) string {
		return strings.TrimLeftFunc(s, func(r rune) bool { return unicode.IsSpace(r) || scan.IsDecoration(r) })
	}
	t := trim(s)
	ok := false
	if len(t) >= 2 && strings.EqualFold(t[:2], "is") && (len(t) == 2 || !scan.IsWordByte(t[2])) {
		t, ok = trim(t[2:]), true
	}
	if strings.HasPrefix(t, ":") {
		t, ok = trim(t[1:]), true
	}
	return t, ok
}

// conflicts reports whether a STANCE or answer label anywhere in lines (outside quoted blocks),
// or an answer stated in prose (rule 6), names a stance other than st: a model that gave two
// different explicit answers.
func conflicts(lines []string, quoted []bool, st Stance) bool {
	for i, ln := range lines {
		if quoted[i] {
			continue
		}
		for _, words := range [][]string{stanceLabels, answerLabels} {
			rest, ok := labelOf(ln, words)
			if !ok {
				continue
			}
			if !hasLetter(rest) {
				rest = ""
				for k := i + 1; k < len(lines); k++ {
					if hasLetter(lines[k]) {
						if _, isExp := labelOf(lines[k], explanationLabels); !isExp && !quoted[k] {
							rest = lines[k]
						}
						break
					}
				}
			}
			if other := ParseStance(rest); other.Valid() && other != st {
				return true
			}
		}
	}
	// An answer stated again in prose: "My answer: C. ... On second look, my answer: B."
	other, _, found, conflict := statedAnswer(lines, quoted)
	return conflict || found && other != st
}

// listsOthers reports whether a line of lines, before an EXPLANATION label, starts with a stance
// other than st the way rules 3 and 4 read one ("B. Immoral - ...", "Moral: ..."): the options
// listed one per line, not an answer.
func listsOthers(lines []string, quoted []bool, st Stance) bool {
	for i, ln := range lines {
		if quoted[i] || !hasLetter(ln) {
			continue
		}
		if _, ok := labelOf(ln, explanationLabels); ok {
			return false
		}
		if other, whole := parseValue(ln); whole && other.Valid() && other != st {
			return true
		}
		if other, _, ok := leadingStance(ln); ok && other.Valid() && other != st {
			return true
		}
	}
	return false
}

// labelOf reports whether line is a label for one of words, and the value after it.
func labelOf(line string, words []string) (string, bool) {
	for _, w := range words {
		if rest, ok := scan.Label(line, w); ok {
			return rest, true
		}
	}
	return "", false
}

// findLabel finds the first line (outside quoted blocks) that is a label for one of words and
// reads its value: the text after the label or, when that holds no letters, the next line
// holding letters unless that is an EXPLANATION label. labelLine is -1 when there is no such
// label; valueLine is the line the value was read from (the label's line when it had none).
func findLabel(lines []string, quoted []bool, words []string) (labelLine, valueLine int, st Stance) {
	for i, ln := range lines {
		rest, ok := labelOf(ln, words)
		if !ok || quoted[i] {
			continue
		}
		valueLine = i
		if !hasLetter(rest) {
			valueLine = -1
			for k := i + 1; k < len(lines); k++ {
				if !hasLetter(lines[k]) {
					continue
				}
				if _, isExp := labelOf(lines[k], explanationLabels); !isExp {
					valueLine, rest = k, lines[k]
				}
				break
			}
		}
		if valueLine < 0 {
			return i, i, Invalid
		}
		return i, valueLine, ParseStance(rest)
	}
	return -1, -1, Invalid
}

// disagrees reports whether another answer label, or an explicit option marker on a line
// before the explanation, names a stance other than st.
func disagrees(lines []string, quoted []bool, st Stance) bool {
	for i, ln := range lines {
		if quoted[i] {
			continue
		}
		if _, ok := labelOf(ln, explanationLabels); ok {
			break
		}
		if rest, ok := labelOf(ln, answerLabels); ok && hasLetter(rest) {
			if other := ParseStance(rest); other.Valid() && other != st {
				return true
			}
		}
		for _, m := range markers(ln) {
			if m != st {
				return true
			}
		}
	}
	return false
}

// maxPreamble is how many lines without a stance ParseReply passes over before the answer line.
const maxPreamble = 3

// unlabelled applies rules 3 to 5 of ParseReply to a reply without an answer label. It returns
// the stance, the line it was read from (-1 for none) and, for rule 4, the text after the stance
// on that line.
func unlabelled(lines []string, quoted []bool) (st Stance, line int, rest string) {
	seen := 0
	for i, ln := range lines {
		if !hasLetter(ln) || quoted[i] {
			continue
		}
		if _, ok := labelOf(ln, explanationLabels); ok {
			return Invalid, -1, ""
		}
		if st, line, rest, decided := unlabelledAt(lines, quoted, i); decided {
			return st, line, rest
		}
		if seen++; seen >= maxPreamble {
			break
		}
	}
	return Invalid, -1, ""
}

// unlabelledAt applies rules 3 to 5 of ParseReply to lines[i], a line holding letters that is
// not an EXPLANATION label. decided reports whether a rule applies, or the line names a stance
// in prose (never guessed: Invalid); the other results are then unlabelled's.
func unlabelledAt(lines []string, quoted []bool, i int) (st Stance, line int, rest string, decided bool) {
	ln, below, belowQuoted := lines[i], lines[i+1:], quoted[i+1:]
	if st, whole := parseValue(ln); whole { // rule 3
		if st.Valid() && listsOthers(below, belowQuoted, st) {
			return Invalid, -1, "", true
		}
		return st, i, "", true
	}
	if st, after, ok := leadingStance(ln); ok { // rule 4
		if st == Invalid || contradicted(below, belowQuoted, st) {
			return Invalid, -1, "", true
		}
		return st, i, after, true
	}
	if ms := markers(ln); len(ms) > 0 { // rule 5
		if !allSame(ms) || contradicted(below, belowQuoted, ms[0]) {
			return Invalid, -1, "", true
		}
		return ms[0], i, strings.TrimSpace(ln), true
	}
	if mentionsStance(ln) {
		return Invalid, -1, "", true // a stance word in prose: never guessed
	}
	return Invalid, -1, "", false
}

// contradicted reports whether lines, the lines after a stance read by rule 4 or 5, disagree
// with it ([disagrees]) or list other stances ([listsOthers]).
func contradicted(lines []string, quoted []bool, st Stance) bool {
	return disagrees(lines, quoted, st) || listsOthers(lines, quoted, st)
}

// allSame reports whether every stance of sts is the first.
func allSame(sts []Stance) bool {
	for _, st := range sts {
		if st != sts[0] {
			return false
		}
	}
	return true
}

// mentionsStance reports whether line holds a stance word or an option-letter marker, or starts
// with an option letter (after what may come before a label, [scan.TrimLead]).
func mentionsStance(line string) bool {
	s := normalise(line)
	toks := tokens(s)
	for i := range toks {
		if p, _ := phraseAt(toks, i); p != Invalid {
			return true
		}
	}
	if lead := normalise(scan.TrimLead(line)); lead != s { // "1. B": the letter after numbering
		s, toks = lead, tokens(lead)
	}
	if _, ok := letterAt(s, toks); ok {
		return true
	}
	return len(markers(line)) > 0
}

// leadingStance applies rule 4 of ParseReply to line: it starts, after what may come before a
// label ([scan.TrimLead]: blanks, decoration, list markers, numbering), with an option letter marker ("B)", "B.", "(B)") or with a stance word followed by a
// dash, a colon or "because". ok reports whether the rule applies; st is Invalid when the line
// contradicts itself ("B. Moral") or copies the options back. after is the text after the
// stance (and its separator).
func leadingStance(line string) (st Stance, after string, ok bool) {
	raw := scan.TrimLead(line)
	s, at := normaliseMap(raw)
	if isTemplate(s) {
		return Invalid, "", false
	}
	toks := tokens(s)
	if len(toks) == 0 {
		return Invalid, "", false
	}
	if isBracketedList(s) || echoesOptions(s, toks) {
		return Invalid, "", true
	}
	if st, ok := parenthesisedLetter(raw, s, toks); ok { // "(B) ..." at the start
		return agreeing(raw, at, toks, 1, st)
	}
	if st, isLetter := letterAt(s, toks); isLetter {
		return agreeing(raw, at, toks, 1, st)
	}
	return leadingPhrase(raw, s, at, toks)
}

// isTemplate reports whether s, a normalised value, holds an unfilled template: "${" or "{{".
func isTemplate(s string) bool {
	return strings.Contains(s, "${") || strings.Contains(s, "{{")
}

// parenthesisedLetter reports whether s, the normalised raw, starts with an option letter in
// parentheses, written in capitals in raw ("(B)"), and its stance.
func parenthesisedLetter(raw, s string, toks []token) (Stance, bool) {
	t := toks[0]
	if !strings.HasPrefix(s, "(") || len(t.word) != 1 || t.start != 1 || t.end >= len(s) || s[t.end] != ')' {
		return Invalid, false
	}
	if l := t.word[0]; l >= 'a' && l <= 'd' && raw[1] >= 'A' && raw[1] <= 'D' {
		return Moral + Stance(l-'a'), true
	}
	return Invalid, false
}

// leadingPhrase finishes leadingStance for a line that does not start with an option letter:
// it starts with a stance phrase followed by a dash, a colon, "because", or a period and a
// sentence naming no stance.
func leadingPhrase(raw, s string, at []int, toks []token) (Stance, string, bool) {
	p, n := phraseAt(toks, 0)
	if p == Invalid || isAlternative(s, toks, n) {
		return Invalid, "", false
	}
	sep := s[toks[n-1].end:]
	if n < len(toks) {
		sep = s[toks[n-1].end:toks[n].start]
	}
	trimmed := strings.TrimLeftFunc(sep, isDecorationOrSpace)
	r, size := utf8.DecodeRuneInString(trimmed)
	next := toks[n-1].end + len(sep) - len(trimmed) + size // offset in s just after the separator
	switch {
	case isStanceSeparator(r, s, next):
		return p, strings.TrimSpace(raw[at[next]:]), true
	case n < len(toks) && toks[n].word == "because" && strings.Trim(sep, " \t*_`~,") == "":
		return p, strings.TrimSpace(raw[at[toks[n].start]:]), true
	case (r == '.' || r == '!') && n < len(toks) && periodThenSpace(s[next:]) && !namesStance(toks[n:]):
		// "Immoral. The main character lied.", "**Immoral.** She lied.": a sentence of its own,
		// then one that names no stance.
		return p, strings.TrimSpace(strings.TrimLeftFunc(raw[at[next]:], isDecorationOrSpace)), true
	}
	return Invalid, "", false
}

// isStanceSeparator reports whether r, the first character after a stance phrase (and blanks
// and emphasis), separates the stance from what follows: a colon, or a dash (a hyphen only
// when a blank or the end of s follows it at next).
func isStanceSeparator(r rune, s string, next int) bool {
	if r == ':' || r == '：' {
		return true
	}
	return scan.IsDash(r) && (r != '-' || next == len(s) || s[next] == ' ' || s[next] == '\t')
}

// isDecorationOrSpace reports whether r is markdown emphasis or a blank.
func isDecorationOrSpace(r rune) bool { return scan.IsDecoration(r) || unicode.IsSpace(r) }

// periodThenSpace reports whether s, the text after a period, starts with a blank, after
// optional emphasis.
func periodThenSpace(s string) bool {
	s = strings.TrimLeftFunc(s, scan.IsDecoration)
	return s != "" && (s[0] == ' ' || s[0] == '\t')
}

// namesStance reports whether toks hold a stance phrase.
func namesStance(toks []token) bool {
	for i := range toks {
		if p, _ := phraseAt(toks, i); p != Invalid {
			return true
		}
	}
	return false
}

// agreeing finishes leadingStance for an option letter st read from toks[:n]: a stance word
// right after it must agree; after is the text that follows.
func agreeing(raw string, at []int, toks []token, n int, st Stance) (Stance, string, bool) {
	end := toks[n-1].end
	if n < len(toks) {
		if p, m := phraseAt(toks, n); p != Invalid {
			if p != st {
				return Invalid, "", true
			}
			end = toks[n+m-1].end
		}
	}
	after := strings.TrimLeftFunc(raw[at[end]:], func(r rune) bool {
		return unicode.IsSpace(r) || scan.IsDecoration(r) || r == '.' || r == ')' || r == ':' || r == ',' || scan.IsDash(r)
	})
	return st, strings.TrimSpace(after), true
}

// markers returns the stances of the explicit option markers in line, in order: "(A)" to "(D)"
// and "option A" to "option D" (the letter in capitals, the word in any case). A stance word
// right after a marker that names another stance adds that stance too, so the two disagree.
func markers(line string) []Stance {
	var out []Stance
	for i := 0; i < len(line); i++ {
		letter, next, ok := markerAt(line, i)
		if !ok {
			continue
		}
		st := Moral + Stance(letter-'A')
		out = append(out, st)
		if p := phraseAfterMarker(line[next:]); p != Invalid && p != st {
			out = append(out, p)
		}
	}
	return out
}

// markerAt reports whether an explicit option marker starts at line[i] ("(B)", "option B"),
// its letter and the offset after it.
func markerAt(line string, i int) (letter byte, next int, ok bool) {
	switch {
	case line[i] == '(' && i+2 < len(line) && isOptionLetter(line[i+1]) && line[i+2] == ')':
		return line[i+1], i + 3, true
	case optionWordAt(line, i):
		return line[i+7], i + 8, true
	}
	return 0, 0, false
}

// optionWordAt reports whether the word "option" (any case) starts at line[i], followed by a
// blank and an option letter in capitals that ends the word ("option B").
func optionWordAt(line string, i int) bool {
	return (line[i] == 'o' || line[i] == 'O') && i+7 < len(line) && strings.EqualFold(line[i:i+6], "option") &&
		(i == 0 || !scan.IsWordByte(line[i-1])) && line[i+6] == ' ' && isOptionLetter(line[i+7]) &&
		(i+8 == len(line) || !scan.IsWordByte(line[i+8]))
}

// isOptionLetter reports whether c is an option letter in capitals: "A" to "D".
func isOptionLetter(c byte) bool { return c >= 'A' && c <= 'D' }

// phraseAfterMarker returns the stance phrase that rest, the text after an option marker,
// starts with (after blanks, emphasis and punctuation), or Invalid.
func phraseAfterMarker(rest string) Stance {
	n := normalise(rest)
	toks := tokens(n)
	if len(toks) == 0 {
		return Invalid
	}
	if p, _ := phraseAt(toks, 0); p != Invalid && strings.TrimLeft(n[:toks[0].start], " \t*_`~.:-–—") == "" {
		return p
	}
	return Invalid
}

// normaliseMap is [normalise] that also returns, for every byte offset of the result (and its
// end), the byte offset in s where that character starts (or s's end).
func normaliseMap(s string) (string, []int) {
	var b strings.Builder
	at := make([]int, 0, len(s)+1)
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				b.WriteByte(s[i]) // keep an invalid byte as it is, one for one
				at = append(at, i)
				continue
			}
		}
		n := normalise(string(r))
		for range len(n) {
			at = append(at, i)
		}
		b.WriteString(n)
	}
	at = append(at, len(s))
	return b.String(), at
}
