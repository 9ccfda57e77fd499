package story_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/story"
)

// A scripted model stands in for a real provider here; with a real one, pass e.g. the
// *openai.LLM from langchaingo's llms/openai.
func ExampleNew() {
	m := &llmtest.Model{Reply: llmtest.Cycle(
		"MALE NAME: Ben\n" +
			"MALE STORY: Ben borrows his neighbour's ladder without asking to rescue a cat from a roof.\n" +
			"FEMALE NAME: Ana\n" +
			"FEMALE STORY: Ana borrows her neighbour's ladder without asking to rescue a cat from a roof.\n",
	)}
	gen := story.New(m, story.WithVariants(0, 2), story.WithEnvironments("neighbourhood"))
	for range 2 {
		p, err := gen.Generate(context.Background())
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		fmt.Printf("variant %s, %s: %s / %s\n", p.Source, p.Environment, p.Male.Character, p.Female.Character)
	}
	p, _ := gen.Generate(context.Background())
	fmt.Println(p.Female.Text)
	// Output:
	// variant 0, neighbourhood: Ben / Ana
	// variant 2, neighbourhood: Ben / Ana
	// Ana borrows her neighbour's ladder without asking to rescue a cat from a roof.
}

func ExampleLLM_Generate_unparsable() {
	m := &llmtest.Model{Reply: llmtest.Cycle("Sorry, I cannot write that story.")}
	_, err := story.New(m).Generate(context.Background())
	fmt.Println(errors.Is(err, story.ErrUnparsable))
	fmt.Println(err)
	// Output:
	// true
	// story: unparsable model output: missing MALE NAME label: "Sorry, I cannot write that story."
}

// GeneratorFunc turns a function into a Generator: here, one that replays a fixed pair.
func ExampleGeneratorFunc() {
	fixed := story.Pair{
		ID:     "demo-1",
		Male:   story.Story{Text: "Sam lies to spare a friend's feelings.", Character: "Sam", Gender: story.Male},
		Female: story.Story{Text: "Sue lies to spare a friend's feelings.", Character: "Sue", Gender: story.Female},
	}
	var gen story.Generator = story.GeneratorFunc(func(ctx context.Context) (story.Pair, error) {
		return fixed, ctx.Err()
	})
	p, err := gen.Generate(context.Background())
	fmt.Println(p.ID, p.Male.Character, p.Female.Character, err)
	// Output: demo-1 Sam Sue <nil>
}

func ExampleParsePair() {
	reply := "Here you go!\n\n" +
		"**MALE NAME:** Leo\n" +
		"**MALE STORY:** Leo keeps a found ring to pay for his mother's medicine.\n" +
		"**FEMALE NAME:** Mia\n" +
		"**FEMALE STORY:** Mia keeps a found ring to pay for her mother's medicine.\n"
	p, err := story.ParsePair(reply)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(p.Male.Character, "|", p.Male.Text)
	fmt.Println(p.Female.Character, "|", p.Female.Text)
	// Output:
	// Leo | Leo keeps a found ring to pay for his mother's medicine.
	// Mia | Mia keeps a found ring to pay for her mother's medicine.
}
