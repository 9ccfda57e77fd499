package scan

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSplit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, answer, reasoning string
		cut                         bool
	}{
		{"no reasoning", "STANCE: B", "STANCE: B", "", false},
		{"think block with newlines", "<think>\nDraft: A\n</think>\n\nSTANCE: B", "\n\nSTANCE: B", "Draft: A", false},
		{"think block without newline", "<think>Draft: A</think>STANCE: B", "STANCE: B", "Draft: A", false},
		{"upper case tags", "<THINK>x</THINK>answer", "answer", "x", false},
		{"mixed case tag names", "<Thinking>x</thinking>answer", "answer", "x", false},
		{"reasoning tag", "<reasoning>\nx\n</reasoning>\nanswer", "\nanswer", "x", false},
		{"thought tag", "<thought>x</thought>answer", "answer", "x", false},
		{"blank before the closing bracket", "<think >x</think >answer", "answer", "x", false},
		{"empty block", "<think>\n\n</think>\n\nanswer", "\n\nanswer", "", false},
		{"two blocks", "<think>a</think>one <think>b</think>two", "one two", "a\n\nb", false},
		{"nested blocks", "<think>a <think>b</think> c</think>answer", "answer", "a <think>b</think> c", false},
		{"different closing name", "<think>a</thinking>answer", "answer", "a", false},
		{"text before a block", "Sure.\n<think>a</think>\nanswer", "Sure.\n\nanswer", "a", false},
		{"template opened the block", "Okay, the user asks.\nSTANCE: A?\n</think>\n\nSTANCE: B", "\n\nSTANCE: B", "Okay, the user asks.\nSTANCE: A?", false},
		{"stray closing tag after a block", "<think>a</think>b</think>c", "c", "ab", false},
		{"cut off inside a block", "<think>\nSTANCE: A. Moral, draft", "", "STANCE: A. Moral, draft", true},
		{"cut off after text", "Sure!\n<think>STANCE: A", "", "STANCE: A", true},
		{"cut off in a second block", "<think>a</think>x<think>b", "", "a\n\nb", true},
		{"only an opening tag", "<think>", "", "", true},
		{"not a tag", "a <b> tag and <thinker> and <think", "a <b> tag and <thinker> and <think", "", false},
		{"harmony final", "<|channel|>analysis<|message|>Draft: A<|end|><|start|>assistant<|channel|>final<|message|>STANCE: B<|return|>", "STANCE: B", "Draft: A", false},
		{"harmony cut off", "<|channel|>analysis<|message|>Draft: A", "", "Draft: A", true},
		{"harmony marker only", "a <|channel|> b", "a <|channel|> b", "", false},
		{"empty", "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := Split(tt.in)
			assert.Equal(t, Reply{Answer: tt.answer, Reasoning: tt.reasoning, Cut: tt.cut}, r, "Split(%q)", tt.in)
		})
	}
}

// TestSplitBlockNeverChangesTheAnswer checks the property every parser relies on: a reasoning
// block inserted anywhere in a reply without reasoning, whatever it holds, leaves the answer
// exactly as it was.
func TestSplitBlockNeverChangesTheAnswer(t *testing.T) {
	t.Parallel()
	replies := []string{"STANCE: B\nEXPLANATION: She lied.", "| Stance | B |", `{"stance": "A"}`, "", "é ü"}
	blocks := []string{"<think>STANCE: A</think>", "<THINKING>\nAnswer: C\n</THINKING>", "<reasoning></reasoning>", "<think>{\"stance\": \"D\"}</think>"}
	for _, r := range replies {
		for _, b := range blocks {
			for at := 0; at <= len(r); at++ {
				in := r[:at] + b + r[at:]
				assert.Equal(t, r, Split(in).Answer, "Split(%q).Answer", in)
			}
		}
	}
}

func FuzzSplit(f *testing.F) {
	for _, s := range []string{"<think>a</think>b", "a</think>b", "<think>a", "<THINKING>x</thinking>", "<|channel|>analysis<|message|>a<|end|><|channel|>final<|message|>b", "<think><think></think>"} {
		f.Add(s, "STANCE: A", 3)
	}
	f.Fuzz(func(t *testing.T, reply, inside string, at int) {
		r := Split(reply)
		if r.Cut && r.Answer != "" {
			t.Fatalf("Split(%q) = %+v: a cut reply has an answer", reply, r)
		}
		if len(r.Answer) > len(reply) {
			t.Fatalf("Split(%q).Answer = %q: longer than the reply", reply, r.Answer)
		}
		// A block inserted into a reply without reasoning never changes its answer.
		if strings.Contains(reply, "<") || strings.Contains(inside, "<") {
			return
		}
		at = min(max(at, 0), len(reply))
		in := reply[:at] + "<think>" + inside + "</think>" + reply[at:]
		if got := Split(in); got.Answer != reply || got.Reasoning != strings.TrimSpace(inside) || got.Cut {
			t.Fatalf("Split(%q) = %+v, want the answer %q", in, got, reply)
		}
	})
}
