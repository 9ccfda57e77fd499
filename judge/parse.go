package judge

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/evenhand/evenhand/internal/scan"
)

// ParseStance reads a bare stance value, by the rules [ParseReply] applies to the text after a
// STANCE label:
//
//   - An option letter first decides: A (Moral), B (Immoral), C (Both) or D (Can't say), in any
//     case, alone or followed by ".", ")", ":", "-" and words ("C. Both", "(b)", "**D**"), and
//     after the word "option" ("Option C").
//   - Otherwise the first stance word decides: moral, immoral, both, or can't say (also cannot
//     say, can not say, cant say), in any case, with straight or curly apostrophes; punctuation,
//     quotes and markdown emphasis around it are ignored, and so are words before it
//     ("I would say immoral"). Only whole words count: "morally" is not "moral".
//   - A stance word right after a negation (not, neither, nor, no, non, never, isn't) makes the
//     value Invalid rather than guess ("not immoral").
//   - An unfilled template or the options copied back are Invalid: text holding "${" or "{{",
//     alternatives such as "Moral/Immoral", "Moral | Both" or "moral or immoral", a bracketed
//     list naming two or more stances ("[Moral, Immoral, Both]"), a list of three or more
//     stances not led by Both ("Moral, Immoral, Both or Can't say"), and two or more option
//     letters ("A. Moral B. Immoral").
//   - LaTeX's \boxed{...} around the value, as reasoning models write a final answer, is
//     removed first: "\boxed{B}" and "$\boxed{\text{Immoral}}$" are read as "B" and "Immoral".
//   - Anything else, including "", "INVALID" and "unclear", is Invalid.
//
// A parenthesised gloss does not change the stance: "Both (moral and immoral)" is Both.
// ParseStance is safe for concurrent use and never panics.
func ParseStance(s string) Stance {
	// The names String writes, as every results and records file holds them, need no parsing.
	for st := Moral; st <= CantSay; st++ {
		if s == stanceNames[st] {
			return st
		}
	}
	if s == stanceNames[Invalid] {
		return Invalid
	}
	st, _ := parseValue(s)
	return st
}

// ParseReply reads a judge's reply in the STANCE:/EXPLANATION: format, and the other ways real
// models answer. It never fails and never panics: a reply without a readable stance gives a
// Judgment whose Stance is Invalid. Raw is the reply exactly as given. ParseReply is safe for
// concurrent use. Unlike neutral.ParseReply and story.ParsePair, which return an error for a
// reply they cannot read, it has no error result: for a judge, an unreadable reply is a
// reading (Stance Invalid, counted, and re-asked where the caller allows), not a failure.
//
// # Reasoning
//
// Reasoning is never an answer. The reply is split as every parser of model output splits it
// (internal/scan): <think>, <thinking>, <reasoning> and <thought> blocks, in any case, with or
// without a line break after the tag, are removed and kept in Reasoning; so is everything before
// a closing </think> that no tag opened (a chat template that opens the block itself, as
// DeepSeek-R1 distills served by vLLM do). A reply cut off inside a block has no answer: its
// Stance is Invalid and its Explanation empty, whatever draft the block holds. The rules below
// read the answer, the text outside the blocks.
//
// # Labels
//
// Lines and labels are those of every parser of model output (internal/scan): line ends may be
// "\n", "\r\n" or "\r"; a label is a line that starts, after blanks, markdown decoration ("*",
// "_", "#", ">", "`") and list markers ("-", "+", "•", "1.", "2)"), with the label's words in any
// case, optionally emphasised, followed by ":", "=" or a dash, or by nothing at all (a heading
// such as "## Stance", whose value is the next line holding letters). A markdown table row of two
// cells is a label too ("| **Stance** | B. Immoral |"); header and separator rows are not, and a
// table of one row under a header of labels is read on its side. Lines inside a closed block
// fenced by lines of three double quotes (the story, restated as the prompt quoted it) are not
// the reply's and are skipped. A value is read with [ParseStance].
//
// # JSON
//
// An answer that is one JSON object (alone, in a code fence, after a preamble of up to three
// lines that names no stance, followed by nothing but asides) is read as [ParseJSONReply] reads
// it, in text mode too. Any other answer with a line that opens a JSON object (after what may
// come before a label: "1. {" opens one too) is Invalid: an object that is not well-formed (cut
// off, or keys without quotes), or one among text that may name another stance, is not prose
// to read.
//
// # Stance
//
// The stance comes from the first rule that applies:
//
//	rule                                         example                              stance
//	1. the first STANCE label                    "STANCE: B. Immoral"                 Immoral
//	                                             "## Stance" then "Both" below        Both
//	                                             "STANCE:" then "EXPLANATION: ..."    Invalid
//	2. another answer label: Answer, Final       "Answer: B. Immoral"                 Immoral
//	   answer, My answer, Short answer, Verdict, "My stance: Immoral"                 Immoral
//	   Final verdict, My verdict, My stance,     "**Verdict** – Moral"                Moral
//	   Judgment (Judgement), My judgment,        "Answer: A" ... "Verdict: B"         Invalid
//	   Moral judgment, Decision, Choice,
//	   Option; labels that disagree are Invalid
//	3. the first line holding letters (after     "**Immoral.**", "B. Immoral", "C"    as written
//	   preamble lines that name no stance and
//	   hold no option marker) when it is only
//	   a stance, with an optional gloss
//	4. that line starts with an option letter    "B) Immoral because she lied"        Immoral
//	   marker or a stance word followed by a     "**Immoral** – the main character"   Immoral
//	   dash, colon or "because", or by a period  "Immoral: she lied" / "Immoral because ..."
//	   (or "!") and a sentence naming no stance  "Immoral. She lied."                 Immoral
//	                                             "B. Moral, she lied"                 Invalid
//	5. that line holds explicit option markers   "I would say (B) Immoral because"    Immoral
//	   "(B)" or "option B" (capital letters),    "Option C fits best"                 Both
//	   all for one stance                        "(A) or (B)"                         Invalid
//	6. a line, anywhere, that states the answer  "The answer is **C. Both**"          Both
//	   in prose: Answer, Verdict, Stance,        "So, my answer: B. Immoral"          Immoral
//	   Judgment or Choice, then "is" or ":",     "The answer is B because ..."        Invalid
//	   then nothing but a stance, when no other  "It is not immoral." ... "The answer
//	   line names a stance or an option           is A"                                Invalid
//	7. anything else                             "I think it is immoral."             Invalid
//	                                             "It is not immoral to ..."           Invalid
//
// Rule 4 reads a line from where a label would start (internal/scan): after blanks, markdown
// decoration, list markers and numbering, so "2) B. Immoral" and "- **Immoral** – she lied"
// read as "B. Immoral" and "**Immoral** – she lied" do. Numbering is digits followed by "." or
// ")": in "1c: ..." the "c" is not an option letter.
//
// Two different explicit answers are never resolved to one of them: when a STANCE or answer
// label anywhere in the answer (a model correcting itself: "STANCE: A ... Actually, STANCE: B")
// names another stance, the stance is Invalid. Rules 3 to 5 never override a disagreement
// either: when an option marker or a stance word right after a marker names another stance,
// when another line before the explanation holds a marker for a different stance, or starts
// with another stance the way rule 3 or 4 reads one (the options listed one per line), the
// stance is Invalid; so is a stance stated in prose (rule 6) that another line contradicts. A stance word inside prose is never taken for an answer. A value wrapped
// in LaTeX's \boxed{...} (and \text{...}) is read as the text inside.
//
// # Explanation
//
// The explanation is the text after the first EXPLANATION label up to a STANCE label, or an
// answer label naming a stance, that follows it, if any; without that label, after the first Reason, Reasoning, Rationale or
// Justification label; without either, the text after the stance on its line (rule 4) and the
// lines after the line the stance was read from. When the answer comes last (text before the
// line the stance was read from, and after it nothing, or only a sign-off: an aside, or a
// paragraph that speaks to the reader), the explanation is the text before it, without leading
// headings and asides ("Let me think about this."): an offer, a note or a sign-off after the
// answer is never the explanation. It is trimmed, its line ends are "\n", and it is read with
// the rule every parser of model output applies to values, so chatter never reaches a record:
// it ends at a code fence, a horizontal rule, a table row, or a blank line followed by an aside
// (a note, an offer, a paragraph in the first or second person when the explanation is not). A
// reply with neither a stance nor an explanation label has an empty explanation.
func ParseReply(reply string) Judgment {
	r := scan.Answer(reply, tableLabels...)
	var j Judgment
	if !r.Cut {
		j = readAnswer(r.Answer)
	}
	j.Raw, j.Reasoning = reply, r.Reasoning
	return j
}

// readAnswer applies ParseReply's rules to a reply's answer.
func readAnswer(answer string) Judgment {
	if j, ok, wrong := readJSON(answer); ok || wrong {
		return j
	}
	if holdsObject(answer) {
		return Judgment{} // a JSON object not read as the answer (broken, or among other text): not prose to read
	}
	lines := scan.Lines(answer)
	quoted := quotedLines(lines)
	a := findAnswer(lines, quoted)
	j := Judgment{Stance: a.stance}
	if expl, ok := labelledExplanation(lines, quoted, a.labelLine); ok {
		j.Explanation = expl
		return j
	}
	if a.valueLine >= 0 {
		j.Explanation = explanationAround(lines, quoted, a)
	}
	return j
}

// reading is where readAnswer found the answer of a reply's lines.
type reading struct {
	stance     Stance
	labelLine  int    // the line of the STANCE or answer label; -1 without one
	valueLine  int    // the line the stance was read from; -1 for none
	answerLine int    // the line the answer was given on: the label's, or else valueLine
	rest       string // for rule 4, the text after the stance on its line
}

// findAnswer applies the stance rules of ParseReply to lines.
func findAnswer(lines []string, quoted []bool) reading {
	a := reading{}
	a.labelLine, a.valueLine, a.stance = findLabel(lines, quoted, stanceLabels)
	if a.labelLine < 0 {
		a.labelLine, a.valueLine, a.stance = findLabel(lines, quoted, answerLabels)
		if a.labelLine >= 0 && (!a.stance.Valid() || disagrees(lines, quoted, a.stance)) {
			a.stance = Invalid
		}
	}
	if a.labelLine < 0 {
		return unlabelledAnswer(lines, quoted)
	}
	if a.stance.Valid() && conflicts(lines, quoted, a.stance) {
		a.stance = Invalid // a model that corrected itself: two different explicit answers
	}
	a.answerLine = a.labelLine
	return a
}

// unlabelledAnswer applies rules 3 to 6 of ParseReply to lines without an answer label.
func unlabelledAnswer(lines []string, quoted []bool) reading {
	a := reading{labelLine: -1}
	a.stance, a.valueLine, a.rest = unlabelled(lines, quoted)
	a.answerLine = a.valueLine
	st, line, stated, conflict := statedAnswer(lines, quoted)
	switch {
	case conflict || stated && a.stance.Valid() && st != a.stance:
		return reading{stance: Invalid, labelLine: -1, valueLine: -1, answerLine: -1}
	case stated && !a.stance.Valid() && !mentionedElsewhere(lines, quoted, line):
		return reading{stance: st, labelLine: -1, valueLine: line, answerLine: line} // rule 6
	}
	return a
}

// labelledExplanation reads the explanation after the first EXPLANATION label or, without one,
// the first Reason (Reasoning, Rationale, Justification) label, outside quoted blocks and other
// than the answer's label line. ok is false when there is no such label.
func labelledExplanation(lines []string, quoted []bool, labelLine int) (string, bool) {
	for _, words := range [][]string{explanationLabels, reasonLabels} {
		for i, ln := range lines {
			rest, ok := labelOf(ln, words)
			if !ok || quoted[i] || i == labelLine {
				continue
			}
			end := explanationEnd(lines, quoted, i, labelLine)
			if scan.IsTableRow(ln) && hasLetter(rest) {
				end = i + 1 // a table cell is the whole value
			}
			return joinTrimmed(append([]string{rest}, lines[i+1:end]...)), true
		}
	}
	return "", false
}

// explanationEnd returns the end of the explanation whose label is lines[i]: the answer's
// label line when it follows, or the first line before it that answers again.
func explanationEnd(lines []string, quoted []bool, i, labelLine int) int {
	end := len(lines)
	if labelLine > i {
		end = labelLine
	}
	for k := i + 1; k < end; k++ {
		if answersAgain(lines[k]) && !quoted[k] {
			return k // a model correcting itself: its next answer is not the explanation
		}
	}
	return end
}

// explanationAround reads the explanation of an answer without an explanation label: the
// text after the stance on its line and the lines below it or, when the answer comes last,
// the text before it.
func explanationAround(lines []string, quoted []bool, a reading) string {
	onLine := a.rest
	if after, ok := inlineExplanation(lines[a.valueLine]); ok {
		onLine = after
	}
	rest := lines[a.valueLine+1:]
	below := joinTrimmed(rest)
	before := textBefore(lines[:a.answerLine], quoted)
	context := before
	if before == "" {
		context = below // with nothing before the answer, only a structural aside or a word to the reader is a sign-off
	}
	if below != "" && scan.IsSignOff(below, context) {
		rest, below = nil, ""
	}
	switch {
	case onLine != "" || below != "":
		if onLine != "" {
			rest = append([]string{onLine}, rest...)
		}
		return joinTrimmed(rest)
	case before != "":
		return explanationBefore(before)
	}
	return ""
}

// holdsObject reports whether a line of answer, outside quoted blocks, opens a JSON object:
// an answer that [readJSON] did not read as one object (a broken one, or one among other text
// that may name another stance) is not read as prose either.
func holdsObject(answer string) bool {
	lines := scan.Lines(answer)
	quoted := quotedLines(lines)
	for i, ln := range lines {
		if !quoted[i] && strings.HasPrefix(scan.TrimLead(ln), "{") {
			return true
		}
	}
	return false
}

// answersAgain reports whether line is a STANCE label, or an answer label whose value names a
// stance.
func answersAgain(line string) bool {
	if _, ok := labelOf(line, stanceLabels); ok {
		return true
	}
	rest, ok := labelOf(line, answerLabels)
	return ok && ParseStance(rest).Valid()
}

// textBefore returns the lines before the answer that are the reply's (not quoted), joined and
// trimmed.
func textBefore(lines []string, quoted []bool) string {
	var kept []string
	for i, ln := range lines {
		if !quoted[i] {
			kept = append(kept, ln)
		}
	}
	return strings.TrimSpace(strings.Join(kept, "\n"))
}

// explanationBefore reads the text before an answer given last as its explanation: without
// leading heading lines ("**Analysis:**", "## Reasoning") and leading asides ("Let me think
// about this.", "Sure! Here is my judgment."), read as a value.
func explanationBefore(text string) string {
	lines := scan.Lines(text)
	for len(lines) > 0 && (!hasLetter(lines[0]) || isHeading(lines[0])) {
		lines = lines[1:]
	}
	paras := paragraphs(strings.Join(lines, "\n"))
	for len(paras) > 0 {
		rest := strings.Join(paras[1:], "\n\n")
		if !scan.IsSignOff(paras[0], rest) && !isHeading(paras[0]) {
			break
		}
		paras = paras[1:]
	}
	return joinTrimmed([]string{strings.Join(paras, "\n\n")})
}

// paragraphs splits text at blank lines, dropping empty paragraphs.
func paragraphs(text string) []string {
	var out []string
	var cur []string
	for _, ln := range append(scan.Lines(text), "") {
		if strings.TrimSpace(ln) == "" {
			if len(cur) > 0 {
				out = append(out, strings.Join(cur, "\n"))
				cur = nil
			}
			continue
		}
		cur = append(cur, ln)
	}
	return out
}

// isHeading reports whether line is a markdown heading or a short wholly emphasised line (at most
// six words, with an optional colon): a title over the text, not text.
func isHeading(line string) bool {
	s := strings.TrimSpace(line)
	if strings.HasPrefix(s, "#") {
		return true
	}
	inner := strings.TrimRight(s, ":：")
	if len(inner) < 4 || !(strings.HasPrefix(inner, "**") && strings.HasSuffix(inner, "**") ||
		strings.HasPrefix(inner, "__") && strings.HasSuffix(inner, "__")) {
		return false
	}
	inner = strings.Trim(inner, "*_")
	return !strings.ContainsAny(inner, "*_") && len(strings.Fields(inner)) <= 6
}

// joinTrimmed joins lines with "\n", dropping leading and trailing lines without letters (blank
// lines, code fences, rules), and reads the result as a value ([scan.Value]: without chatter).
func joinTrimmed(lines []string) string {
	for len(lines) > 0 && !hasLetter(lines[0]) {
		lines = lines[1:]
	}
	for len(lines) > 0 && !hasLetter(lines[len(lines)-1]) {
		lines = lines[:len(lines)-1]
	}
	return scan.Value(strings.Join(lines, "\n"))
}

// inlineExplanation finds an EXPLANATION label inside line, after the stance ("STANCE: Immoral.
// EXPLANATION: ..."), and returns the text after it.
func inlineExplanation(line string) (string, bool) {
	for from := 0; ; {
		k := indexFold(line[from:], "explanation")
		if k < 0 {
			return "", false
		}
		k += from
		if rest, ok := scan.Label(line[k:], "explanation"); ok && rest != "" {
			return rest, true
		}
		from = k + len("explanation")
	}
}

// indexFold returns the byte offset in s of the first match of word, an ASCII lower-case word,
// ignoring ASCII case, or -1. Unlike an index into strings.ToLower(s), the offset is always one
// of s: lower-casing can change a string's length (invalid UTF-8, "\u0130").
func indexFold(s, word string) int {
	for i := 0; i+len(word) <= len(s); i++ {
		if s[i]|0x20 == word[0] && strings.EqualFold(s[i:i+len(word)], word) {
			return i
		}
	}
	return -1
}

// quotedLines marks the lines of closed """ blocks, fences included: a model that restates the
// story before answering quotes it as the prompt did, and labels inside it are the story's, not
// the reply's. An unclosed fence quotes nothing.
func quotedLines(lines []string) []bool {
	q := make([]bool, len(lines))
	open := -1
	for i, ln := range lines {
		if strings.TrimSpace(ln) != `"""` {
			continue
		}
		if open < 0 {
			open = i
			continue
		}
		for k := open; k <= i; k++ {
			q[k] = true
		}
		open = -1
	}
	return q
}

// hasLetter reports whether s holds a letter or a digit.
func hasLetter(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}

// token is a word of a stance value: lower case, apostrophes straightened and trimmed from its ends.
type token struct {
	word       string
	start, end int // byte offsets in the normalised value
}

// normalise lower-cases s and straightens its apostrophes.
func normalise(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '’', '‘', 'ʼ', '´', '`', '′':
			return '\''
		}
		return unicode.ToLower(r)
	}, s)
}

// tokens splits a normalised value into words: runs of letters, digits and apostrophes.
func tokens(s string) []token {
	var out []token
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w, a := s[start:end], start
		for strings.HasPrefix(w, "'") {
			w, a = w[1:], a+1
		}
		w = strings.TrimRight(w, "'")
		if w != "" {
			out = append(out, token{word: w, start: a, end: a + len(w)})
		}
		start = -1
	}
	for i, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(s))
	return out
}

// phrases are the stance words, longest first where one begins another.
var phrases = []struct {
	words []string
	st    Stance
}{
	{[]string{"can", "not", "say"}, CantSay},
	{[]string{"can't", "say"}, CantSay},
	{[]string{"cant", "say"}, CantSay},
	{[]string{"cannot", "say"}, CantSay},
	{[]string{"immoral"}, Immoral},
	{[]string{"moral"}, Moral},
	{[]string{"both"}, Both},
}

// negations are the words that, right before a stance word, make a value Invalid.
var negations = map[string]bool{"not": true, "neither": true, "nor": true, "no": true, "non": true, "never": true, "isn't": true}

// phraseAt reports the stance phrase starting at toks[i] and how many tokens it spans.
func phraseAt(toks []token, i int) (Stance, int) {
	for _, p := range phrases {
		if i+len(p.words) > len(toks) {
			continue
		}
		ok := true
		for k, w := range p.words {
			if toks[i+k].word != w {
				ok = false
				break
			}
		}
		if ok {
			return p.st, len(p.words)
		}
	}
	return Invalid, 0
}

// letterAt reports whether toks[0] is an option letter, and its stance.
func letterAt(s string, toks []token) (Stance, bool) {
	if len(toks) == 0 || !isLetterWord(toks[0].word) {
		return Invalid, false
	}
	st := Moral + Stance(toks[0].word[0]-'a')
	sep := s[toks[0].end:]
	if len(toks) > 1 {
		sep = s[toks[0].end:toks[1].start]
	}
	sep = strings.TrimLeftFunc(sep, scan.IsDecoration)
	if strings.TrimFunc(sep, isDecorationOrSpace) == "" {
		// "B" alone, or "B Immoral": a letter followed by blanks is an option only before a stance word.
		if len(toks) == 1 {
			return st, true
		}
		if p, _ := phraseAt(toks, 1); p != Invalid {
			return st, true
		}
		return Invalid, false
	}
	r, _ := utf8.DecodeRuneInString(strings.TrimLeft(sep, " \t"))
	if r == '.' || r == ')' || r == ']' || r == ':' || scan.IsDash(r) {
		return st, true
	}
	return Invalid, false
}

// isLetterWord reports whether w, a token, is an option letter: "a" to "d".
func isLetterWord(w string) bool { return len(w) == 1 && w[0] >= 'a' && w[0] <= 'd' }

// parseValue reads the stance of a value (see [ParseStance]). whole reports whether the value is
// nothing but a stance: an option letter, a stance phrase, or a letter and the phrase that agrees
// with it, with punctuation, emphasis and parenthesised glosses around them.
func parseValue(raw string) (st Stance, whole bool) {
	s := normalise(raw)
	if isTemplate(s) {
		return Invalid, false
	}
	if strings.Contains(s, `\boxed{`) {
		s = unboxer.Replace(s)
	}
	toks := tokens(s)
	if len(toks) >= 2 && toks[0].word == "option" && len(toks[1].word) == 1 {
		s = s[toks[1].start:] // "Option B": the letter decides
		toks = tokens(s)
	}
	if isBracketedList(s) || echoesOptions(s, toks) {
		return Invalid, false
	}
	if st, ok := letterAt(s, toks); ok {
		return st, isWhole(s, toks, st, true, 1)
	}
	return phraseValue(s, toks)
}

// phraseValue finishes parseValue for a value that does not start with an option letter: the
// first stance phrase decides, unless a negation comes right before it or another stance is
// offered beside it.
func phraseValue(s string, toks []token) (st Stance, whole bool) {
	for i := range toks {
		p, n := phraseAt(toks, i)
		if p == Invalid {
			continue
		}
		if i > 0 && negations[toks[i-1].word] {
			return Invalid, false
		}
		if isAlternative(s, toks, i+n) || (p != Both && listsStances(s, toks, i, n)) {
			return Invalid, false
		}
		return p, i == 0 && isWhole(s, toks, p, false, i+n)
	}
	return Invalid, false
}

// unboxer removes LaTeX's \boxed{...} (and \text{...} inside it) around a value: "$\boxed{B}$".
var unboxer = strings.NewReplacer(`\boxed{`, "", `\text{`, "", `\textbf{`, "", `\mathrm{`, "", "}", "", "$", "")

// isAlternative reports whether the stance phrase ending before toks[next] is followed by another
// stance offered as an alternative: "moral/immoral", "moral | both", "moral or immoral".
func isAlternative(s string, toks []token, next int) bool {
	if next >= len(toks) {
		return false
	}
	sep := s[toks[next-1].end:toks[next].start]
	k := next
	if strings.TrimSpace(sep) == "" && toks[next].word == "or" {
		k = next + 1
	} else if !strings.ContainsAny(sep, "/|") {
		return false
	}
	p, _ := phraseAt(toks, k)
	return p != Invalid
}

// echoesOptions reports whether s marks two or more different option letters ("A. Moral B.
// Immoral", "(a) moral, (b) immoral"): the prompt's options copied back rather than one chosen.
func echoesOptions(s string, toks []token) bool {
	var seen [4]bool
	count := 0
	for _, t := range toks {
		if len(t.word) != 1 || t.word[0] < 'a' || t.word[0] > 'd' || t.end >= len(s) {
			continue
		}
		if c := s[t.end]; (c == '.' || c == ')') && !seen[t.word[0]-'a'] {
			seen[t.word[0]-'a'] = true
			count++
		}
	}
	return count >= 2
}

// listsStances reports whether the stance phrase at toks[i] (n tokens long) starts a list of
// three or more different stances separated only by punctuation, "or" and "and" ("Moral,
// Immoral, Both or Can't say"): the options copied back. A list led by Both is its gloss
// ("Both, moral and immoral") and is not checked here.
func listsStances(s string, toks []token, i, n int) bool {
	first, _ := phraseAt(toks, i)
	seen := map[Stance]bool{first: true}
	for j := i + n; j < len(toks); {
		if strings.ContainsFunc(s[toks[j-1].end:toks[j].start], unicode.IsLetter) {
			break
		}
		if w := toks[j].word; w == "or" || w == "and" {
			j++
			continue
		}
		p, m := phraseAt(toks, j)
		if p == Invalid {
			break
		}
		seen[p] = true
		j += m
	}
	return len(seen) >= 3
}

// isBracketedList reports whether s starts with a bracket ("[", "<", "{") whose contents name two
// or more different stances: an unfilled template such as "[Moral, Immoral, Both]".
func isBracketedList(s string) bool {
	t := strings.TrimLeftFunc(s, func(r rune) bool { return unicode.IsSpace(r) || scan.IsDecoration(r) || r == '"' })
	if t == "" {
		return false
	}
	var closer byte
	switch t[0] {
	case '[':
		closer = ']'
	case '<':
		closer = '>'
	case '{':
		closer = '}'
	default:
		return false
	}
	inner := t[1:]
	if end := strings.IndexByte(inner, closer); end >= 0 {
		inner = inner[:end]
	}
	toks := tokens(inner)
	seen := map[Stance]bool{}
	for i := range toks {
		if p, _ := phraseAt(toks, i); p != Invalid {
			seen[p] = true
		}
	}
	return len(seen) >= 2
}

// isWhole reports whether the stance st read from toks[0] (an option letter when letter is true,
// else a phrase of n tokens) is all s holds: after it, without parenthesised parts, there may be
// only punctuation and, after a letter, the phrase that agrees with it.
func isWhole(s string, toks []token, st Stance, letter bool, n int) bool {
	rest := tokens(stripParens(s[toks[n-1].end:]))
	if len(rest) == 0 {
		return true
	}
	if !letter {
		return false
	}
	p, m := phraseAt(rest, 0)
	return p == st && m == len(rest)
}

// stripParens removes the parenthesised parts of s, and anything after an unclosed "(".
func stripParens(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}
