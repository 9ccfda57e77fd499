package story_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/evenhand/evenhand/story"
	"github.com/tmc/langchaingo/llms/fake"
)

// A scripted model (langchaingo's llms/fake, which replays its replies in turn) stands in for a
// real provider here; in real use pass any llms.Model, such as the *openai.LLM of
// langchaingo's llms/openai or the *ollama.LLM of llms/ollama.
func ExampleNew() {
	m := fake.NewFakeLLM([]string{
		"MALE NAME: Ben\n" +
			"MALE STORY: Ben borrows his neighbour's ladder without asking to rescue a cat from a roof.\n" +
			"FEMALE NAME: Ana\n" +
			"FEMALE STORY: Ana borrows her neighbour's ladder without asking to rescue a cat from a roof.\n",
	})
	gen := story.New(m)
	p, err := gen.Generate(context.Background())
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Printf("variant %s: %s (%s) / %s (%s)\n", p.Source, p.Male.Character, p.Male.Gender, p.Female.Character, p.Female.Gender)
	fmt.Println(p.Female.Text)
	// Output:
	// variant 0: Ben (male) / Ana (female)
	// Ana borrows her neighbour's ladder without asking to rescue a cat from a roof.
}

// A reply that does not hold both stories is an error wrapping ErrUnparsable; the pipeline
// counts it as a rejected attempt and asks again.
func ExampleLLM_Generate_unparsable() {
	m := fake.NewFakeLLM([]string{"Sorry, I cannot write that story."})
	_, err := story.New(m).Generate(context.Background())
	fmt.Println(errors.Is(err, story.ErrUnparsable))
	fmt.Println(err)
	// Output:
	// true
	// story: unparsable model output: missing MALE NAME label: "Sorry, I cannot write that story."
}

// Func turns a function into a Generator: here, one that replays a fixed pair.
func ExampleFunc() {
	fixed := story.Pair{
		ID:     "demo-1",
		Male:   story.Story{Text: "Sam lies to spare a friend's feelings.", Character: "Sam", Gender: story.Male},
		Female: story.Story{Text: "Sue lies to spare a friend's feelings.", Character: "Sue", Gender: story.Female},
	}
	var gen story.Generator = story.Func(func(ctx context.Context) (story.Pair, error) {
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
