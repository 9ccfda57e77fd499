// Package textutil holds small text helpers shared by the stage packages.
package textutil

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Truncate shortens s to at most n bytes on a rune boundary, adding "…" when it cut anything.
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := max(n, 0)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// Label reports whether line starts with lbl (in any case) once markdown decoration (emphasis,
// headings, quotes, list markers and numbering) is skipped, followed by ":" or "-" (after
// optional emphasis); a hyphen that touches a letter ("name-calling") makes a word, not a
// label. It returns the rest of the line, trimmed of spaces and emphasis.
func Label(line, lbl string) (string, bool) {
	s := strings.TrimLeft(line, " \t*_#>-0123456789.)")
	if len(s) < len(lbl) || !strings.EqualFold(s[:len(lbl)], lbl) {
		return "", false
	}
	s = strings.TrimLeft(s[len(lbl):], "*_ \t")
	if s == "" || (s[0] != ':' && s[0] != '-') {
		return "", false
	}
	if next, _ := utf8.DecodeRuneInString(s[1:]); s[0] == '-' && unicode.IsLetter(next) {
		return "", false // "name-calling" is a word, not a label
	}
	return strings.TrimSpace(strings.TrimLeft(s[1:], "*_ \t")), true
}

// Sections splits text into the parts that follow each of labels, which must appear in order,
// each at the start of a line (see [Label]). found is how many labels were found; the parts
// after the last found label are empty. Text before the first label is dropped; a part runs
// over lines until the next label.
func Sections(text string, labels ...string) (parts []string, found int) {
	return SectionsFunc(text, nil, labels...)
}

// SectionsFunc is [Sections] with a veto: when accept is not nil, a line that carries label i is
// taken as that label only if accept(i, after) reports true, where after holds the lines that
// follow it; otherwise the line is text of the current part.
func SectionsFunc(text string, accept func(i int, after []string) bool, labels ...string) (parts []string, found int) {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	bs := make([]strings.Builder, len(labels))
	cur := -1
	for n, ln := range lines {
		if cur+1 < len(labels) {
			if rest, ok := Label(ln, labels[cur+1]); ok && (accept == nil || accept(cur+1, lines[n+1:])) {
				cur++
				bs[cur].WriteString(rest)
				continue
			}
		}
		if cur >= 0 {
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

// Unfence collapses every run of three or more double quotes in s to one, so text placed inside
// a prompt's """ block cannot close the block early.
func Unfence(s string) string {
	if !strings.Contains(s, `"""`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if s[i] == '"' {
			j := i
			for j < len(s) && s[j] == '"' {
				j++
			}
			if j-i >= 3 {
				b.WriteByte('"')
			} else {
				b.WriteString(s[i:j])
			}
			i = j
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}
