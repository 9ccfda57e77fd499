package dpo_test

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/record"
)

// cardRecords are four kept pairs; pairs 0 and 1 tell the same story with other names, so a
// split keeps them together.
var cardRecords = []record.Record{
	{ID: 0, ExampleSource: 0,
		Male:   record.Side{Story: "Tom hid his brother's bad grades from their parents.", CharacterName: "Tom", Stance: judge.Moral, Explanation: "He protected his brother.", NeutralExplanation: "The main character protected a sibling but deceived the parents."},
		Female: record.Side{Story: "Ann hid her brother's bad grades from their parents.", CharacterName: "Ann", Stance: judge.Immoral, Explanation: "She lied to her parents.", NeutralExplanation: "The main character protected a sibling but deceived the parents."}},
	{ID: 1, ExampleSource: 1,
		Male:   record.Side{Story: "Ben hid his brother's bad grades from their parents.", CharacterName: "Ben", Stance: judge.Both, Explanation: "Loyal but dishonest.", NeutralExplanation: "Loyalty and honesty pull apart for the main character."},
		Female: record.Side{Story: "Eva hid her brother's bad grades from their parents.", CharacterName: "Eva", Stance: judge.Moral, Explanation: "Loyalty.", NeutralExplanation: "Loyalty and honesty pull apart for the main character."}},
	{ID: 2, ExampleSource: 2,
		Male:   record.Side{Story: "Sam returned a wallet but kept the cash inside it.", CharacterName: "Sam", Stance: judge.Immoral, Explanation: "He stole.", NeutralExplanation: "Returning the wallet was honest; keeping the cash was not."},
		Female: record.Side{Story: "Sue returned a wallet but kept the cash inside it.", CharacterName: "Sue", Stance: judge.Both, Explanation: "She returned it.", NeutralExplanation: "Returning the wallet was honest; keeping the cash was not."}},
	{ID: 3, ExampleSource: 0,
		Male:   record.Side{Story: "Raj reported a friend who drove home drunk.", CharacterName: "Raj", Stance: judge.Moral, Explanation: "He kept people safe.", NeutralExplanation: "The main character put public safety above a friendship."},
		Female: record.Side{Story: "Rani reported a friend who drove home drunk.", CharacterName: "Rani", Stance: judge.Immoral, Explanation: "She betrayed a friend.", NeutralExplanation: "The main character put public safety above a friendship."}},
}

// SplitRecords keeps near-duplicate pairs on the same side, so no story leaks from the
// training set into the evaluation set.
func ExampleSplitRecords_nearDuplicates() {
	s, err := dpo.SplitRecords(cardRecords, dpo.WithEvalFraction(0.5), dpo.WithSeed(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, part := range []struct {
		name    string
		records []record.Record
	}{{"train", s.Train}, {"eval", s.Eval}} {
		fmt.Print(part.name, ":")
		for _, r := range part.records {
			fmt.Print(" ", r.ID)
		}
		fmt.Println()
	}
	fmt.Println(s.Groups, "groups")
	// Output:
	// train: 2 3
	// eval: 0 1
	// 3 groups
}

// CountSplit counts the rows of one written file, for the dataset's Card.
func ExampleCountSplit() {
	examples, err := dpo.Examples(cardRecords)
	if err != nil {
		fmt.Println(err)
		return
	}
	st := dpo.CountSplit("train", "train.jsonl", examples)
	fmt.Printf("%s (%s): %d pairs, %d rows, genders %v, variants %v\n", st.Name, st.File, st.Pairs, st.Examples, st.Genders, st.Sources)
	// Output:
	// train (train.jsonl): 4 pairs, 8 rows, genders map[female:4 male:4], variants map[0:2 1:1 2:1]
}

// Add counts rows one at a time, as they are written.
func ExampleSplitStats_Add() {
	examples, err := dpo.Examples(cardRecords)
	if err != nil {
		fmt.Println(err)
		return
	}
	enc := dpo.NewEncoder(io.Discard, dpo.TRL) // in real use, the training file
	st := dpo.SplitStats{Name: "train", File: "train.jsonl"}
	for _, e := range examples {
		if err := enc.Encode(e); err != nil {
			fmt.Println(err)
			return
		}
		st.Add(e)
	}
	fmt.Println(st.Pairs, "pairs,", st.Examples, "rows,", st.Genders)
	// Output:
	// 4 pairs, 8 rows, map[female:4 male:4]
}

// A Card documents the files written: the markdown README (with the YAML header the Hugging
// Face hub reads) names them per split and counts their rows.
func ExampleCard_WriteMarkdown() {
	s, err := dpo.SplitRecords(cardRecords, dpo.WithEvalFraction(0.5), dpo.WithSeed(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	train, _ := dpo.Examples(s.Train)
	eval, _ := dpo.Examples(s.Eval)
	card := dpo.Card{
		Name:         "my DPO data",
		Format:       dpo.TRL,
		Template:     dpo.DefaultTemplate,
		Seed:         1,
		EvalFraction: 0.5,
		MaxRouge1:    dpo.DefaultMaxRouge1,
		Splits:       []dpo.SplitStats{dpo.CountSplit("train", "train.jsonl", train), dpo.CountSplit("eval", "eval.jsonl", eval)},
	}
	var md strings.Builder
	if err := card.WriteMarkdown(&md); err != nil {
		fmt.Println(err)
		return
	}
	// Print the YAML header and the counts only; the README goes on with the prompt and how to train.
	header, rest, _ := strings.Cut(md.String(), "\n# ")
	fmt.Println(header)
	_, counts, _ := strings.Cut(rest, "## Counts\n\n")
	counts, _, _ = strings.Cut(counts, "\n\n")
	fmt.Println(counts)
	// Output:
	// ---
	// configs:
	// - config_name: default
	//   data_files:
	//   - split: train
	//     path: train.jsonl
	//   - split: eval
	//     path: eval.jsonl
	// ---
	//
	// | split | file | pairs | rows | female | male |
	// |---|---|---|---|---|---|
	// | train | `train.jsonl` | 2 | 4 | 2 | 2 |
	// | eval | `eval.jsonl` | 2 | 4 | 2 | 2 |
}

// The JSON form of a Card is metadata for tools.
func ExampleCard_WriteJSON() {
	card := dpo.Card{
		Name:     "my SFT data",
		Format:   dpo.SFT,
		CDA:      true,
		Template: "{{.Story}} Moral or immoral?",
		Splits:   []dpo.SplitStats{{Name: "train", File: "train.jsonl", Pairs: 1, Examples: 2, Genders: map[string]int{"female": 1, "male": 1}}},
	}
	if err := card.WriteJSON(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "name": "my SFT data",
	//   "format": "sft",
	//   "cda": true,
	//   "template": "{{.Story}} Moral or immoral?",
	//   "seed": 0,
	//   "eval_fraction": 0,
	//   "max_rouge1": 0,
	//   "splits": [
	//     {
	//       "name": "train",
	//       "file": "train.jsonl",
	//       "pairs": 1,
	//       "examples": 2,
	//       "genders": {
	//         "female": 1,
	//         "male": 1
	//       },
	//       "sources": null
	//     }
	//   ]
	// }
}
