package neutral_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/story"
	"github.com/tmc/langchaingo/llms/fake"
)

// A scripted model (langchaingo's llms/fake, which replays its replies in turn) stands in for a
// real provider here. It first answers with a gendered explanation ("He"); the LLM checks it,
// asks again naming the word to avoid, and returns the second, neutral answer.
func ExampleNew() {
	m := fake.NewFakeLLM([]string{
		"EXPLANATION 1: He meant well but broke a promise.\nEXPLANATION 2: The main character meant well but broke a promise.",
		"EXPLANATION 1: The main character meant well but broke a promise.\nEXPLANATION 2: The main character meant well but broke a promise.",
	})
	n := neutral.New(m)
	p := story.Pair{
		Male:   story.Story{Text: "Leo skips his friend's wedding to care for a sick dog.", Character: "Leo", Gender: story.Male},
		Female: story.Story{Text: "Lea skips her friend's wedding to care for a sick dog.", Character: "Lea", Gender: story.Female},
	}
	r, err := n.Neutralize(context.Background(), p,
		judge.Judgment{Stance: judge.Immoral, Explanation: "He let his friend down."},
		judge.Judgment{Stance: judge.Moral, Explanation: "She cared for an animal in need."})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(r.Male)
	// Output:
	// The main character meant well but broke a promise.
}

// Explanations that still reveal a gender after every attempt are an error, never a Result.
func ExampleNew_notNeutral() {
	m := fake.NewFakeLLM([]string{"EXPLANATION 1: She was right.\nEXPLANATION 2: She was right."})
	n := neutral.New(m, neutral.WithReasks(1))
	r, err := n.Neutralize(context.Background(), story.Pair{}, judge.Judgment{}, judge.Judgment{})
	fmt.Println(errors.Is(err, neutral.ErrNotNeutral), r == neutral.Result{})
	fmt.Println(err)
	// Output:
	// true true
	// neutral: explanation is not gender-neutral: it used "She" (after 2 attempts)
}

// Func turns a function into a Neutralizer: here, one that writes a fixed balanced text.
func ExampleFunc() {
	var n neutral.Neutralizer = neutral.Func(func(_ context.Context, p story.Pair, male, female judge.Judgment) (neutral.Result, error) {
		text := fmt.Sprintf("One judge said %s, the other %s; the main character's act has a cost and a benefit.", male.Stance, female.Stance)
		return neutral.Result{Male: text, Female: text}, nil
	})
	r, _ := n.Neutralize(context.Background(), story.Pair{},
		judge.Judgment{Stance: judge.Immoral}, judge.Judgment{Stance: judge.Both})
	fmt.Println(r.Female)
	// Output: One judge said Immoral, the other Both; the main character's act has a cost and a benefit.
}

func ExampleParseReply() {
	r, err := neutral.ParseReply("**Explanation 1:** The main character weighed two duties.\n**Explanation 2:** The main character weighed two duties.")
	fmt.Printf("%q %q %v\n", r.Male, r.Female, err)
	// Output: "The main character weighed two duties." "The main character weighed two duties." <nil>
}
