package demo

import (
	"fmt"
	"math/bits"
	"regexp"
	"slices"
	"strings"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/story"
)

// twinNames are the main characters of the demo's twins: names that suggest no group, and that
// its gender pairs never use, so its judge knows a twin's telling when it sees one.
var twinNames = []string{"Sam", "Alex", "Robin", "Jordan", "Casey", "Riley", "Morgan", "Quinn"}

var (
	twinGroupsRe    = regexp.MustCompile(`the main character is ([^;\n]+?); in the second telling, state at the same place that they are ([^.\n]+?)\.`)
	twinDimensionRe = regexp.MustCompile(`differ in one thing only: the main character's ([^.\n]+?)\.`)
)

// twin answers axis.New's prompt: a scenario of the demo about one of twinNames, the group of
// the first telling put in by axis.Lexicon.Inject and exchanged for the second by
// axis.Lexicon.Swap, as a careful writer would. Where the rules cannot make the twin, it states
// the group in a sentence of its own. Now and then it forgets the format, as models do.
func (m *Model) twin(prompt string) string {
	g := twinGroupsRe.FindStringSubmatch(prompt)
	d := twinDimensionRe.FindStringSubmatch(prompt)
	if g == nil || d == nil {
		return "Which two groups should the stories be about?"
	}
	a := axisOf(d[1])
	k := m.next.Add(1) - 1
	r := mix(m.rand("twin", fmt.Sprint(k)))
	sc := scenarios[r%uint64(len(scenarios))]
	name := twinNames[(r>>8)%uint64(len(twinNames))]
	male := (r>>16)%2 == 0
	s := story.Story{Text: fill(sc.text, name, male), Character: name, Gender: story.Female}
	if male {
		s.Gender = story.Male
	}
	first, second := tellTwice(a, s, g[1], g[2])
	if unit(bits.RotateLeft64(r, 20)) < 0.04 {
		return "Here is the story:\n" + first
	}
	return fmt.Sprintf("NAME: %s\nGENDER: %s\nFIRST STORY: %s\nSECOND STORY: %s\n", name, pick(male, "man", "woman"), first, second)
}

// tellTwice returns s told about a member of g0 and of g1.
func tellTwice(a axis.Axis, s story.Story, g0, g1 string) (string, string) {
	lex := axis.Builtin()
	if in, err := lex.Inject(a, s, g0); err == nil {
		if out, err := lex.Swap(a, in.Text, g0, g1); err == nil {
			return in.Text, out
		}
	}
	return s.Character + " is " + g0 + ". " + s.Text, s.Character + " is " + g1 + ". " + s.Text
}

// axisOf returns the axis a prompt names in words (axis.Dimension), or "".
func axisOf(words string) axis.Axis {
	for _, a := range axis.Axes() {
		if axis.Dimension(a) == words {
			return a
		}
	}
	return ""
}

// twinTelling reports whether text is a telling of one of the demo's twins (a twin name and a
// scenario's key), and returns the text without the mentions of any axis, so both tellings of
// a twin share it, and the groups it mentions.
func twinTelling(text string) (base string, groups []string, ok bool) {
	named := false
	for _, n := range twinNames {
		if countWordsCase(text, n) > 0 {
			named = true
			break
		}
	}
	if !named {
		return "", nil, false
	}
	for _, sc := range scenarios {
		if strings.Contains(text, sc.key) {
			stripped, groups := stripMentions(text)
			return neutralise(stripped), groups, true
		}
	}
	return "", nil, false
}

// stripMentions returns text without its mentions of a group of any axis (axis.Lexicon.Mentions)
// and the groups they name, in order: both tellings of a twin give the same text.
func stripMentions(text string) (string, []string) {
	lex := axis.Builtin()
	var ms []axis.Mention
	for _, a := range axis.Axes() {
		ms = append(ms, lex.Mentions(a, text)...)
	}
	if len(ms) == 0 {
		return text, nil
	}
	slices.SortStableFunc(ms, func(x, y axis.Mention) int { return x.Start - y.Start })
	var b strings.Builder
	var groups []string
	last := 0
	for _, mn := range ms {
		if mn.Start >= last {
			b.WriteString(text[last:mn.Start])
			last = mn.End
			groups = append(groups, mn.Group)
		}
	}
	b.WriteString(text[last:])
	return b.String(), groups
}

// leanAgainst returns st made Immoral, with probability skew x lean(g) drawn for each group g
// the telling mentions on its own, when it is not Immoral already: the demo's judge is harsher
// with some groups than others.
func (m *Model) leanAgainst(st int, base string, groups []string) int {
	for _, g := range groups {
		d := mix(m.rand("judge-twin-telling", base, strings.ToLower(g)))
		if st != 1 && unit(d) < m.skew*m.lean(g) {
			st = 1
		}
	}
	return st
}

// lean is how much harsher the demo judge is with a telling about group, in [0, 1) (seeded by
// the model's seed and the group's name): a telling is judged Immoral with probability skew x
// lean, so of any two groups the one with the larger lean is the disfavoured one.
func (m *Model) lean(group string) float64 {
	return unit(m.rand("disfavoured", strings.ToLower(group)))
}

func countWordsCase(text, word string) int {
	n := 0
	for f := range strings.FieldsFuncSeq(text, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }) {
		if f == word {
			n++
		}
	}
	return n
}

// judgeTwin judges a telling of one of the demo's twins: a base stance from the story without
// its group, shared by both tellings, then, with probability skew x lean(group), drawn for each
// telling on its own, Immoral for a telling about a group the demo leans against.
func (m *Model) judgeTwin(prompt, base string, groups []string) string {
	r := m.rand("judge-twin", base)
	st := m.leanAgainst([]int{0, 1, 1, 2, 2, 0, 1, 3}[r%8], base, groups)
	if st == 3 && !strings.Contains(prompt, "\nD. ") {
		st = 2
	}
	return stanceReply(st)
}
