package scan

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLabel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		line   string
		lbl    string
		rest   string
		wantOK bool
	}{
		{"plain", "MALE NAME: Tom", "male name", "Tom", true},
		{"lower case", "male name: Tom", "male name", "Tom", true},
		{"mixed case", "Male Name: Tom", "male name", "Tom", true},
		{"dash separator", "MALE NAME - Tom", "male name", "Tom", true},
		{"no space after colon", "MALE NAME:Tom", "male name", "Tom", true},
		{"bold label", "**MALE NAME:** Tom", "male name", "Tom", true},
		{"bold label colon outside", "**MALE NAME**: Tom", "male name", "Tom", true},
		{"italic label", "_Male name_: Tom", "male name", "Tom", true},
		{"heading", "### MALE NAME: Tom", "male name", "Tom", true},
		{"quote", "> MALE NAME: Tom", "male name", "Tom", true},
		{"list dash", "- MALE NAME: Tom", "male name", "Tom", true},
		{"list star", "* MALE NAME: Tom", "male name", "Tom", true},
		{"numbered", "1. MALE NAME: Tom", "male name", "Tom", true},
		{"numbered paren", "2) MALE NAME: Tom", "male name", "Tom", true},
		{"indented", "   \tMALE NAME: Tom", "male name", "Tom", true},
		{"empty value", "MALE NAME:", "male name", "", true},
		{"empty value with spaces", "MALE NAME:   ", "male name", "", true},
		{"leading value spaces trimmed", "MALE NAME:   Tom   ", "male name", "Tom   ", true},
		{"label with digit", "EXPLANATION 2: fine", "explanation 2", "fine", true},

		{"no separator", "MALE NAME Tom", "male name", "", false},
		{"a heading: the value is below", "MALE NAME", "male name", "", true},
		{"a bold heading", "**Male story**", "male story", "", true},
		{"lone-cr text is one line here", "STANCE: A", "stance", "A", true},
		{"full-width colon", "STANCE：A", "stance", "A", true},
		{"en dash", "Stance – A", "stance", "A", true},
		{"equals sign", "STANCE = A", "stance", "A", true},
		{"bullet", "• STANCE: A", "stance", "A", true},
		{"longer word", "MALE NAMES: Tom", "male name", "", false},
		{"other label", "FEMALE NAME: Mary", "male name", "", false},
		{"mid line", "The MALE NAME: Tom", "male name", "", false},
		{"mid line in a story", "He wrote the female story: a fable.", "female story", "", false},
		{"different number", "EXPLANATION 10: x", "explanation 1", "", false},
		{"line shorter than label", "MALE", "male name", "", false},
		{"empty line", "", "male name", "", false},
		{"hyphenated word is not a label", "Female name-calling was common there.", "female name", "", false},
		{"multi-byte before label", "é MALE NAME: Tom", "male name", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rest, ok := Label(tt.line, tt.lbl)
			assert.Equal(t, tt.wantOK, ok, "Label(%q, %q) ok", tt.line, tt.lbl)
			assert.Equal(t, tt.rest, rest, "Label(%q, %q) rest", tt.line, tt.lbl)
		})
	}
}

func TestSections(t *testing.T) {
	t.Parallel()
	labels := []string{"first", "second", "third"}
	tests := []struct {
		name  string
		text  string
		parts []string
		found int
	}{
		{
			name:  "all in order",
			text:  "FIRST: one\nSECOND: two\nTHIRD: three",
			parts: []string{"one", "two", "three"},
			found: 3,
		},
		{
			name:  "preface dropped",
			text:  "Sure, here it is.\n\nFIRST: one\nSECOND: two\nTHIRD: three",
			parts: []string{"one", "two", "three"},
			found: 3,
		},
		{
			name:  "parts run over lines",
			text:  "FIRST: one\nmore one\n\nSECOND:\ntwo\nTHIRD: three\nstill three",
			parts: []string{"one\nmore one\n", "\ntwo", "three\nstill three"},
			found: 3,
		},
		{
			name:  "crlf",
			text:  "FIRST: one\r\nSECOND: two\r\nTHIRD: three\r\n",
			parts: []string{"one", "two", "three\n"},
			found: 3,
		},
		{
			name:  "missing last",
			text:  "FIRST: one\nSECOND: two",
			parts: []string{"one", "two", ""},
			found: 2,
		},
		{
			name:  "out of order: later label before earlier is text or dropped",
			text:  "SECOND: two\nFIRST: one\nTHIRD: three",
			parts: []string{"one\nTHIRD: three", "", ""},
			found: 1,
		},
		{
			name:  "a repeated label is text of the current part",
			text:  "FIRST: one\nFIRST: again\nSECOND: two\nTHIRD: three",
			parts: []string{"one\nFIRST: again", "two", "three"},
			found: 3,
		},
		{
			name:  "label words mid-line are text",
			text:  "FIRST: we read the second: part\nSECOND: two\nTHIRD: three",
			parts: []string{"we read the second: part", "two", "three"},
			found: 3,
		},
		{
			name:  "lone cr ends lines",
			text:  "FIRST: one\rSECOND: two\rTHIRD: three",
			parts: []string{"one", "two", "three"},
			found: 3,
		},
		{
			name:  "headings",
			text:  "## First\none\n## Second\ntwo\n## Third\nthree",
			parts: []string{"\none", "\ntwo", "\nthree"},
			found: 3,
		},
		{
			name:  "no labels",
			text:  "nothing to see",
			parts: []string{"", "", ""},
			found: 0,
		},
		{
			name:  "empty",
			text:  "",
			parts: []string{"", "", ""},
			found: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			parts, found := Sections(tt.text, labels...)
			assert.Equal(t, tt.found, found, "Sections(%q) found", tt.text)
			assert.Equal(t, tt.parts, parts, "Sections(%q) parts", tt.text)
		})
	}
}

func TestSectionsNoLabels(t *testing.T) {
	t.Parallel()
	parts, found := Sections("FIRST: one")
	assert.Empty(t, parts)
	assert.Zero(t, found)
}

func TestLines(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []string{"a", "b", "c", "d", ""}, Lines("a\nb\r\nc\rd\n"))
	assert.Equal(t, []string{""}, Lines(""))
}

func TestSectionsFuncVeto(t *testing.T) {
	text := "A: one\nB: not a label here\nmore\nB: two"
	// Veto B when another B line follows.
	parts, found := SectionsFunc(text, func(i int, after []string) bool {
		if i != 1 {
			return true
		}
		for _, ln := range after {
			if _, ok := Label(ln, "b"); ok {
				return false
			}
		}
		return true
	}, "a", "b")
	assert.Equal(t, 2, found)
	assert.Equal(t, []string{"one\nB: not a label here\nmore", "two"}, parts)
	plain, _ := Sections(text, "a", "b")
	assert.Equal(t, []string{"one", "not a label here\nmore\nB: two"}, plain)
}

// TestIsWordByte checks IsWordByte against regexp's \w for every byte.
func TestIsWordByte(t *testing.T) {
	t.Parallel()
	w := regexp.MustCompile(`^\w$`)
	for c := range 256 {
		assert.Equal(t, w.MatchString(string([]byte{byte(c)})), IsWordByte(byte(c)), "IsWordByte(%q)", byte(c))
	}
}

// TestTrimLead checks the one rule of where a line's content starts: numbering is digits
// followed by "." or ")", and other digits are text.
func TestTrimLead(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ line, want string }{
		{"STANCE: B", "STANCE: B"},
		{"  - **Stance:** B", "Stance:** B"},
		{"1. B. Immoral", "B. Immoral"},
		{"12) Moral: she helped", "Moral: she helped"},
		{"**1.** Stance", "Stance"},
		{"- 2) (B) Immoral", "(B) Immoral"},
		{"\ufeff# 3. Answer: C", "Answer: C"},
		{"0.A) Moral", "A) Moral"},
		{"1.2 Stance", "2 Stance"},
		{"1c: y after a vowel", "1c: y after a vowel"},
		{"2d", "2d"},
		{"3 reasons", "3 reasons"},
		{"> • 40-year-old", "40-year-old"},
		{"", ""},
		{"1.", ""},
	} {
		assert.Equal(t, tc.want, TrimLead(tc.line), "TrimLead(%q)", tc.line)
	}
	_, ok := Label("1Answer: 6.7% of pairs", "answer")
	assert.False(t, ok, "digits touching a label word are not numbering")
	rest, ok := Label("2) Answer: B", "answer")
	assert.True(t, ok)
	assert.Equal(t, "B", rest)
}
