package neutral

import (
	"cmp"
	"slices"

	"github.com/evenhand/evenhand/axis"
)

// CheckAxis reports every place of text that reveals a group of axis a: each mention lex finds
// ([axis.Lexicon.Mentions]: a group's own words, "Muslim", "wheelchair user", "78-year-old",
// and the words that go with a group, "mosque", "Quran"), as a Finding of Kind [Group], and
// each of names (matched as [Check] matches passed names: whole words ignoring case, a name of
// several words in sequence) as a Finding of Kind [Name]. A nil lex is [axis.Builtin]. Pass
// the twin's character name and its two groups as names, so that a group the lexicon does not
// know is still found.
//
// An empty result means the text reveals no group of the axis. Gendered words are not reported
// (a twin's two tellings share the protagonist's gender; [Check] reports them for gender
// pairs). Findings come in text order, one per place (a mention before a name at the same
// offset). CheckAxis never panics and is safe for concurrent use.
func CheckAxis(lex *axis.Lexicon, a axis.Axis, text string, names ...string) []Finding {
	if lex == nil {
		lex = axis.Builtin()
	}
	var out []Finding
	for _, m := range lex.Mentions(a, text) {
		if 0 <= m.Start && m.Start < m.End && m.End <= len(text) {
			out = append(out, Finding{Word: text[m.Start:m.End], Offset: m.Start, Kind: Group})
		}
	}
	out = append(out, passedNames(text, names)...)
	slices.SortStableFunc(out, func(x, y Finding) int { return cmp.Compare(x.Offset, y.Offset) })
	return oneAPlace(out)
}

// oneAPlace drops each finding that starts inside the one before it (fs sorted by offset).
func oneAPlace(fs []Finding) []Finding {
	out := fs[:0]
	for _, f := range fs {
		if n := len(out); n > 0 && f.Offset < out[n-1].Offset+len(out[n-1].Word) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// passedNames returns a Finding of Kind Name for each place text holds one of names.
func passedNames(text string, names []string) []Finding {
	var out []Finding
	for start, end := nextWord(text, 0); start < end; start, end = nextWord(text, end) {
		if f, stop, ok := passedName(text, start, end, text[start:end], names); ok {
			out = append(out, f)
			end = max(end, stop)
		}
	}
	return out
}
