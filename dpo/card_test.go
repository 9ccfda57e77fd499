package dpo_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
)

func TestCountSplit(t *testing.T) {
	t.Parallel()
	ex := []dpo.Example{
		{PairID: "1", Gender: story.Male, Source: "0"},
		{PairID: "1", Gender: story.Female, Source: "0"},
		{PairID: "2", Gender: story.Male, Source: "3"},
		{PairID: "3", Gender: story.Female, Source: "3"},
		{PairID: "3", Gender: story.Male, Source: "3"},
	}
	got := dpo.CountSplit("train", "train.jsonl", ex)
	want := dpo.SplitStats{
		Name: "train", File: "train.jsonl", Pairs: 3, Examples: 5,
		Genders: map[string]int{"male": 3, "female": 2},
		Sources: map[string]int{"0": 1, "3": 2},
	}
	// Compare through JSON: the unexported streaming state is not part of the result.
	gb, err := json.Marshal(got)
	require.NoError(t, err)
	wb, err := json.Marshal(want)
	require.NoError(t, err)
	assert.JSONEq(t, string(wb), string(gb))

	var s dpo.SplitStats
	s.Add(dpo.Example{PairID: "", Gender: story.Male, Source: "1"})
	assert.Equal(t, 1, s.Pairs, "the first example starts a pair even with an empty PairID")
}

func testCard(f dpo.Format, cda bool) dpo.Card {
	records := []record.Record{rec(0, 0, neutralText, neutralText), rec(1, 1, neutralText, neutralText), rec(2, 1, neutralText, "")}
	ex, _ := dpo.Examples(records[:2])
	return dpo.Card{
		Name:         "evenhand GenMO-style DPO data",
		Format:       f,
		CDA:          cda,
		Template:     dpo.DefaultTemplate,
		SystemPrompt: "Judge the action, not the person.",
		Model:        "llama3.1:8b",
		Source:       "records.jsonl",
		Seed:         7,
		EvalFraction: 0.5,
		MaxRouge1:    dpo.DefaultMaxRouge1,
		Splits: []dpo.SplitStats{
			dpo.CountSplit("train", "train.jsonl", ex[:2]),
			dpo.CountSplit("eval", "eval.jsonl", ex[2:]),
		},
	}
}

// TestCardGolden pins the card for one format of each kind of instructions.
func TestCardGolden(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		f    dpo.Format
		cda  bool
	}{
		{"trl-conversational", dpo.TRLConversational, false},
		{"openai", dpo.OpenAI, false},
		{"sft-messages-cda", dpo.SFTMessages, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := testCard(tt.f, tt.cda)
			var md, js bytes.Buffer
			require.NoError(t, c.WriteMarkdown(&md))
			require.NoError(t, c.WriteJSON(&js))
			var back dpo.Card
			require.NoError(t, json.Unmarshal(js.Bytes(), &back))
			assert.Equal(t, c.Format, back.Format)
			assert.Equal(t, c.Splits[0].Genders, back.Splits[0].Genders)
			assert.Contains(t, js.String(), `"format": "`+tt.f.String()+`"`)

			golden := filepath.Join("testdata", "golden", "card-"+tt.name+".md")
			if *update {
				require.NoError(t, os.WriteFile(golden, md.Bytes(), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test -update to create the golden files")
			assert.Equal(t, string(want), md.String())
		})
	}
}

// A card shows the diversity figures when they were measured, and no such section otherwise.
func TestCardDiversity(t *testing.T) {
	t.Parallel()
	c := testCard(dpo.TRL, false)
	var without bytes.Buffer
	require.NoError(t, c.WriteMarkdown(&without))
	assert.NotContains(t, without.String(), "How varied")

	c.Diversity = &dpo.Diversity{Embedder: "lexical",
		Male:   dpo.SimilarityFigures{Stories: 3, Mean: 0.25, Std: 0.125, Min: 0.0625, Max: 0.5, Median: 0.1875},
		Female: dpo.SimilarityFigures{Stories: 3, Mean: 0.3, Std: 0.1, Min: 0.1, Max: 0.6, Median: 0.2}}
	var md, js bytes.Buffer
	require.NoError(t, c.WriteMarkdown(&md))
	assert.Contains(t, md.String(), "## How varied are the stories?")
	assert.Contains(t, md.String(), "(embedder: `lexical`)")
	assert.Contains(t, md.String(), "| male | 3 | 0.2500 | 0.1250 | 0.0625 | 0.5000 | 0.1875 |")
	require.NoError(t, c.WriteJSON(&js))
	var back dpo.Card
	require.NoError(t, json.Unmarshal(js.Bytes(), &back))
	assert.Equal(t, c.Diversity, back.Diversity)
}
