package scan

import (
	"strings"
	"unicode"
)

// Name returns the name on a NAME label's line: the text up to the first line break or other
// control character (a lone "\r", as old Mac text ends lines, included), without decoration
// and without a gloss: the name ends at an opening parenthesis or bracket, a comma, a slash, or
// a dash between spaces ("Tom (male)", "Tom [he/him]", "Ann, 34", "Ann – female"). It is ""
// when the name is longer than 60 bytes. Every parser that reads a character's name
// (story.ParsePair, axis.ParseTwin) reads it with Name.
func Name(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexFunc(s, EndsName); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimLeft(s, " \t*_\"'`“([<")
	for _, gloss := range []string{"(", "[", ",", "/", " - ", " – ", " — ", " –", " —"} {
		if i := strings.Index(s, gloss); i > 0 {
			s = s[:i]
		}
	}
	s = strings.Trim(s, " \t*_\"'`.,;:[]<>“”")
	if len(s) > 60 {
		return ""
	}
	return s
}

// EndsName reports whether r cannot be part of a name: a control character (tab aside) or a
// Unicode line or paragraph separator.
func EndsName(r rune) bool {
	return (unicode.IsControl(r) && r != '\t') || r == '\u2028' || r == '\u2029'
}

// Passage returns a story as a record keeps it, from the value a parser read (see [Value]):
// trimmed, without emphasis marks closing it (the label parser already dropped the opening
// ones), and without one pair of straight or curly double quotes around the whole of it.
func Passage(s string) string {
	s = strings.TrimSpace(s)
	// Emphasis around a whole story: the label parser already dropped the opening marks.
	s = strings.TrimSpace(strings.TrimRight(s, "*_"))
	for _, q := range [][2]string{{`"`, `"`}, {"“", "”"}} {
		if len(s) >= len(q[0])+len(q[1]) && strings.HasPrefix(s, q[0]) && strings.HasSuffix(s, q[1]) &&
			!strings.Contains(s[len(q[0]):len(s)-len(q[1])], q[0]) {
			return strings.TrimSpace(s[len(q[0]) : len(s)-len(q[1])])
		}
	}
	return s
}

// DropTrailer removes paragraphs that the last story of a reply has beyond those of the story
// it mirrors: a model's closing remarks ("I hope these work!") run on after the last label.
func DropTrailer(last, mirror string) string {
	want := len(Paragraphs(mirror))
	ps := Paragraphs(last)
	if len(ps) <= want {
		return last
	}
	return Passage(strings.Join(ps[:want], "\n\n"))
}

// Paragraphs returns the paragraphs of s (split at blank lines), each trimmed, empty ones left
// out.
func Paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
