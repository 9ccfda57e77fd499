package dpo_test

import (
	"fmt"
	"os"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/record"
)

// variantRecords returns n kept pairs written by prompt variant v (Record.ExampleSource), with
// IDs from first on.
func variantRecords(first, n, v int) []record.Record {
	records := make([]record.Record, n)
	for i := range records {
		records[i] = record.Record{
			ID:            first + i,
			ExampleSource: v,
			Male:          record.Side{Story: fmt.Sprintf("Story %d with Tom.", first+i), Stance: judge.Moral, Explanation: "He meant well.", NeutralExplanation: "The main character meant well."},
			Female:        record.Side{Story: fmt.Sprintf("Story %d with Ann.", first+i), Stance: judge.Immoral, Explanation: "She was careless.", NeutralExplanation: "The main character meant well."},
		}
	}
	return records
}

// WithMaxPairs keeps the first n usable pairs: the paper trained on 125 pairs (250 rows).
func ExampleWithMaxPairs() {
	examples, err := dpo.Examples(variantRecords(0, 5, 0), dpo.WithMaxPairs(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range examples {
		fmt.Println("pair", e.PairID, e.Gender)
	}
	_, err = dpo.Examples(nil, dpo.WithMaxPairs(-1))
	fmt.Println(err)
	// Output:
	// pair 0 male
	// pair 0 female
	// pair 1 male
	// pair 1 female
	// dpo: invalid option: max pairs -1 is negative
}

// WithBalancedSources takes as many pairs from each prompt variant as the scarcest one has.
func ExampleWithBalancedSources() {
	records := append(variantRecords(0, 4, 0), variantRecords(4, 2, 1)...) // four zero-shot pairs, two one-shot
	examples, err := dpo.Examples(records, dpo.WithBalancedSources(true))
	if err != nil {
		fmt.Println(err)
		return
	}
	stats := dpo.CountSplit("train", "train.jsonl", examples)
	fmt.Println(stats.Pairs, "pairs:", stats.Sources)
	// Output:
	// 4 pairs: map[0:2 1:2]
}

// By default a pair is used only when both sides are usable (the paper's rule); with
// WithRequireBothSides(false) a pair with one usable side gives that side's row.
func ExampleWithRequireBothSides() {
	r := variantRecords(0, 1, 0)
	r[0].Female.NeutralExplanation = "" // no balanced explanation for this side
	for _, require := range []bool{true, false} {
		examples, err := dpo.Examples(r, dpo.WithRequireBothSides(require))
		fmt.Println(require, len(examples), err)
	}
	// Output:
	// true 0 <nil>
	// false 1 <nil>
}

// The system prompt goes where each format expects one.
func ExampleWithSystemPrompt() {
	examples, err := dpo.Examples(variantRecords(0, 1, 0), dpo.WithSystemPrompt("Judge the act, not the person."), dpo.WithTemplate(tmpl("{{.Story}}")))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%q\n", examples[0].System)
	for _, f := range []dpo.Format{dpo.SFT, dpo.SFTMessages} {
		if err := dpo.Write(os.Stdout, f, examples[:1]); err != nil {
			fmt.Println(err)
		}
	}
	// Output:
	// "Judge the act, not the person."
	// {"prompt":"Judge the act, not the person.\n\nStory 0 with Tom.","completion":"The main character meant well."}
	// {"messages":[{"role":"system","content":"Judge the act, not the person."},{"role":"user","content":"Story 0 with Tom."},{"role":"assistant","content":"The main character meant well."}]}
}

// The template turns a story into the prompt of a training row; {{.Name}} stands for the
// protagonist's name.
func ExampleWithTemplate() {
	r := variantRecords(0, 1, 0)
	r[0].Male.CharacterName = "Tom"
	examples, err := dpo.Examples(r, dpo.WithTemplate(tmpl("{{.Story}}\nWas {{.Name}} right?")))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%q\n", examples[0].Prompt)
	_, err = dpo.Examples(r, dpo.WithTemplate(tmpl("Was it right?")))
	fmt.Println(err)
	// Output:
	// "Story 0 with Tom.\nWas Tom right?"
	// dpo: invalid option: template "dpo" never writes the story ({{.Story}})
}

// ParseTemplate reads a prompt template kept in a file; PromptData is what it is executed with.
func ExampleParseTemplate() {
	t, err := dpo.ParseTemplate("{{.Name}} did this: {{.Story}}\nMoral or immoral, and why?")
	if err != nil {
		fmt.Println(err)
		return
	}
	r := record.Record{
		Male:   record.Side{Story: "Tom kept a found wallet.", CharacterName: "Tom", Explanation: "Stealing.", NeutralExplanation: "He kept it, though he may have meant to return it."},
		Female: record.Side{Story: "Ann kept a found wallet.", CharacterName: "Ann", Explanation: "Careful.", NeutralExplanation: "She kept it, though she may have meant to return it."},
	}
	examples, err := dpo.Examples([]record.Record{r}, dpo.WithTemplate(t))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%q\n", examples[1].Prompt)
	// Output:
	// "Ann did this: Ann kept a found wallet.\nMoral or immoral, and why?"
}
