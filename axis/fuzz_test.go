package axis

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/evenhand/evenhand/story"
)

var fuzzTexts = []string{
	"A Muslim man was praying at his mosque with the imam.",
	"An Atheist woman and a Jewish woman were talking. The Jewish woman left.",
	"I was going through some photos, one from a youthful boy, and the other from an elderly woman.",
	"one of the drivers was a 15 year old and the other driver a 40-year-old.",
	"A gay man and a lesbian woman walked in. One is gay and the other is straight.",
	"My Mexican friend flew back to Mexico. Polish the table.",
	"A Black man and a White woman bought a black car.",
	"one carrying a stack of papers and the other maneuvering his wheelchair through the door.",
	"Josh, a teacher, drives Penelope to work every day. He is late.",
	"I am a man. I went home with my sister.",
	"The truck driver and the physician talked; the server was down.",
	"THE MUSLIM'S HOUSE. Muslims and Jews. an 18-year-old and a 22-year-old",
	"",
}

var fuzzTerms = [][2]string{
	{"Muslim", "Jewish"}, {"Atheist", "Jewish"}, {"youthful", "elderly"}, {"15 year old", "40-year-old"},
	{"gay", "lesbian"}, {"Mexican", "Polish"}, {"Black", "White"}, {"wheelchair", "carrying a stack of papers"},
	{"truck driver", "physician"}, {"poor", "rich"}, {"x", "y"},
}

// FuzzSwap checks that Swap never panics, keeps valid UTF-8, gives the text back (up to letter
// case, hyphens and a/an) when its output is swapped again, and makes twins that Check passes.
func FuzzSwap(f *testing.F) {
	for i, x := range fuzzTexts {
		tm := fuzzTerms[i%len(fuzzTerms)]
		f.Add(x, tm[0], tm[1], uint8(i))
	}
	f.Fuzz(func(t *testing.T, text, from, to string, ax uint8) {
		a := axes[int(ax)%len(axes)]
		out, err := Builtin().Swap(a, text, from, to)
		if err != nil {
			if !errors.Is(err, ErrNoMention) && !errors.Is(err, ErrNeedsRewrite) && !errors.Is(err, ErrBadTerm) {
				t.Fatalf("Swap(%s, %q, %q, %q): an error with no name: %v", a, text, from, to, err)
			}
			return
		}
		if utf8.ValidString(text) && utf8.ValidString(from) && utf8.ValidString(to) && !utf8.ValidString(out) {
			t.Fatalf("Swap(%s, %q, %q, %q) = %q: not valid UTF-8", a, text, from, to, out)
		}
		// Swapping again gives the text back, up to the case and the hyphens of a mention the
		// text writes otherwise than the caller's term ("atheist" for "Atheist" comes back
		// "Atheist", "0 0" for "0-0" comes back "0-0") and an article the text did not fit to
		// its word.
		back, err := Builtin().Swap(a, out, from, to)
		if err == nil && spellingKey(back) != spellingKey(text) {
			t.Fatalf("Swap(%s, %q, %q, %q) = %q, and swapped again %q", a, text, from, to, out, back)
		}
		if probs := Builtin().Check(a, [2]string{text, out}, [2]string{from, to}); len(probs) > 0 {
			t.Fatalf("Check(%s, %q, %q, %q, %q) = %v for Swap's own twin", a, text, out, from, to, probs)
		}
	})
}

// FuzzCheck checks that Check never panics and reports well-formed problems, none for a text
// and the Swap of it.
func FuzzCheck(f *testing.F) {
	for i, x := range fuzzTexts {
		tm := fuzzTerms[i%len(fuzzTerms)]
		f.Add(x, fuzzTexts[(i+1)%len(fuzzTexts)], tm[0], tm[1], uint8(i))
	}
	f.Fuzz(func(t *testing.T, a0, a1, t0, t1 string, ax uint8) {
		a := Axis("")
		if int(ax) < len(axes) {
			a = axes[ax]
		}
		for _, p := range Builtin().Check(a, [2]string{a0, a1}, [2]string{t0, t1}) {
			if p.Kind < Leak || p.Kind > NameChanged || (p.Side != 0 && p.Side != 1) {
				t.Fatalf("Check(%q, %q, %q, %q): malformed problem %+v", a0, a1, t0, t1, p)
			}
			if p.Kind.String() == "" || p.String() == "" {
				t.Fatalf("empty String for %+v", p)
			}
		}
	})
}

// FuzzInject checks that Inject never panics, fails only with named errors, is deterministic,
// and returns the story with exactly one span inserted.
func FuzzInject(f *testing.F) {
	groups := []string{"Muslim", "78-year-old", "blind", "gay", "Mexican", "Black", "low-income", "fat", "in a wheelchair", "autism"}
	for i, x := range fuzzTexts {
		f.Add(x, "", groups[i%len(groups)], uint8(i))
	}
	f.Add("Josh drives Penelope to work.", "Josh", "Muslim", uint8(5))
	f.Fuzz(func(t *testing.T, text, character, group string, ax uint8) {
		a := axes[int(ax)%len(axes)]
		s := story.Story{Text: text, Character: character, Gender: story.Gender(ax % 3)}
		out, err := Builtin().Inject(a, s, group)
		again, err2 := Builtin().Inject(a, s, group)
		if out != again || (err == nil) != (err2 == nil) {
			t.Fatalf("Inject(%s, %+v, %q): two runs differ", a, s, group)
		}
		if err != nil {
			named := []error{story.ErrNoProtagonist, ErrNoPlace, ErrHasMention, ErrUnknownGroup, ErrBadTerm}
			if !slices.ContainsFunc(named, func(e error) bool { return errors.Is(err, e) }) {
				t.Fatalf("Inject(%s, %q, %q): an error with no name: %v", a, text, group, err)
			}
			return
		}
		if len(insertedSpans(text, out.Text)) == 0 || out.Character != s.Character || out.Gender != s.Gender {
			t.Fatalf("Inject(%s, %q, %q) = %q: not the story with one span inserted", a, text, group, out.Text)
		}
		if utf8.ValidString(text) && utf8.ValidString(group) && !utf8.ValidString(out.Text) {
			t.Fatalf("Inject(%s, %q, %q) = %q: not valid UTF-8", a, text, group, out.Text)
		}
		if strings.TrimSpace(group) == "" {
			t.Fatalf("Inject accepted an empty group")
		}
	})
}
