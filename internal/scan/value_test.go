package scan

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want, chatter string
	}{
		{"plain", "Tom kept the wallet.", "Tom kept the wallet.", ""},
		{"two paragraphs of the value", "Tom kept the wallet.\n\nLater he gave it back.", "Tom kept the wallet.\n\nLater he gave it back.", ""},
		{"trailing offer", "a balanced view\n\nLet me know if you need anything else.", "a balanced view", "Let me know if you need anything else."},
		{"I hope this helps", "The main character meant well.\n\nI hope this helps!", "The main character meant well.", "I hope this helps!"},
		{"closing fence", "Ann kept the wallet.\n```", "Ann kept the wallet.", "```"},
		{"opening and closing fence", "```\nAnn kept the wallet.\n```\n", "Ann kept the wallet.", "```\n```"},
		{"fence with language", "```text\nAnn kept it.\n```", "Ann kept it.", "```text\n```"},
		{"horizontal rule then a note", "Ann kept it.\n\n---\n\n*Note: the names are made up.*", "Ann kept it.", "---\n\n*Note: the names are made up.*"},
		{"emphasised note", "Ann kept it.\n\n*Note: both stories are fictional.*", "Ann kept it.", "*Note: both stories are fictional.*"},
		{"label note", "Ann kept it.\n\nNote: both stories are fictional.", "Ann kept it.", "Note: both stories are fictional."},
		{"parenthesised aside", "Ann kept it.\n\n(Both versions differ only in gender.)", "Ann kept it.", "(Both versions differ only in gender.)"},
		{"intro line", "Here is the story:\n\nAnn kept it.", "Ann kept it.", "Here is the story:"},
		{"a colon inside the value stays", "There are two sides:\n- honesty\n- loyalty", "There are two sides:\n- honesty\n- loyalty", ""},
		{"first-person value keeps first-person paragraphs", "I am a man. I kept the wallet.\n\nI gave it back later.", "I am a man. I kept the wallet.\n\nI gave it back later.", ""},
		{"dialogue in quotes is not the reader's voice", "Ann kept it.\n\n\"Can you help me?\" she asked.", "Ann kept it.\n\n\"Can you help me?\" she asked.", ""},
		{"stars rule", "x\n* * *\ny", "x", "* * *\ny"},
		{"empty", "", "", ""},
		// Issue 19: a note is never a value, even when it is all there is.
		{"a note alone", "*Note: this is a nuanced situation, and reasonable people may disagree.*", "", "*Note: this is a nuanced situation, and reasonable people may disagree.*"},
		{"a note before the value", "(Note: fictional.)\n\nAnn kept it.", "Ann kept it.", "(Note: fictional.)"},
		{"an emphasised value is no note", "*Ann kept it.*", "*Ann kept it.*", ""},
		{"a table row ends the value", "She lied.\n| Confidence | high |", "She lied.", "| Confidence | high |"},
		{"a closing formula", "She lied.\n\nWarm regards!", "She lied.", "Warm regards!"},
		{"a subject-less thanks", "She lied.\n\nCheers!", "She lied.", "Cheers!"},
		{"a subject-less wish", "She lied.\n\nHope that helps.", "She lied.", "Hope that helps."},
		{"a short last sentence stays", "She lied.\n\nIt hurt.", "She lied.\n\nIt hurt.", ""},
		{"a block quote", "> She lied.\n>\n> > Twice.", "She lied.\n\nTwice.", ""},
		{"a quote inside a value stays", "She said:\n> I lied.", "She said:\n> I lied.", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, Value(tt.in), "Value(%q)", tt.in)
			assert.Equal(t, tt.chatter, Chatter(tt.in), "Chatter(%q)", tt.in)
		})
	}
}

func FuzzValue(f *testing.F) {
	for _, s := range []string{"a\n\nLet me know.", "```\nx\n```", "Here:\n\nx", "x\n---\ny", "\"you\" \u201cme\u201d I",
		"*Note: a.*", "(I did.)\n\nx", "x\n| a | b |", "<think>x</think>y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := Value(s)
		if v != Value(v) {
			t.Fatalf("Value(%q) = %q, but Value of that is %q", s, v, Value(v))
		}
	})
}

// TestVoicerPieces checks that voice read in pieces gives voice of the whole, wherever the text
// is cut.
func TestVoicerPieces(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"I hope this helps!", "\"Can you help me?\" she asked.\nLet me know.", "you'", "Hope it helps.\nThanks", "it's yours'", "“my” own", "a\n\nCheers!"} {
		for k := 0; k <= len(s); k++ {
			if k < len(s) && !utf8.RuneStart(s[k]) {
				continue // pieces end at rune boundaries, as lines do
			}
			var v voicer
			v.feed(s[:k])
			v.feed(s[k:])
			assert.Equal(t, voice(s), v.result(), "voice of %q cut at %d", s, k)
		}
	}
}

// TestValueIsLinear checks that a reply of many paragraphs or blank lines is read in linear
// time: 20,000 paragraphs took seconds when each blank line rescanned the value before it.
func TestValueIsLinear(t *testing.T) {
	t.Parallel()
	s := "a" + strings.Repeat("\n\nI x", 20000) + strings.Repeat("\n", 20000) + "y"
	assert.NotEmpty(t, Value(s))
}
