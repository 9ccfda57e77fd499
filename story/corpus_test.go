package story

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/internal/fakechat"
)

// corpusReplies are pair replies of issue 19: reasoning, tables, JSON as models send it.
var corpusReplies = []string{
	"MALE NAME: Tom\nMALE STORY: Tom kept it.\nFEMALE NAME: Ann\nFEMALE STORY: Ann kept it.",
	"<think>\nDraft:\nMALE NAME: Zed\nMALE STORY: Zed lied.\nFEMALE NAME: Zoe\nFEMALE STORY: Zoe lied.\n</think>\n\nMALE NAME: Tom\nMALE STORY: Tom kept it.\nFEMALE NAME: Ann\nFEMALE STORY: Ann kept it.",
	"Okay, a draft: MALE NAME: Zed\n</think>\nMALE NAME: Tom\nMALE STORY: Tom kept it.\nFEMALE NAME: Ann\nFEMALE STORY: Ann kept it.",
	"<think>\nMALE NAME: Zed\nMALE STORY: Zed lied.",
	"| | |\n|---|---|\n| **Male name** | Tom |\n| **Male story** | Tom kept it. |\n| **Female name** | Ann |\n| **Female story** | Ann kept it. |",
	"| Male name | Male story | Female name | Female story |\n|---|---|---|---|\n| Tom | Tom kept it. | Ann | Ann kept it. |",
	`{"title": "x", "male_name": "Tom", "male_story": "Tom kept it.", "female_name": "Ann", "female_story": "Ann kept it."}`,
	"Here is the JSON:\n```json\n{\"Male_Name\": \"Tom\", \"Male_Story\": \"Tom kept it.\", \"Female_Name\": \"Ann\", \"Female_Story\": \"Ann kept it.\"}\n```",
	`{"male_name": "Tom", "male_story": 1, "female_name": "Ann", "female_story": "y"}`,
	`{"male_name": "Tom", "male_name": "Bob", "male_story": "x", "female_name": "Ann", "female_story": "y"}`,
}

// corpus returns corpusReplies and the realistic fake model's pair replies, in text and JSON
// mode, with every phrasing.
func corpus(t *testing.T) []string {
	t.Helper()
	out := append([]string(nil), corpusReplies...)
	for _, jsonMode := range []bool{false, true} {
		for v := range Variants {
			prompt, err := New(nil, WithJSON(jsonMode)).Prompt(v, "")
			require.NoError(t, err)
			for n := range 60 {
				out = append(out, fakechat.Respond(prompt, n, jsonMode, fakechat.AllPhrasings).Content)
			}
		}
	}
	return out
}

// generateRead reads a reply as Generate does in JSON mode: as a JSON pair first, else as text.
func generateRead(reply string) (Pair, error) {
	p, ok, err := ParsePairJSON(reply)
	if !ok {
		p, err = ParsePair(reply)
	}
	return p, err
}

// TestJSONModeNeverReadsWorse checks, over the corpus, that a generator in JSON mode reads every
// reply as a generator in text mode does.
func TestJSONModeNeverReadsWorse(t *testing.T) {
	t.Parallel()
	for _, r := range corpus(t) {
		tp, terr := ParsePair(r)
		jp, jerr := generateRead(r)
		assert.Equal(t, tp, jp, "JSON mode and text mode read %q alike", r)
		assert.Equal(t, terr == nil, jerr == nil, "JSON mode and text mode fail alike on %q: %v, %v", r, terr, jerr)
	}
}

var blocks = []string{
	"<think>\nDraft:\nMALE NAME: Zed\nMALE STORY: Zed lied.\nFEMALE NAME: Zoe\nFEMALE STORY: Zoe lied.\n</think>",
	"<THINKING>{\"male_name\": \"Zed\", \"male_story\": \"x\", \"female_name\": \"Zoe\", \"female_story\": \"y\"}</THINKING>",
	"<reasoning>| Male name | Zed |</reasoning>",
	"<thought></thought>",
}

// TestReasoningNeverChangesTheReading checks, over the corpus, that a reasoning block inserted
// anywhere in a reply without reasoning changes nothing ParsePair or ParsePairJSON read.
func TestReasoningNeverChangesTheReading(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(19, 2))
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
			sameReading(t, r, r[:k]+blocks[rng.IntN(len(blocks))]+r[k:])
			checked++
		}
	}
	require.Positive(t, checked)
}

// sameReading fails t when ParsePair or ParsePairJSON read in differently from r, the reasoning
// (and the reply quoted in errors) aside.
func sameReading(t *testing.T, r, in string) {
	t.Helper()
	want, werr := ParsePair(r)
	got, gerr := ParsePair(in)
	got.Reasoning, want.Reasoning = "", ""
	if got != want || (gerr == nil) != (werr == nil) {
		t.Fatalf("ParsePair(%q) = %+v, %v; without the block %+v, %v", in, got, gerr, want, werr)
	}
	wantJ, wok, werr := ParsePairJSON(r)
	gotJ, gok, gerr := ParsePairJSON(in)
	gotJ.Reasoning, wantJ.Reasoning = "", ""
	if gotJ != wantJ || gok != wok || (gerr == nil) != (werr == nil) {
		t.Fatalf("ParsePairJSON(%q) = %+v, %v, %v; without the block %+v, %v, %v", in, gotJ, gok, gerr, wantJ, wok, werr)
	}
}

// FuzzReasoningBlock checks the same property on the fuzzer's replies and blocks, and that a
// reply cut off inside its reasoning is never read.
//
//	go test -run '^$' -fuzz '^FuzzReasoningBlock$' -fuzztime 20000x ./story
func FuzzReasoningBlock(f *testing.F) {
	for i, r := range corpusReplies {
		f.Add(r, "MALE NAME: Zed\nMALE STORY: x\nFEMALE NAME: Zoe\nFEMALE STORY: y\n{\"male_name\": \"Zed\"}", i)
	}
	f.Fuzz(func(t *testing.T, reply, inside string, at int) {
		if strings.Contains(reply, "<") || strings.Contains(inside, "<") {
			return
		}
		at = min(max(at, 0), len(reply))
		sameReading(t, reply, reply[:at]+"<think>"+inside+"</think>"+reply[at:])
		if p, err := ParsePair(reply + "<think>" + inside); err == nil {
			t.Fatalf("ParsePair of a reply cut off while reasoning = %+v", p)
		}
	})
}
