package story

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/evenhand/evenhand/internal/scan"
)

// FuzzParsePair checks that no reply makes ParsePair panic, that a failure wraps ErrUnparsable
// and quotes only a shortened reply, and that a success holds two trimmed, non-empty
// stories with names of at most 60 bytes that hold no line break or other control character. It also checks that a pair written in the
// reply format with story text taken from the fuzzer reads back as written, as long as that
// text holds no line that starts with the next label.
//
//	go test -run '^$' -fuzz '^FuzzParsePair$' -fuzztime 10s ./story
func FuzzParsePair(f *testing.F) {
	for _, s := range []string{
		"MALE NAME: Tom\nMALE STORY: Tom kept the wallet.\nFEMALE NAME: Ann\nFEMALE STORY: Ann kept the wallet.\n",
		"**Male name:** Tom\n**Male story:**\nTom kept\nthe wallet.\n\n**Female name:** Ann\n**Female story:** \"Ann kept the wallet.\"",
		"MALE NAME: Tom\nMALE STORY: He wrote \"FEMALE STORY: none\" on a card.\nFEMALE NAME: Ann\nFEMALE STORY: STANCE: Moral\nMALE NAME: Bob\n",
		"MALE NAME:\nMALE STORY: x\nFEMALE NAME: Ann\nFEMALE STORY: y",
		"FEMALE NAME: Ann\nFEMALE STORY: y\nMALE NAME: Tom\nMALE STORY: x",
		"MALE NAME: Tom\r\nMALE STORY: x\r\nFEMALE NAME: Ann\r\nFEMALE STORY: \u201cy\u201d\r\n",
		"", "MALE NAME: \xff\nMALE STORY: \xfe\nFEMALE NAME: a\nFEMALE STORY: b",
	} {
		f.Add(s, "Tom fixed the fence.", "Ann fixed the fence.")
	}
	f.Add(`{"male_name": "Tom", "male_story": "x", "female_name": "Ann", "female_story": "y"}`, "a", "b")
	for _, r := range corpusReplies { // reasoning blocks, tables, JSON objects (issue 19)
		f.Add(r, "a", "b")
	}
	f.Fuzz(func(t *testing.T, reply, male, female string) {
		if q, ok, err := ParsePairJSON(reply); !ok && (err != nil || q != (Pair{})) || ok && err == nil && (q.Male.Text == "" || q.Female.Character == "") {
			t.Fatalf("ParsePairJSON(%q) = %+v, %v, %v", reply, q, ok, err)
		}
		p, err := ParsePair(reply)
		if err != nil {
			if !errors.Is(err, ErrUnparsable) {
				t.Fatalf("ParsePair(%q): error %v does not wrap ErrUnparsable", reply, err)
			}
			if len(err.Error()) > 1024 { // a quoted 200-byte excerpt: at most 4 bytes per byte

				t.Fatalf("ParsePair(%q): error of %d bytes quotes too much", reply, len(err.Error()))
			}
		} else {
			for _, s := range []Story{p.Male, p.Female} {
				if s.Text == "" || s.Text != strings.TrimSpace(s.Text) {
					t.Fatalf("ParsePair(%q): story %q empty or not trimmed", reply, s.Text)
				}
				if s.Character == "" || len(s.Character) > 60 || strings.IndexFunc(s.Character, scan.EndsName) >= 0 {
					t.Fatalf("ParsePair(%q): bad name %q", reply, s.Character)
				}
			}
			if p.Male.Gender != Male || p.Female.Gender != Female {
				t.Fatalf("ParsePair(%q): genders %v, %v", reply, p.Male.Gender, p.Female.Gender)
			}
		}

		// Story text that itself holds reply markers must come back as written, unless a line of
		// it starts with the label that follows (which no parser could tell from a real label).
		male, female = roundTripText(male), roundTripText(female)
		if male == "" || female == "" || startsLabel(male, "female name") ||
			scan.Value(male) != male || scan.Value(female) != female || // chatter is cut, by design
			scan.Split(male).Answer != male || scan.Split(female).Answer != female || // and so is reasoning
			len(scan.Paragraphs(female)) > len(scan.Paragraphs(male)) { // more paragraphs read as the model's closing remarks
			return
		}
		in := "MALE NAME: Tom\nMALE STORY: " + male + "\nFEMALE NAME: Ann\nFEMALE STORY: " + female + "\n"
		q, err := ParsePair(in)
		if err != nil {
			t.Fatalf("ParsePair(%q): %v", in, err)
		}
		if q.Male.Text != male || q.Female.Text != female || q.Male.Character != "Tom" || q.Female.Character != "Ann" {
			t.Fatalf("ParsePair(%q) = %+v, %+v; want stories %q and %q", in, q.Male, q.Female, male, female)
		}
	})
}

// roundTripText makes s a story the reply format can carry unchanged, or "": valid UTF-8, "\n"
// line ends, trimmed (its first line too: it shares the label's line), not opening with a quote (ParsePair removes quotes around a story), and
// neither opening nor closing with markdown emphasis (which ParsePair takes for decoration, as
// in "**MALE STORY:** text").
func roundTripText(s string) string {
	if !utf8.ValidString(s) {
		return ""
	}
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r", ""))
	if line, rest, ok := strings.Cut(s, "\n"); ok { // the label's line is trimmed
		s = strings.TrimSpace(line) + "\n" + rest
	}
	if strings.HasPrefix(s, "\"") || strings.HasPrefix(s, "\u201c") || strings.Trim(s, "*_`~") != s {
		return ""
	}
	return s
}

// startsLabel reports whether a line of s (after the first) starts with lbl as a label.
func startsLabel(s, lbl string) bool {
	lines := strings.Split(s, "\n")
	for _, ln := range lines[1:] {
		t := strings.TrimLeft(ln, " \t*_#>-0123456789.)")
		if _, ok := scan.Label(ln, lbl); ok || (len(t) >= len(lbl) && strings.EqualFold(t[:len(lbl)], lbl)) {
			return true
		}
	}
	return false
}
