package judge

import (
	"strings"
	"testing"

	"github.com/evenhand/evenhand/internal/llmcall"
	"github.com/evenhand/evenhand/internal/scan"
)

// FuzzParseReply checks that no reply makes ParseReply panic, that Raw is the reply unchanged,
// that the stance is one of the five, that the explanation is trimmed, and that a reply which is
// a valid stance's name behind a STANCE label reads back as that stance.
func FuzzParseReply(f *testing.F) {
	for _, r := range issueRows {
		f.Add(r.reply)
	}
	for _, c := range parseCases {
		f.Add(c.reply)
	}
	for _, c := range robustCases {
		f.Add(c.reply)
	}
	for _, r := range jsonCorpus { // reasoning blocks, tables, JSON objects (issue 19)
		f.Add(r)
	}
	f.Fuzz(func(t *testing.T, reply string) {
		j := ParseReply(reply)
		if j.Raw != reply {
			t.Fatalf("ParseReply(%q).Raw = %q, want the input", reply, j.Raw)
		}
		if j.Stance > CantSay {
			t.Fatalf("ParseReply(%q).Stance = %d, out of range", reply, j.Stance)
		}
		if j.Explanation != strings.TrimSpace(j.Explanation) {
			t.Fatalf("ParseReply(%q).Explanation = %q, not trimmed", reply, j.Explanation)
		}
		if strings.Contains(j.Explanation, "\r") {
			t.Fatalf("ParseReply(%q).Explanation = %q, holds a carriage return", reply, j.Explanation)
		}
		if st := ParseStance(reply); st > CantSay {
			t.Fatalf("ParseStance(%q) = %d, out of range", reply, st)
		}
		// Two answer labels that disagree never resolve to one stance, and a stance word in prose
		// on the answer line is never taken for an answer, unless a STANCE label decides.
		labelled := func(text string) bool {
			lines := scan.Lines(text)
			q := quotedLines(lines)
			l, _, _ := findLabel(lines, q, stanceLabels)
			m, _, _ := findLabel(lines, q, answerLabels)
			return l >= 0 || m >= 0
		}
		if two := "Answer: A\nVerdict: B\n" + reply; !labelled(reply) {
			if got := ParseReply(two).Stance; got != Invalid {
				t.Fatalf("ParseReply(%q).Stance = %v; two answer labels disagree", two, got)
			}
		}
		if prose := "It is not immoral to do this.\n" + reply; !labelled(prose) {
			if got := ParseReply(prose).Stance; got != Invalid {
				t.Fatalf("ParseReply(%q).Stance = %v; a stance word in prose was taken", prose, got)
			}
		}
		// A STANCE label decides, whatever the explanation says, unless the explanation holds
		// reasoning tags (a block left open cuts the answer off), a STANCE or answer label that
		// names another stance (two different explicit answers: issue 19), or a line that opens
		// a JSON object.
		for st := Moral; st <= CantSay; st++ {
			in := "STANCE: " + st.String() + "\nEXPLANATION: " + reply
			a := scan.Answer(in, tableLabels...)
			if a.Answer != in {
				continue
			}
			lines := scan.Lines(a.Answer)
			want := st
			if conflicts(lines, quotedLines(lines), st) || holdsObject(a.Answer) {
				want = Invalid // two explicit answers, or a JSON object that may be another
			}
			if got := ParseReply(in).Stance; got != want {
				t.Fatalf("ParseReply(%q) = %v, want %v", in, got, want)
			}
		}
	})
}

// FuzzThreeChoices checks that a judge offering three options (WithChoices(3)) never reads Can't
// say, in text or in JSON mode, and otherwise reads every reply exactly as the four-option
// judge does: the only difference is Can't say, which becomes Invalid.
func FuzzThreeChoices(f *testing.F) {
	for _, r := range []string{"STANCE: D. Can't say\nEXPLANATION: x", "D", "Can't say", `{"stance": "D", "explanation": "x"}`, "STANCE: C. Both\nEXPLANATION: y"} {
		f.Add(r, false)
		f.Add(r, true)
	}
	for _, r := range jsonCorpus {
		f.Add(r, true)
	}
	f.Fuzz(func(t *testing.T, reply string, jsonMode bool) {
		three := New(nil, WithChoices(3), WithJSON(jsonMode)).read(llmcall.Reply{Text: reply})
		four := New(nil, WithJSON(jsonMode)).read(llmcall.Reply{Text: reply})
		if three.Stance == CantSay {
			t.Fatalf("three options read Can't say from %q", reply)
		}
		want := four
		if want.Stance == CantSay {
			want.Stance = Invalid
		}
		if three != want {
			t.Fatalf("three options read %q as %+v, four as %+v", reply, three, four)
		}
	})
}
