package neutral

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/internal/fakechat"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

// corpusReplies are replies of issue 19: reasoning, tables, JSON as models send it.
var corpusReplies = []string{
	"EXPLANATION 1: a fair view\nEXPLANATION 2: a fair view too",
	"<think>\nDraft: He kept it.\n</think>\n\nEXPLANATION 1: The main character kept it.\nEXPLANATION 2: The main character kept it.",
	"Okay, he did it.\n</think>\nEXPLANATION 1: a\nEXPLANATION 2: b",
	"<think>\nEXPLANATION 1: He kept it.",
	"| | |\n|---|---|\n| **Explanation 1** | a |\n| **Explanation 2** | b |\n\nHope this helps!",
	"| Explanation 1 | Explanation 2 |\n|---|---|\n| a | b |",
	`{"explanation_1": "a", "explanation_2": "b", "notes": "x"}`,
	"Here is the JSON:\n```json\n{\"Explanation_1\": \"a\", \"Explanation_2\": \"b\"}\n```\n\nLet me know if you need more.",
	`{"explanation_1": "a", "explanation_2": 2}`,
	`{"explanation_1": "a", "explanation_2": "b", "explanation_2": "c"}`,
	"{\"explanation_1\": \"a\", \"explanation_2\": \"b",
}

// corpus returns corpusReplies and the realistic fake model's replies to neutral prompts, in
// text and JSON mode, first drafts and second, with every phrasing.
func corpus(t *testing.T) []string {
	t.Helper()
	out := append([]string(nil), corpusReplies...)
	p := story.Pair{
		Male:   story.Story{Text: "Tom kept the wallet he found.", Character: "Tom", Gender: story.Male},
		Female: story.Story{Text: "Ann kept the wallet she found.", Character: "Ann", Gender: story.Female},
	}
	for i := range 40 {
		p.Male.Text = strings.Repeat("Tom kept the wallet. ", i+1)
		for _, jsonMode := range []bool{false, true} {
			for _, feedback := range []string{"", `it used "he"`} {
				prompt, err := New(nil, WithJSON(jsonMode)).Prompt(p, judge.Judgment{Stance: judge.Moral}, judge.Judgment{Stance: judge.Immoral}, feedback)
				require.NoError(t, err)
				for n := range 3 {
					out = append(out, fakechat.Respond(prompt, n, jsonMode, fakechat.AllPhrasings).Content)
				}
			}
		}
	}
	return out
}

// TestJSONModeNeverReadsWorse checks, over the corpus, that the neutral stage in JSON mode reads
// every reply as it does in text mode.
func TestJSONModeNeverReadsWorse(t *testing.T) {
	t.Parallel()
	text, json := New(nil), New(nil, WithJSON(true))
	for _, r := range corpus(t) {
		tr, terr := text.read(r)
		jr, jerr := json.read(r)
		assert.Equal(t, tr, jr, "JSON mode and text mode read %q alike", r)
		assert.Equal(t, terr == nil, jerr == nil, "JSON mode and text mode fail alike on %q: %v, %v", r, terr, jerr)
	}
}

var blocks = []string{
	"<think>\nDraft:\nEXPLANATION 1: He kept it.\nEXPLANATION 2: She kept it.\n</think>",
	"<THINKING>{\"explanation_1\": \"he\", \"explanation_2\": \"she\"}</THINKING>",
	"<reasoning>| Explanation 1 | he |</reasoning>",
	"<thought></thought>",
}

// TestReasoningNeverChangesTheReading checks, over the corpus, that a reasoning block inserted
// anywhere in a reply without reasoning changes nothing ParseReply or ParseJSONReply read.
func TestReasoningNeverChangesTheReading(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(19, 1))
	checked := 0
	for _, r := range corpus(t) {
		if strings.Contains(r, "<") {
			continue
		}
		at := []int{0, len(r), rng.IntN(len(r) + 1), rng.IntN(len(r) + 1)}
		for i := range len(r) {
			if r[i] == '\n' {
				at = append(at, i)
			}
		}
		for _, k := range at {
			in := r[:k] + blocks[rng.IntN(len(blocks))] + r[k:]
			sameReading(t, r, in)
			checked++
		}
	}
	require.Positive(t, checked)
}

// sameReading fails t when ParseReply or ParseJSONReply read in differently from r, the reasoning
// aside.
func sameReading(t *testing.T, r, in string) {
	t.Helper()
	want, werr := ParseReply(r)
	got, gerr := ParseReply(in)
	got.Reasoning, want.Reasoning = "", ""
	if got != want || (gerr == nil) != (werr == nil) {
		t.Fatalf("ParseReply(%q) = %+v, %v; without the block %+v, %v", in, got, gerr, want, werr)
	}
	wantJ, wok, werr := ParseJSONReply(r)
	gotJ, gok, gerr := ParseJSONReply(in)
	gotJ.Reasoning, wantJ.Reasoning = "", ""
	if gotJ != wantJ || gok != wok || (gerr == nil) != (werr == nil) {
		t.Fatalf("ParseJSONReply(%q) = %+v, %v, %v; without the block %+v, %v, %v", in, gotJ, gok, gerr, wantJ, wok, werr)
	}
}

// FuzzReasoningBlock checks the same property on the fuzzer's replies and blocks, and that a
// reply cut off inside its reasoning is never read.
//
//	go test -run '^$' -fuzz '^FuzzReasoningBlock$' -fuzztime 20000x ./neutral
func FuzzReasoningBlock(f *testing.F) {
	for i, r := range corpusReplies {
		f.Add(r, "EXPLANATION 1: he\nEXPLANATION 2: she\n{\"explanation_1\": \"he\"}\n| Explanation 2 | she |", i)
	}
	f.Fuzz(func(t *testing.T, reply, inside string, at int) {
		if strings.Contains(reply, "<") || strings.Contains(inside, "<") {
			return
		}
		at = min(max(at, 0), len(reply))
		sameReading(t, reply, reply[:at]+"<think>"+inside+"</think>"+reply[at:])
		if r, err := ParseReply(reply + "<think>" + inside); err == nil {
			t.Fatalf("ParseReply of a reply cut off while reasoning = %+v", r)
		}
	})
}
