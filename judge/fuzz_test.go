package judge

import (
	"strings"
	"testing"
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
		for st := Moral; st <= CantSay; st++ {
			if got := ParseReply("STANCE: " + st.String() + "\nEXPLANATION: " + reply).Stance; got != st {
				t.Fatalf("ParseReply with stance %v and explanation %q = %v", st, reply, got)
			}
		}
	})
}
