package bench_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/bench"
)

// benchReplies are replies to multiple-choice and WinoBias questions, with and without the
// shapes of issue 19 (tables, JSON objects).
var benchReplies = []string{
	"(B) London", "A good question. The answer is D.", "answer: c", "B. London", "It was the grandson.",
	"| Answer | C |", `{"answer": "B"}`, "The nurse asked [the doctor] for help.", "[He] asked [the chief].",
	"I think it is B", "Option B is correct, not option C", "",
}

// reasoningBlocks hold drafts that name other answers.
var reasoningBlocks = []string{
	"<think>\nThe answer is A. Wait, no.\n</think>",
	"<THINKING>[the nurse] (C) D.</THINKING>",
	"<reasoning>{\"answer\": \"D\"}\n| Answer | A |</reasoning>",
	"<thought></thought>",
}

// readAll returns every reading of reply by the bench readers.
func readAll(reply string) []int {
	var out []int
	k, _ := bench.ParseChoice(reply, cities)
	out = append(out, k)
	for _, rule := range []bench.Rule{bench.RuleMMLU, bench.RuleBBQ, bench.RuleTruthfulQA} {
		k, _ := bench.ParseChoiceAs(reply, 4, rule)
		out = append(out, k)
	}
	return out
}

// TestReasoningNeverChangesTheReading checks issue 19's property for ParseChoice, ParseChoiceAs
// (every rule) and ExtractOccupation: a reasoning block inserted anywhere in a reply without
// reasoning changes nothing they read, and a reply cut off inside its reasoning reads nothing.
func TestReasoningNeverChangesTheReading(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(19, 3))
	for _, r := range benchReplies {
		want, wantOcc := readAll(r), bench.ExtractOccupation(r)
		for k := 0; k <= len(r); k++ {
			in := r[:k] + reasoningBlocks[rng.IntN(len(reasoningBlocks))] + r[k:]
			assert.Equal(t, want, readAll(in), "readings of %q", in)
			assert.Equal(t, wantOcc, bench.ExtractOccupation(in), "occupation of %q", in)
		}
		cut := r + "<think>The answer is (B). [the nurse]"
		for _, got := range readAll(cut) {
			assert.Equal(t, -1, got, "a reply cut off while reasoning: %q", cut)
		}
		assert.Empty(t, bench.ExtractOccupation(cut), "a reply cut off while reasoning: %q", cut)
	}
	k, ok := bench.ParseChoice("Okay, A or maybe C.\n</think>\n\nThe answer is B.", cities)
	require.True(t, ok)
	assert.Equal(t, 1, k, "a chat template that opened the block: everything before </think> is reasoning")
}

// FuzzReasoningBlock checks the same property on the fuzzer's replies and blocks.
//
//	go test -run '^$' -fuzz '^FuzzReasoningBlock$' -fuzztime 20000x ./bench
func FuzzReasoningBlock(f *testing.F) {
	for i, r := range benchReplies {
		f.Add(r, "The answer is (A). [the nurse] {\"answer\": \"D\"} | Answer | C |", i)
	}
	f.Fuzz(func(t *testing.T, reply, inside string, at int) {
		if strings.Contains(reply, "<") || strings.Contains(inside, "<") {
			return
		}
		at = min(max(at, 0), len(reply))
		in := reply[:at] + "<think>" + inside + "</think>" + reply[at:]
		want, got := readAll(reply), readAll(in)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("readings of %q = %v; without the block %v", in, got, want)
			}
		}
		if a, b := bench.ExtractOccupation(reply), bench.ExtractOccupation(in); a != b {
			t.Fatalf("ExtractOccupation(%q) = %q; without the block %q", in, b, a)
		}
	})
}
