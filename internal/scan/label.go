// Package scan is the one scanner of model replies: how a reply splits into lines, what a label
// line is, and how a reply splits at its labels. Every parser of model output (judge.ParseReply,
// story.ParsePair, neutral.ParseReply) reads labels with it, so a reply format that one stage
// accepts the others accept too.
//
// # Lines
//
// A reply's lines end at "\n", "\r\n" or a lone "\r" (old Mac text) ([Lines]).
//
// # Labels
//
// A label line for a word such as "stance" or "male name" ([Label]) is a line that, after
//
//   - blanks and control characters (a byte order mark included),
//   - markdown decoration: emphasis "*", "_", "`", "~", headings "#", quotes ">",
//   - list markers: "-", "–", "—", "+", "•", and numbering "1.", "2)" (digits followed by "."
//     or ")"; other digits are text: "1c" is not numbering),
//
// starts with the word in any (ASCII) case, optionally followed by emphasis, and then by
//
//   - ":" (or the full-width "："), or "=" ("STANCE = B"), or
//   - a dash ("-", "–", "—"), except a hyphen that touches a letter ("Female name-calling" is
//     a word, not a label), or
//   - nothing at all: a heading such as "## Stance" or "**Male story**", whose value is on
//     the lines below.
//
// The word must end there: "Stances:" and "Explanation 10:" are not labels for "stance" and
// "explanation 1". The text after the separator, without leading blanks and emphasis, is the
// label's value on that line.
//
// A markdown table row of two cells is a label line too, when its first cell is the word
// (decorated or not, with an optional colon): "| **Stance** | B. Immoral |" is the label
// "stance" with the value "B. Immoral". A row of one cell is read as the line in it. Parsers
// read replies through [Answer], whose [Tables] drops header and separator rows.
//
// # Reasoning
//
// Parsers read a reply's answer, never its reasoning: [Split] removes <think>...</think> blocks
// (and their kin), and a reply cut off inside one has no answer at all.
//
// # Values
//
// [Value] cuts the chatter models put around a value (offers, notes, fences, rules, table
// rows), and [Object] finds the one JSON object a reply may consist of.
package scan

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lines splits text into lines at "\n", "\r\n" and a lone "\r".
func Lines(text string) []string {
	if strings.IndexByte(text, '\r') >= 0 {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	return strings.Split(text, "\n")
}

// IsDecoration reports whether r is markdown emphasis or code quoting that may surround a label
// or a value: "*", "_", "`" or "~".
func IsDecoration(r rune) bool {
	return r == '*' || r == '_' || r == '`' || r == '~'
}

// IsDash reports whether r is a hyphen, an en dash or an em dash.
func IsDash(r rune) bool { return r == '-' || r == '–' || r == '—' }

// IsWordByte reports whether c is a byte of an ASCII word, as regexp's \w: an ASCII letter, a
// digit or an underscore. Parsers use it to check that a keyword they found ("answer",
// "option") stands alone.
func IsWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// TrimLead removes from the start of line what may come before a label (see the package
// documentation): blanks, control characters, a byte order mark, decoration, heading and
// quote marks, list markers, and numbering: a run of digits followed by "." or ")" ("1.",
// "12)"). Digits followed by anything else are text, not numbering ("1c: ..." keeps its
// "1"), so a step or a count is never taken for a list marker. It is the one rule of where the
// content of a line starts, for labels and for answers without one.
func TrimLead(line string) string {
	for {
		s := strings.TrimLeftFunc(line, lead)
		rest := strings.TrimLeftFunc(s, unicode.IsDigit)
		if len(rest) == len(s) || rest == "" || rest[0] != '.' && rest[0] != ')' {
			return s
		}
		line = rest
	}
}

// lead reports whether r may come before a label, numbering aside: blanks, control
// characters, a byte order mark, decoration, heading and quote marks, list markers, and the
// "." and ")" of numbering.
func lead(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || r == '\ufeff' || IsDecoration(r) || r == '#' ||
		r == '>' || r == '+' || r == '•' || IsDash(r) || r == '.' || r == ')'
}

// Label reports whether line is a label line for word, an ASCII word or phrase in lower case
// (see the package documentation), and returns the label's value on that line: the text after
// the separator without leading blanks and emphasis (trailing blanks are kept). A heading has
// the value "". Label never panics.
func Label(line, word string) (rest string, ok bool) {
	if IsTableRow(line) {
		return rowLabel(line, word)
	}
	s := TrimLead(line)
	if len(s) < len(word) || !strings.EqualFold(s[:len(word)], word) {
		return "", false
	}
	s = strings.TrimLeftFunc(s[len(word):], func(r rune) bool { return IsDecoration(r) || r == ' ' || r == '\t' })
	if s == "" {
		return "", true // a heading: the value is on the next line
	}
	r, size := utf8.DecodeRuneInString(s)
	switch {
	case r == ':' || r == '：' || r == '=':
	case IsDash(r):
		// "Stance-taking" is a word, not a label: a hyphen must not touch a letter.
		if next, _ := utf8.DecodeRuneInString(s[size:]); r == '-' && unicode.IsLetter(next) {
			return "", false
		}
	default:
		return "", false
	}
	return strings.TrimLeftFunc(s[size:], func(r rune) bool { return IsDecoration(r) || unicode.IsSpace(r) }), true
}

// Sections splits text into the parts that follow each of labels, which must appear in order,
// each as a label line (see [Label]). found is how many labels were found; the parts after the
// last found label are empty. Text before the first label is dropped; a part runs over lines
// until the next label, except a part whose label is a table row with a value: that part is the
// row's cell alone (a cell cannot run over lines). A label's value on its own line is trimmed; the lines after it are
// joined with "\n" as they are.
func Sections(text string, labels ...string) (parts []string, found int) {
	return SectionsFunc(text, nil, labels...)
}

// SectionsFunc is [Sections] with a veto: when accept is not nil, a line that carries label i is
// taken as that label only if accept(i, after) reports true, where after holds the lines that
// follow it; otherwise the line is text of the current part.
func SectionsFunc(text string, accept func(i int, after []string) bool, labels ...string) (parts []string, found int) {
	lines := Lines(text)
	bs := make([]strings.Builder, len(labels))
	cur := -1
	closed := false // the current part came from a table row: it is that cell alone
	for n, ln := range lines {
		if cur+1 < len(labels) {
			if rest, ok := Label(ln, labels[cur+1]); ok && (accept == nil || accept(cur+1, lines[n+1:])) {
				cur++
				bs[cur].WriteString(strings.TrimSpace(rest))
				closed = IsTableRow(ln) && strings.TrimSpace(rest) != ""
				continue
			}
		}
		if cur >= 0 && !closed {
			bs[cur].WriteByte('\n')
			bs[cur].WriteString(ln)
		}
	}
	parts = make([]string, len(labels))
	for i := range bs {
		parts[i] = bs[i].String()
	}
	return parts, cur + 1
}
