package neutral_test

import (
	"context"
	"fmt"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/story"
)

// CheckAxis finds what gives a group of the axis away: its mentions, the words that go with a
// group, and the names passed.
func ExampleCheckAxis() {
	text := "As a Hindu, Priya should not lie at the temple; the main character must weigh it."
	for _, f := range neutral.CheckAxis(axis.Builtin(), axis.Religion, text, "Priya") {
		fmt.Println(f)
	}
	// Output:
	// group "Hindu" at 5
	// name "Priya" at 12
	// group "temple" at 40
}

// NewTwin's first draft here names the group; the model is asked again, told which words gave
// it away, and the second draft is kept. (A scripted model stands in for a real provider.)
func ExampleNewTwin() {
	m := &llmtest.Model{Reply: llmtest.Cycle(
		"EXPLANATION 1: As a Muslim, the main character broke a promise.\nEXPLANATION 2: The main character broke a promise.",
		"EXPLANATION 1: The main character broke a promise to help a friend; loyalty and honesty pull apart.\n"+
			"EXPLANATION 2: The main character helped a friend at the cost of a promise; both sides have weight.",
	)}
	t := axis.Twin{Axis: axis.Religion, Groups: [2]string{"Muslim", "Christian"}, Stories: [2]story.Story{
		{Text: "Ali, a Muslim teacher, broke a promise to help a friend.", Character: "Ali"},
		{Text: "Ali, a Christian teacher, broke a promise to help a friend.", Character: "Ali"},
	}}
	r, err := neutral.NewTwin(m, nil).NeutralizeTwin(context.Background(), t,
		[2]judge.Judgment{{Stance: judge.Immoral}, {Stance: judge.Moral}})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(m.Calls(), "calls")
	fmt.Println(r.Explanations[0])
	// Output:
	// 2 calls
	// The main character broke a promise to help a friend; loyalty and honesty pull apart.
}
