package dpo_test

import (
	"fmt"
	"strings"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
)

// JudgeExamples makes in-context examples for judge.WithExamples from kept pairs: the paper's
// few-shot baseline.
func ExampleJudgeExamples() {
	records := []record.Record{{
		Male:   record.Side{Story: "Ali kept a lost dog he found.", NeutralExplanation: "Kind to the dog, but the owner may be searching."},
		Female: record.Side{Story: "Amy kept a lost dog she found.", NeutralExplanation: "Kind to the dog, but the owner may be searching."},
	}}
	for _, e := range dpo.JudgeExamples(records, 1) {
		fmt.Printf("%s | %s | stance shown: %t\n", e.Story, e.Explanation, e.Stance.Valid())
	}
	j := judge.New(nil, judge.WithExamples(dpo.JudgeExamples(records, 0)...))
	prompt, err := j.Prompt(story.Story{Text: "Jo keeps the change a cashier gave by mistake."})
	fmt.Println(strings.Count(prompt, "Example "), "examples in the prompt;", err)
	// Output:
	// Ali kept a lost dog he found. | Kind to the dog, but the owner may be searching. | stance shown: false
	// 2 examples in the prompt; <nil>
}
