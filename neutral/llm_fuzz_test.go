package neutral

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/internal/scan"
)

// FuzzParseReply checks that no reply makes ParseReply panic, that a failure wraps
// ErrUnparsable with an empty Result, that a success holds two trimmed, non-empty explanations,
// and that explanations from the fuzzer written in the reply format read back as written unless
// the first holds a line that starts with the "EXPLANATION 2" label.
//
//	go test -run '^$' -fuzz '^FuzzParseReply$' -fuzztime 10s ./neutral
func FuzzParseReply(f *testing.F) {
	for _, s := range []string{
		"EXPLANATION 1: The main character kept a promise.\nEXPLANATION 2: The main character kept a promise.",
		"**Explanation 1:** a\n\n**Explanation 2:** b\n",
		"EXPLANATION 2: b\nEXPLANATION 1: a",
		"Explanation 1 - a\nExplanation 2 - b",
		"EXPLANATION 1:\nEXPLANATION 2: b",
		"", "EXPLANATION 1: \xff\nEXPLANATION 2: \xfe",
	} {
		f.Add(s, "They meant well.", "STANCE: Moral\nEXPLANATION 1: echoed")
	}
	f.Add(`{"explanation_1": "a", "explanation_2": "b"}`, "x", "y")
	for _, r := range corpusReplies { // reasoning blocks, tables, JSON objects (issue 19)
		f.Add(r, "x", "y")
	}
	f.Fuzz(func(t *testing.T, reply, first, second string) {
		if q, ok, err := ParseJSONReply(reply); !ok && (err != nil || q != (Result{})) || ok && err == nil && (q.Male == "" || q.Female == "") {
			t.Fatalf("ParseJSONReply(%q) = %+v, %v, %v", reply, q, ok, err)
		}
		r, err := ParseReply(reply)
		if err != nil {
			if !errors.Is(err, ErrUnparsable) || r != (Result{}) {
				t.Fatalf("ParseReply(%q) = %+v, %v; want an empty Result and ErrUnparsable", reply, r, err)
			}
		} else if r.Male == "" || r.Female == "" || r.Male != strings.TrimSpace(r.Male) || r.Female != strings.TrimSpace(r.Female) {
			t.Fatalf("ParseReply(%q) = %+v: empty or untrimmed explanation", reply, r)
		}

		first, second = plain(first), plain(second)
		if first == "" || second == "" || hasLabelLine(first, "explanation 2") ||
			scan.Value(first) != first || scan.Value(second) != second || // chatter is cut, by design
			scan.Split(first).Answer != first || scan.Split(second).Answer != second { // and so is reasoning
			return
		}
		in := "EXPLANATION 1: " + first + "\nEXPLANATION 2: " + second + "\n"
		got, err := ParseReply(in)
		if err != nil || got.Male != first || got.Female != second {
			t.Fatalf("ParseReply(%q) = %+v, %v; want %q and %q", in, got, err, first, second)
		}
	})
}

// plain makes s an explanation the reply format can carry unchanged, or "": valid UTF-8 with
// "\n" line ends, trimmed (its first line too: it shares the label's line), not opening with
// markdown emphasis (taken for the label's).
func plain(s string) string {
	if !utf8.ValidString(s) {
		return ""
	}
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r", ""))
	if line, rest, ok := strings.Cut(s, "\n"); ok { // the label's line is trimmed
		s = strings.TrimSpace(line) + "\n" + rest
	}
	if strings.TrimLeft(s, "*_`~") != s {
		return ""
	}
	return s
}

// hasLabelLine reports whether a line of s after the first starts with lbl as a label would.
func hasLabelLine(s, lbl string) bool {
	lines := strings.Split(s, "\n")
	for _, ln := range lines[1:] {
		t := strings.TrimLeft(ln, " \t*_#>-0123456789.)")
		if _, ok := scan.Label(ln, lbl); ok || (len(t) >= len(lbl) && strings.EqualFold(t[:len(lbl)], lbl)) {
			return true
		}
	}
	return false
}

// FuzzCheckAxis checks that no text makes CheckAxis panic, and that every finding is a word of
// the text at its offset, in text order, never overlapping the one before.
//
//	go test -run '^$' -fuzz '^FuzzCheckAxis$' -fuzztime 10s ./neutral
func FuzzCheckAxis(f *testing.F) {
	for _, s := range []string{"As a Muslim, Sam prayed at the mosque.", "A 78-year-old in a wheelchair", "\xff Jew's", ""} {
		f.Add(s, "Sam")
	}
	lex := axis.Builtin()
	f.Fuzz(func(t *testing.T, text, name string) {
		for _, a := range axis.Axes() {
			last := -1
			for _, x := range CheckAxis(lex, a, text, name, "Muslim") {
				if x.Offset <= last || x.Word == "" || x.Offset+len(x.Word) > len(text) || text[x.Offset:x.Offset+len(x.Word)] != x.Word {
					t.Fatalf("CheckAxis(%s, %q, %q): bad finding %+v", a, text, name, x)
				}
				last = x.Offset + len(x.Word) - 1
			}
		}
	})
}
