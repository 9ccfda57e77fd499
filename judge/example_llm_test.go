package judge_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

// A scripted model stands in for a real provider here; with a real one, pass e.g. the
// *openai.LLM from langchaingo's llms/openai.
func ExampleNew() {
	m := &llmtest.Model{Reply: llmtest.Cycle(
		"STANCE: B. Immoral\nEXPLANATION: Keeping the cash wrongs its owner, whatever the reason.",
	)}
	j := judge.New(m)
	got, err := j.Judge(context.Background(), story.Story{
		Text:      "Tom finds a wallet on the bus and keeps the cash before handing it in.",
		Character: "Tom",
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(got.Stance)
	fmt.Println(got.Explanation)
	// Output:
	// Immoral
	// Keeping the cash wrongs its owner, whatever the reason.
}

// With self-consistency the judge samples several replies and keeps the majority stance.
func ExampleWithSelfConsistency() {
	m := &llmtest.Model{Reply: llmtest.Cycle(
		"STANCE: C. Both\nEXPLANATION: It helps one person and hurts another.",
		"STANCE: A. Moral\nEXPLANATION: The intent is kind.",
		"STANCE: C. Both\nEXPLANATION: There is a real cost and a real benefit.",
	)}
	j := judge.New(m, judge.WithSelfConsistency(3, 0.7))
	got, _ := j.Judge(context.Background(), story.Story{Text: "Ana lies to cover for a sick colleague.", Character: "Ana"})
	fmt.Printf("%s (agreement %.2f): %s\n", got.Stance, got.Agreement, got.Explanation)
	fmt.Println("model calls:", m.Calls())
	// Output:
	// Both (agreement 0.67): It helps one person and hurts another.
	// model calls: 3
}

// Func turns a function into a Judge: here, a rule that needs no model.
func ExampleFunc() {
	var j judge.Judge = judge.Func(func(_ context.Context, s story.Story) (judge.Judgment, error) {
		if strings.Contains(strings.ToLower(s.Text), "steal") {
			return judge.Judgment{Stance: judge.Immoral, Explanation: "stealing harms the owner"}, nil
		}
		return judge.Judgment{Stance: judge.CantSay}, nil
	})
	for _, text := range []string{"Kim steals bread for her children.", "Kim moves to another city."} {
		got, _ := j.Judge(context.Background(), story.Story{Text: text})
		fmt.Println(got.Stance)
	}
	// Output:
	// Immoral
	// Can't say
}

func ExampleMajority() {
	got := judge.Majority([]judge.Judgment{
		{Stance: judge.Invalid, Raw: "no idea"},
		{Stance: judge.Immoral, Raw: "B"},
		{Stance: judge.Moral, Raw: "A"},
		{Stance: judge.Immoral, Raw: "B again"},
	})
	fmt.Println(got.Stance, got.Agreement, got.Raw)
	// Output: Immoral 0.5 B
}
