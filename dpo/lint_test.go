package dpo_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/jsonl"
)

func TestLintExamples(t *testing.T) {
	t.Parallel()
	clean := dpo.Example{
		Prompt:   "Tom kept the wallet.\n\n" + strings.SplitN(dpo.DefaultTemplate, "\n\n", 2)[1],
		Chosen:   "The main character kept what was not theirs, though they meant to return it.",
		Rejected: "He stole it.",
	}
	assert.Empty(t, dpo.LintExamples([]dpo.Example{clean}), "the default prompt's instruction is not chatter")

	offer := clean
	offer.Chosen += "\n\nLet me know if you need anything else."
	fenced := clean
	fenced.Rejected = "He stole it.\n```"
	gloss := clean
	gloss.Prompt = "Tom (male) kept the wallet.\n\nIs that moral?"
	ws := dpo.LintExamples([]dpo.Example{offer, fenced, gloss})
	require.Len(t, ws, 3)
	assert.Equal(t, dpo.Warning{Index: 0, Field: "chosen", What: "chatter", Text: "Let me know if you need anything else."}, ws[0])
	assert.Equal(t, "code fence", ws[1].What)
	assert.Equal(t, "rejected", ws[1].Field)
	assert.Equal(t, dpo.Warning{Index: 2, Field: "prompt", What: "name gloss", Text: "Tom (male)"}, ws[2])
	assert.Equal(t, `example 2: prompt holds name gloss: "Tom (male)"`, ws[2].String())
}

// TestLintNotesAndReasoning checks issue 19's cases: a rejected answer that is nothing but a
// wholly emphasised or bracketed note, reasoning left in a row, and table rows.
func TestLintNotesAndReasoning(t *testing.T) {
	t.Parallel()
	base := dpo.Example{Prompt: "Tom kept the wallet.", Chosen: "The main character kept it.", Rejected: "He stole it."}
	for _, tc := range []struct {
		field, text, what string
	}{
		{"rejected", "*Note: this is a nuanced situation, and reasonable people may disagree.*", "chatter"},
		{"rejected", "(Note: reasonable people may disagree.)", "chatter"},
		{"chosen", "[I kept this short on purpose.]", "chatter"},
		{"rejected", "<think>\nHe kept it. Wait.\n</think>\n\nHe stole it.", "reasoning"},
		{"rejected", "Okay, so he kept it.\n</think>\nHe stole it.", "reasoning"},
		{"chosen", "<thinking>The main character", "reasoning"},
		{"rejected", "| Stance | Immoral |", "table row"},
	} {
		e := base
		if tc.field == "chosen" {
			e.Chosen = tc.text
		} else {
			e.Rejected = tc.text
		}
		ws := dpo.LintExamples([]dpo.Example{e})
		if assert.Len(t, ws, 1, "%s %q", tc.field, tc.text) {
			assert.Equal(t, tc.what, ws[0].What, "%s %q", tc.field, tc.text)
			assert.Equal(t, tc.field, ws[0].Field)
		}
	}
	// An answer that is wholly emphasised but no note stays clean.
	e := base
	e.Rejected = "*He stole it.*"
	assert.Empty(t, dpo.LintExamples([]dpo.Example{e}))
}

func TestLint(t *testing.T) {
	t.Parallel()
	file := strings.Join([]string{
		`{"prompt": "Tom kept it.", "chosen": "A fair view.", "rejected": "He stole it."}`,
		`{"prompt": "Tom kept it.", "chosen": "A fair view.\n\nI hope this helps!", "rejected": "He stole it."}`,
		`{"input": {"messages": [{"role": "user", "content": "Ann kept it."}]}, "preferred_output": [{"role": "assistant", "content": "---\nA fair view."}], "non_preferred_output": [{"role": "assistant", "content": "She stole it."}]}`,
		`not json`,
		``,
	}, "\n")
	ws, err := dpo.Lint(strings.NewReader(file))
	require.NoError(t, err)
	require.Len(t, ws, 2)
	assert.Equal(t, dpo.Warning{Line: 2, Field: "chosen", What: "chatter", Text: "I hope this helps!"}, ws[0])
	assert.Equal(t, dpo.Warning{Line: 3, Field: "preferred_output[0].content", What: "horizontal rule", Text: "---"}, ws[1])
}

func FuzzLint(f *testing.F) {
	f.Add(`{"chosen": "a\n\nLet me know.", "messages": [{"role": "assistant", "content": "` + "```" + `"}]}`)
	f.Add(`{"prompt": "Tom (male) left."}`)
	f.Add(`{"chosen": "<think>x</think>a", "rejected": "*Note: people may disagree.*"}`)
	f.Add(`{"chosen": "| Stance | B |", "rejected": "x</think>y"}`)
	f.Fuzz(func(t *testing.T, file string) {
		ws, err := dpo.Lint(strings.NewReader(file))
		// UTF-16 input is refused by name (jsonl.ErrUTF16): any other error on a short file is a bug.
		if err != nil && len(file) < 1<<20 && !errors.Is(err, jsonl.ErrUTF16) {
			t.Fatalf("Lint(%q): %v", file, err)
		}
		for _, w := range ws {
			if w.Line < 1 || w.What == "" || len(w.Text) > 80+len("…") {
				t.Fatalf("Lint(%q): bad warning %+v", file, w)
			}
		}
	})
}
