package scan

import (
	"slices"
	"strings"
	"unicode"
)

// Value returns the value of a label as a record may keep it: the text a parser took from a
// reply (after its label, up to the next label), without the chatter that models put around
// their answers. The rule is structural, not a list of phrases:
//
//   - Leading blank lines and code fences are skipped, and so is a first line that ends with
//     ":" when a blank line or a fence and then more text follow it ("Here is the story:").
//   - A note is never a value: a leading paragraph that is wholly emphasised or wholly in
//     parentheses or brackets, and that opens with a one-word label and a colon or speaks in
//     the first or second person ("*Note: reasonable people may disagree.*", "(I kept it
//     short.)"), is left out, even when nothing follows it.
//   - The value ends at a code fence line ("```", "~~~", with or without a language), at a
//     horizontal rule (a line of three or more "-", "*" or "_", spaces allowed) and at a
//     markdown table row (a line that starts with "|" and holds another "|").
//   - The value ends at a blank line followed by an aside: a paragraph that is wholly
//     emphasised ("*Note: ...*") or wholly in parentheses or brackets, that opens with a
//     one-word label and a colon ("Note:", "Disclaimer:"), that ends with a colon (it
//     introduces something else), that is a closing formula (at most three words ending with
//     "!" or ",": "Cheers!", "Warm regards!"), or that speaks in the first or second person (I, me, my,
//     you, your, ... outside quotation marks, or a sentence that leaves that subject unsaid:
//     "Hope this helps.", "Happy to discuss further.", "Feel free to ask.") while the value
//     before it does not ("Let me know if you need anything else.", "I hope this helps!").
//
// A value written as a block quote (every line that holds text starts with ">") loses its quote
// markers. The result is trimmed and its lines end with "\n". Value never panics.
func Value(text string) string {
	v, _ := split(text)
	return v
}

// Chatter returns the text that [Value] leaves out of text, trimmed: "" when text is a clean
// value. A record or training row whose text has chatter still holds what a model said around
// its answer.
func Chatter(text string) string {
	_, c := split(text)
	return c
}

// split returns Value(text) and what it left out.
func split(text string) (value, chatter string) {
	// A value written as a block quote is read as its content: the quote markers go first, so
	// that Value of the result reads it as it was read here.
	lines := unquote(Lines(text))
	start, dropped := skipLead(lines)
	end := valueEnd(lines, start)
	dropped = append(dropped, lines[end:]...)
	body := lines[start:end]
	if inner := unquote(body); !slices.Equal(inner, body) {
		// A quoted value after an introduction ("Here it is:" then "> ..."): its content is
		// read again as a value of its own. Each round removes quote markers, so it ends.
		v, c := split(strings.Join(inner, "\n"))
		return v, strings.TrimSpace(strings.Join(append(dropped, c), "\n"))
	}
	return strings.TrimSpace(strings.Join(body, "\n")), strings.TrimSpace(strings.Join(dropped, "\n"))
}

// skipLead returns the index of the first line of the value in lines, past the leading blank
// lines and fences, the lines that introduce it ("Here is the story:") and the leading notes
// (see [Value]), and the lines it left out on the way (fences, introductions and notes).
func skipLead(lines []string) (int, []string) {
	var dropped []string
	i := 0
	for i < len(lines) && isBlankOrFence(lines[i]) {
		if IsFence(lines[i]) {
			dropped = append(dropped, lines[i])
		}
		i++
	}
	for introduces(lines, i) {
		dropped = append(dropped, lines[i])
		i = skipBlank(lines, i+1)
	}
	for i < len(lines) && strings.TrimSpace(lines[i]) != "" && isNote(paragraph(lines[i:])) {
		for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
			dropped = append(dropped, lines[i])
			i++
		}
		i = skipBlank(lines, i)
	}
	return i, dropped
}

// isBlankOrFence reports whether line is blank or a code fence.
func isBlankOrFence(line string) bool { return strings.TrimSpace(line) == "" || IsFence(line) }

// skipBlank returns the index of the first line of lines from i on that is neither blank nor a
// fence, or len(lines).
func skipBlank(lines []string, i int) int {
	for i < len(lines) && isBlankOrFence(lines[i]) {
		i++
	}
	return i
}

// introduces reports whether lines[i] introduces the value: it ends with ":", and a blank line
// or a fence and then more text follow it.
func introduces(lines []string, i int) bool {
	return i+1 < len(lines) && strings.HasSuffix(strings.TrimSpace(lines[i]), ":") &&
		isBlankOrFence(lines[i+1]) && hasTextAfter(lines[i+2:])
}

// valueEnd returns the index of the line after the value that starts at lines[start]: a fence,
// a rule, a table row, or the blank line before an aside (see [Value]); len(lines) when the
// value runs to the end.
func valueEnd(lines []string, start int) int {
	// The voice of the value so far, kept as lines are passed, so that the cost stays linear.
	var before voicer
	fed := start
	for k := start; k < len(lines); k++ {
		ln := lines[k]
		if endsValue(ln) {
			return k
		}
		if strings.TrimSpace(ln) != "" || k == start {
			continue
		}
		// A blank line: is the paragraph after it an aside?
		n := nextText(lines, k+1)
		if n == len(lines) {
			break
		}
		for ; fed < k; fed++ {
			if fed > start {
				before.feed("\n")
			}
			before.feed(lines[fed])
		}
		if isAsideVoice(paragraph(beforeEnd(lines[n:])), before.result()) {
			return k
		}
		k = n - 1 // past the blank lines
	}
	return len(lines)
}

// beforeEnd returns lines up to the first that ends a value (see endsValue): what a value can
// still hold, so an aside is judged on the text that would stay, as Value of the result would
// judge it again.
func beforeEnd(lines []string) []string {
	for i, ln := range lines {
		if endsValue(ln) {
			return lines[:i]
		}
	}
	return lines
}

// endsValue reports whether line ends a value: a code fence, a horizontal rule or a table row.
func endsValue(line string) bool { return IsFence(line) || IsRule(line) || IsTableRow(line) }

// nextText returns the index of the first line of lines from i on that is not blank, or
// len(lines).
func nextText(lines []string, i int) int {
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	return i
}

// unquote removes the markdown quote markers (">", nested or not) from lines when every line
// that holds text is quoted: a value written as a block quote.
func unquote(lines []string) []string {
	quoted := false
	for _, ln := range lines {
		s := strings.TrimSpace(ln)
		if s == "" {
			continue
		}
		if !strings.HasPrefix(s, ">") {
			return lines
		}
		quoted = true
	}
	if !quoted {
		return lines
	}
	out := make([]string, len(lines))
	for i, ln := range lines {
		out[i] = strings.TrimSpace(strings.TrimLeftFunc(ln, func(r rune) bool { return r == '>' || unicode.IsSpace(r) }))
	}
	return out
}

// hasTextAfter reports whether lines hold a line with a letter or digit before any fence or rule.
func hasTextAfter(lines []string) bool {
	for _, ln := range lines {
		if IsRule(ln) {
			return false
		}
		if strings.IndexFunc(ln, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			return true
		}
	}
	return false
}

// paragraph returns the lines up to the first blank line, joined.
func paragraph(lines []string) string {
	for i, ln := range lines {
		if strings.TrimSpace(ln) == "" {
			return strings.Join(lines[:i], "\n")
		}
	}
	return strings.Join(lines, "\n")
}

// IsFence reports whether line is a markdown code fence: three or more backticks or tildes,
// optionally indented and followed by a language name.
func IsFence(line string) bool {
	s := strings.TrimSpace(line)
	for _, mark := range []string{"```", "~~~"} {
		if strings.HasPrefix(s, mark) {
			rest := strings.TrimLeft(s, mark[:1])
			return !strings.ContainsAny(rest, "`~ \t") || strings.TrimSpace(rest) == ""
		}
	}
	return false
}

// IsRule reports whether line is a markdown horizontal rule: three or more of one of "-", "*"
// or "_", with optional spaces between them and around them.
func IsRule(line string) bool {
	s := strings.TrimSpace(line)
	if len(s) < 3 || (s[0] != '-' && s[0] != '*' && s[0] != '_') {
		return false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case s[0]:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// IsAside reports whether para, a paragraph beside a value (before it or after it), is not part
// of it but an aside, by the rule of [Value]: wholly emphasised or in parentheses or brackets,
// ending with a colon, opening with a one-word label and a colon ("Note:"), or speaking in the
// first or second person when value does not. With value "", any paragraph in the first or
// second person is an aside ("Let me know if ...", "I hope this helps!").
func IsAside(para, value string) bool { return isAside(para, value) }

// valediction reports whether p is a closing formula: at most three words, ending with "!" or
// "," ("Cheers!", "Warm regards!", "Best regards,").
func valediction(p string) bool {
	t := strings.TrimRight(strings.TrimSpace(p), "*_")
	return (strings.HasSuffix(t, "!") || strings.HasSuffix(t, ",")) && len(strings.Fields(t)) <= 3
}

// IsSignOff reports whether para, a paragraph after a value, is a sign-off rather than more of
// it: an aside ([IsAside] against value), or a paragraph that speaks to the reader (in the
// second person, outside quotation marks: "Let me know if you need more detail.").
func IsSignOff(para, value string) bool {
	return isAside(para, value) || voice(para)&secondPerson != 0
}

// isNote reports whether p is a wholly emphasised or bracketed note (see [Value]).
func isNote(p string) bool {
	p = strings.TrimSpace(p)
	if !wrapped(p) {
		return false
	}
	inner := strings.TrimSpace(strings.Trim(strings.TrimRight(p, ".!"), "*_()[]"))
	return labelOpens(inner) || voice(inner) != 0
}

// labelOpens reports whether p's first line opens with a one-word label and a colon ("Note:").
func labelOpens(p string) bool {
	word, _, ok := strings.Cut(firstLine(p), ":")
	return ok && word != "" && strings.IndexFunc(strings.Trim(word, "*_"), func(r rune) bool {
		return !unicode.IsLetter(r)
	}) < 0
}

// isAside reports whether para, a paragraph after a blank line, is not part of the value before
// it (see [Value]).
func isAside(para, before string) bool { return isAsideVoice(para, voice(before)) }

// isAsideVoice is [isAside] for a value whose voice ([voice]) is known.
func isAsideVoice(para string, before int) bool {
	p := strings.TrimSpace(para)
	if p == "" {
		return false
	}
	if wrapped(p) || strings.HasSuffix(p, ":") || valediction(p) {
		return true
	}
	if labelOpens(p) {
		return true
	}
	return voice(p)&^before != 0
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// wrapped reports whether p is wholly emphasised or wholly in parentheses or brackets.
func wrapped(p string) bool {
	for _, q := range [][2]string{{"*", "*"}, {"_", "_"}, {"(", ")"}, {"[", "]"}} {
		if len(p) >= 2 && strings.HasPrefix(p, q[0]) && strings.HasSuffix(strings.TrimRight(p, ".!"), q[1]) {
			return true
		}
	}
	return false
}

// The grammatical persons [voice] reports.
const (
	firstPerson = 1 << iota
	secondPerson
)

var personWords = map[string]int{
	"i": firstPerson, "i'm": firstPerson, "i'd": firstPerson, "i've": firstPerson, "i'll": firstPerson,
	"me": firstPerson, "my": firstPerson, "myself": firstPerson,
	"you": secondPerson, "your": secondPerson, "you're": secondPerson, "you'd": secondPerson,
	"you'll": secondPerson, "you've": secondPerson, "yours": secondPerson, "yourself": secondPerson,
}

// ellipticalOpeners are the openings of sentences whose subject, "I" or "you", goes unsaid, as
// in conversational sign-offs: "Hope this helps.", "Happy to discuss further.", "Glad to help.",
// "Thanks for reading.", "Feel free to ask." The first word alone is not enough ("Happy with
// the result, Tom went home."): the second word must fit, "" standing for any word.
var ellipticalOpeners = map[string]struct {
	next   []string
	person int
}{
	"hope":    {[]string{""}, firstPerson},
	"hoping":  {[]string{""}, firstPerson},
	"happy":   {[]string{"to"}, firstPerson},
	"glad":    {[]string{"to", "i", "this", "that", "it"}, firstPerson},
	"thanks":  {[]string{""}, firstPerson},
	"cheers":  {[]string{""}, firstPerson},
	"feel":    {[]string{"free"}, secondPerson},
	"enjoy":   {[]string{""}, secondPerson},
	"kindly":  {[]string{""}, secondPerson},
	"welcome": {[]string{"to"}, secondPerson},
}

// elliptical returns the person a sentence opening of s leaves unsaid (see ellipticalOpeners),
// or 0. Every sentence of s is looked at.
func elliptical(s string) int {
	v := 0
	for _, sentence := range strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '\n' }) {
		words := strings.FieldsFunc(strings.ToLower(sentence), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
		if len(words) == 0 {
			continue
		}
		o, ok := ellipticalOpeners[words[0]]
		if !ok {
			continue
		}
		for _, n := range o.next {
			if n == "" || len(words) > 1 && words[1] == n {
				v |= o.person
				break
			}
		}
	}
	return v
}

// voice returns the persons (first, second) that s speaks in outside quotation marks, counting
// the sentences that leave their subject unsaid (see ellipticalOpeners).
func voice(s string) int {
	var v voicer
	v.feed(s)
	return v.result()
}

// voicer computes [voice] over text given in pieces: feeding the pieces of s in turn and then
// calling result gives voice(s).
type voicer struct {
	v        int
	quoted   bool
	word     []rune
	lastApos bool // the last rune fed was an apostrophe added to word
	line     []rune
}

// feed reads the next piece of the text.
func (vc *voicer) feed(s string) {
	for _, r := range s {
		if r == '\n' {
			vc.v |= elliptical(string(vc.line))
			vc.line = vc.line[:0]
		} else {
			vc.line = append(vc.line, r)
		}
		apos := (r == '\'' || r == '’') && len(vc.word) > 0
		switch {
		case r == '"' || r == '“' || r == '”':
			vc.flush(vc.word)
			vc.quoted = !vc.quoted
			if r == '“' {
				vc.quoted = true
			} else if r == '”' {
				vc.quoted = false
			}
		case unicode.IsLetter(r) || apos:
			if r == '’' {
				r = '\''
			}
			vc.word = append(vc.word, r)
		default:
			vc.flush(vc.word)
		}
		vc.lastApos = apos
	}
}

// flush adds the person of word (when not quoted) and empties it.
func (vc *voicer) flush(word []rune) {
	if len(word) > 0 && !vc.quoted {
		vc.v |= personWords[strings.ToLower(string(word))]
	}
	vc.word = vc.word[:0]
}

// result returns the voice of the text fed so far, as if it ended there. It does not change vc.
func (vc *voicer) result() int {
	c := voicer{v: vc.v, quoted: vc.quoted}
	word := vc.word
	if vc.lastApos { // an apostrophe at the very end of the text is not part of a word
		word = word[:len(word)-1]
	}
	c.flush(append([]rune(nil), word...))
	return c.v | elliptical(string(vc.line))
}
