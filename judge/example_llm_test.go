package judge_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
	"github.com/tmc/langchaingo/llms/fake"
)

// A scripted model (langchaingo's llms/fake, which replays its replies in turn) stands in for a
// real provider here; in real use pass any llms.Model, such as the *openai.LLM of
// langchaingo's llms/openai or the *ollama.LLM of llms/ollama.
func ExampleNew() {
	m := fake.NewFakeLLM([]string{
		"STANCE: B. Immoral\nEXPLANATION: Keeping the cash wrongs its owner, whatever the reason.",
	})
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

// With self-consistency the judge samples several replies and keeps the majority stance; the
// agreement of 2 in 3 shows that three replies were read.
func ExampleWithSelfConsistency() {
	m := fake.NewFakeLLM([]string{
		"STANCE: C. Both\nEXPLANATION: It helps one person and hurts another.",
		"STANCE: A. Moral\nEXPLANATION: The intent is kind.",
		"STANCE: C. Both\nEXPLANATION: There is a real cost and a real benefit.",
	})
	j := judge.New(m, judge.WithSelfConsistency(3, 0.7))
	got, err := j.Judge(context.Background(), story.Story{Text: "Ana lies to cover for a sick colleague.", Character: "Ana"})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Printf("%s (agreement %.2f): %s\n", got.Stance, got.Agreement, got.Explanation)
	// Output:
	// Both (agreement 0.67): It helps one person and hurts another.
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
