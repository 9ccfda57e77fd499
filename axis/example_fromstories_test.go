package axis_test

import (
	"context"
	"fmt"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/story"
	"github.com/tmc/langchaingo/llms/fake"
)

// FromStories makes twins without a model where the rules can; here Swap abstains (a
// "wheelchair user" has no adjective to stand where "blind" does), so the rewriter, a model
// whose rewrite Lexicon.Check verifies, writes the second telling.
func ExampleFromStories() {
	groups := [2]string{"blind", "wheelchair user"}
	m := fake.NewFakeLLM([]string{"STORY: Sam, who is a wheelchair user, kept the money he found on the bus."})
	rw := axis.New(m, nil, axis.Disability, groups)
	g := axis.FromStories(nil, axis.Disability, groups, []story.Story{
		{Text: "Sam kept the money he found on the bus.", Character: "Sam", Gender: story.Male},
	}, rw)
	t, err := g.Generate(context.Background())
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(t.Source)
	fmt.Println(t.Stories[0].Text)
	fmt.Println(t.Stories[1].Text)
	// Output:
	// rewrite
	// Sam, who is blind, kept the money he found on the bus.
	// Sam, who is a wheelchair user, kept the money he found on the bus.
}
