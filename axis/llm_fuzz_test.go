package axis

import (
	"errors"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/internal/scan"
)

// FuzzParseTwin checks that no reply makes ParseTwin or ParseTwinJSON panic, that a failure wraps
// ErrUnparsable and quotes only a shortened reply, that a success holds two trimmed, non-empty
// tellings of one named character of one gender, and that a twin written in the reply format
// with tellings taken from the fuzzer reads back as written when they hold no label line and
// nothing a story's cleaning would cut.
//
//	go test -run '^$' -fuzz '^FuzzParseTwin$' -fuzztime 10s ./axis
func FuzzParseTwin(f *testing.F) {
	for _, s := range []string{
		"NAME: Sam\nGENDER: man\nFIRST STORY: Sam, a Muslim, kept it.\nSECOND STORY: Sam, a Christian, kept it.",
		"<think>NAME: x</think>\n**Name:** Sam\n**First story:**\nA\n\n**Second story:**\nB\n\nWant another?",
		"| Name | Sam |\n| Gender | woman |\n| First story | a |\n| Second story | b |",
		`{"name": "Sam", "gender": "man", "first_story": "a", "second_story": "b", "x": 1}`,
		`{"name": "Sam", "name": "Bo", "first_story": "a", "second_story": "b"}`,
		"NAME: \xff\nFIRST STORY: \xfe\nSECOND STORY: b", "", "<think>",
	} {
		f.Add(s, "Sam, a Muslim man, kept the wallet.", "Sam, a Christian man, kept the wallet.")
	}
	f.Fuzz(func(t *testing.T, reply, first, second string) {
		if tw, ok, err := ParseTwinJSON(reply); !ok && (err != nil || tw.Stories[0].Text != "") || ok && err == nil && (tw.Stories[0].Text == "" || tw.Stories[1].Character == "") {
			t.Fatalf("ParseTwinJSON(%q) = %+v, %v, %v", reply, tw, ok, err)
		}
		tw, err := ParseTwin(reply)
		if err != nil {
			if !errors.Is(err, ErrUnparsable) || len(err.Error()) > 1024 {
				t.Fatalf("ParseTwin(%q): error %v", reply, err)
			}
		} else {
			checkTwin(t, reply, tw)
		}
		if clean(first) && clean(second) {
			r := "NAME: Sam\nGENDER: woman\nFIRST STORY: " + first + "\nSECOND STORY: " + second
			tw, err := ParseTwin(r)
			if err != nil || tw.Stories[0].Text != first || tw.Stories[1].Text != second {
				t.Fatalf("ParseTwin(%q) = %+v, %v: not read back", r, tw, err)
			}
		}
	})
}

func checkTwin(t *testing.T, reply string, tw Twin) {
	t.Helper()
	for _, s := range tw.Stories {
		if s.Text == "" || s.Text != strings.TrimSpace(s.Text) {
			t.Fatalf("ParseTwin(%q): telling %q empty or not trimmed", reply, s.Text)
		}
		if s.Character == "" || len(s.Character) > 60 || strings.IndexFunc(s.Character, scan.EndsName) >= 0 {
			t.Fatalf("ParseTwin(%q): bad name %q", reply, s.Character)
		}
	}
	if tw.Stories[0].Character != tw.Stories[1].Character || tw.Stories[0].Gender != tw.Stories[1].Gender {
		t.Fatalf("ParseTwin(%q): the two tellings' characters differ: %+v", reply, tw.Stories)
	}
}

// clean reports whether s is a one-line telling that no cleaning rule touches: printable
// letters, digits, spaces and sentence punctuation, starting and ending with a letter.
func clean(s string) bool {
	if len(s) == 0 || len(s) > 200 || !isLetter(s[0]) || !isLetter(s[len(s)-1]) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isLetter(c) && !strings.ContainsRune(" ,0123456789", rune(c)) {
			return false
		}
	}
	return !strings.Contains(s, "  ")
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// FuzzParseRewrite checks that no reply makes ParseRewrite panic, that a failure wraps
// ErrUnparsable, and that a success is a trimmed, non-empty text.
//
//	go test -run '^$' -fuzz '^FuzzParseRewrite$' -fuzztime 10s ./axis
func FuzzParseRewrite(f *testing.F) {
	for _, s := range []string{"STORY: Sam, who is deaf, kept it.", "**Story:**\nA\n\nHope this helps!", `{"story": "a", "x": 2}`, `{"story": 3}`, "<think>", "", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, reply string) {
		s, err := ParseRewrite(reply)
		if err != nil {
			if !errors.Is(err, ErrUnparsable) || s != "" {
				t.Fatalf("ParseRewrite(%q) = %q, %v", reply, s, err)
			}
			return
		}
		if s == "" || s != strings.TrimSpace(s) {
			t.Fatalf("ParseRewrite(%q) = %q: empty or not trimmed", reply, s)
		}
	})
}
