package judge_test

import (
	"context"
	"fmt"

	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

// A judge in JSON mode reads a JSON reply strictly, and any other reply as text.
func ExampleWithJSON() {
	m := &llmtest.Model{Reply: func(context.Context, string, int) (string, error) {
		return `{"stance": "B", "explanation": "Keeping a found wallet is dishonest."}`, nil
	}}
	j := judge.New(m, judge.WithJSON(true))
	got, err := j.Judge(context.Background(), story.Story{Text: "Tom kept a wallet he found.", Character: "Tom"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(got.Stance, "-", got.Explanation)
	// Output: Immoral - Keeping a found wallet is dishonest.
}

func ExampleParseJSONReply() {
	for _, reply := range []string{
		`{"stance": "C", "explanation": "Kind aim, dishonest means."}`,
		"```json\n{\"stance\": \"Moral\", \"explanation\": \"He returned it.\"}\n```",
		"STANCE: B\nEXPLANATION: not JSON, so ParseReply reads it",
	} {
		j, ok, err := judge.ParseJSONReply(reply)
		if err != nil { // never for a judge: an unreadable stance is Stance Invalid
			fmt.Println(err)
			continue
		}
		fmt.Println(ok, j.Stance)
	}
	// Output:
	// true Both
	// true Moral
	// false INVALID
}

// The rules of ParseReply read what real models write, and never guess from prose.
func ExampleParseReply_unlabelled() {
	for _, reply := range []string{
		"Answer: B. Immoral",
		"**Immoral** – the main character broke a promise.",
		"I would say (B) Immoral because the main character lied.",
		"It is not immoral to keep a promise.",
		"Either (A) or (B) could be argued.",
	} {
		fmt.Println(judge.ParseReply(reply).Stance)
	}
	// Output:
	// Immoral
	// Immoral
	// Immoral
	// INVALID
	// INVALID
}
