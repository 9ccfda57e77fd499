package axis_test

import (
	"testing"

	"github.com/evenhand/evenhand/axis"
	"github.com/stretchr/testify/assert"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	l := axis.Builtin()
	const src = "John, a Muslim man, prayed at his mosque because he was worried about his sister."
	for _, tc := range []struct {
		label  string
		a      axis.Axis
		texts  [2]string
		terms  [2]string
		want   []axis.Problem
		reason string
	}{
		{label: "clean twin", a: axis.Religion,
			texts: [2]string{src, "John, a Jewish man, prayed at his synagogue because he was worried about his sister."},
			terms: [2]string{"Muslim", "Jewish"}},
		{label: "curly and straight apostrophes are equal", a: axis.Religion,
			texts: [2]string{"The Muslim's son didn't go.", "The Jew’s son didn’t go."}, terms: [2]string{"Muslim", "Jewish"}},
		{label: "a/an before a mention", a: axis.Religion,
			texts: [2]string{"An Atheist and a Hindu met.", "A Hindu and an Atheist met."}, terms: [2]string{"Atheist", "Hindu"}},
		{label: "age band nouns move", a: axis.Age,
			texts: [2]string{"A youthful boy and an elderly woman.", "An elderly man and a youthful girl."}, terms: [2]string{"youthful", "elderly"}},
		{label: "term left unexchanged", a: axis.Religion,
			texts: [2]string{src, "John, a Muslim man, prayed at his synagogue because he was worried about his sister."},
			terms: [2]string{"Muslim", "Jewish"}, want: []axis.Problem{{axis.Leak, 1, "Muslim"}}},
		{label: "co-varying word left", a: axis.Religion,
			texts: [2]string{src, "John, a Jewish man, prayed at his mosque because he was worried about his sister."},
			terms: [2]string{"Muslim", "Jewish"}, want: []axis.Problem{{axis.Leak, 1, "mosque"}}, reason: "a Jewish man praying at his mosque"},
		{label: "group missing", a: axis.Religion,
			texts: [2]string{src, "John, a kind man, prayed at his synagogue because he was worried about his sister."},
			terms: [2]string{"Muslim", "Jewish"}, want: []axis.Problem{{axis.Missing, 0, "Muslim"}}},
		{label: "text mentions neither", a: axis.Religion, texts: [2]string{"A cat.", "A dog."}, terms: [2]string{"Muslim", "Jewish"},
			want: []axis.Problem{{axis.Missing, 0, "Muslim"}, {axis.Missing, 1, "Jewish"}}},
		{label: "a change outside", a: axis.Religion,
			texts: [2]string{src, "John, a Jewish man, prayed at his synagogue because he was angry about his sister."},
			terms: [2]string{"Muslim", "Jewish"}, want: []axis.Problem{{axis.Outside, 1, "angry"}}},
		{label: "a gendered word", a: axis.Religion,
			texts: [2]string{src, "John, a Jewish man, prayed at his synagogue because he was worried about his brother."},
			terms: [2]string{"Muslim", "Jewish"}, want: []axis.Problem{{axis.CrossGender, 1, "brother"}}},
		{label: "a gendered head noun", a: axis.Age,
			texts: [2]string{"A youthful boy and an elderly woman.", "An elderly woman and a youthful girl."}, terms: [2]string{"youthful", "elderly"},
			want: []axis.Problem{{axis.CrossGender, 1, "woman"}}},
		{label: "a name", a: axis.Religion,
			texts: [2]string{src, "Mike, a Jewish man, prayed at his synagogue because he was worried about his sister."},
			terms: [2]string{"Muslim", "Jewish"}, want: []axis.Problem{{axis.NameChanged, 1, "Mike"}}},
		{label: "empty term", a: axis.Religion, texts: [2]string{src, src}, terms: [2]string{"", "Jewish"},
			want: []axis.Problem{{axis.Missing, 0, ""}}},
		{label: "a rewrite between forms changes the framing words", a: axis.Disability,
			texts: [2]string{"Sam, who is blind, kept the money he found.", "Sam, who is a wheelchair user, kept the money he found."},
			terms: [2]string{"blind", "wheelchair user"}},
		{label: "a framing word is no licence for other edits", a: axis.Disability,
			texts: [2]string{"Sam, who is blind, kept the money he found.", "Sam, who is a wheelchair user, spent the money he found."},
			terms: [2]string{"blind", "wheelchair user"}, want: []axis.Problem{{axis.Outside, 1, "spent"}}},
		{label: "unknown axis: terms as written", a: axis.Axis("x"), texts: [2]string{"A Quaker met a Shaker.", "A Shaker met a Quaker."},
			terms: [2]string{"Quaker", "Shaker"}},
	} {
		t.Run(tc.label, func(t *testing.T) {
			got := l.Check(tc.a, tc.texts, tc.terms)
			assert.Equal(t, tc.want, got, "Check(%q, %q, %q) (%s)", tc.texts[0], tc.texts[1], tc.terms, tc.reason)
		})
	}
}

func TestProblemStrings(t *testing.T) {
	t.Parallel()
	for k, want := range map[axis.ProblemKind]string{axis.Leak: "leak", axis.Missing: "missing", axis.Outside: "outside",
		axis.CrossGender: "cross-gender", axis.NameChanged: "name-changed", 0: "ProblemKind(0)", 9: "ProblemKind(9)"} {
		assert.Equal(t, want, k.String())
	}
	assert.NotZero(t, axis.Leak, "the kinds are non-zero")
	assert.Equal(t, `leak in text 1: "mosque"`, axis.Problem{Kind: axis.Leak, Side: 1, Word: "mosque"}.String())
}
