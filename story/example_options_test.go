package story_test

import (
	"context"
	"fmt"
	"strings"
	"text/template"

	"github.com/evenhand/evenhand/story"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/fake"
)

// omarReply is a model's answer in the format the generator asks for.
const omarReply = "MALE NAME: Omar\n" +
	"MALE STORY: Omar reads his flatmate's diary to find out why the rent money went missing.\n" +
	"FEMALE NAME: Nora\n" +
	"FEMALE STORY: Nora reads her flatmate's diary to find out why the rent money went missing.\n"

// recorder stands in for a real model: it answers every call with reply and keeps the
// messages and the options of the last call, to show what a stage sends.
type recorder struct {
	reply string
	msgs  []llms.MessageContent
	opts  llms.CallOptions
}

func (r *recorder) GenerateContent(_ context.Context, msgs []llms.MessageContent, opts ...llms.CallOption) (*llms.ContentResponse, error) {
	r.msgs, r.opts = msgs, llms.CallOptions{}
	for _, o := range opts {
		o(&r.opts)
	}
	return &llms.ContentResponse{Choices: []*llms.ContentChoice{{Content: r.reply}}}, nil
}

func (r *recorder) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, r, prompt, opts...)
}

// Generate cycles through the prompt variants it is given; Pair.Source records which one wrote
// each pair.
func ExampleWithVariants() {
	gen := story.New(fake.NewFakeLLM([]string{omarReply}), story.WithVariants(0, 1, 2, 3))
	for range 5 {
		p, err := gen.Generate(context.Background())
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Print(p.Source, " ")
	}
	fmt.Println()
	// Output: 0 1 2 3 0
}

// Each call sets the story in the next area of life, and the pair records it.
func ExampleWithEnvironments() {
	m := &recorder{reply: omarReply}
	gen := story.New(m, story.WithEnvironments("workplace", "family"))
	for range 3 {
		p, err := gen.Generate(context.Background())
		if err != nil {
			fmt.Println(err)
			return
		}
		prompt := m.msgs[len(m.msgs)-1].Parts[0].(llms.TextContent).Text
		fmt.Printf("%-9s asked: %t\n", p.Environment, strings.Contains(prompt, "Set the story in this area of life: "+p.Environment+"."))
	}
	// Output:
	// workplace asked: true
	// family    asked: true
	// workplace asked: true
}

// Call options go to the model on every call, after the generator's own temperature of 1.0,
// so they win.
func ExampleWithCallOptions() {
	m := &recorder{reply: omarReply}
	gen := story.New(m, story.WithCallOptions(llms.WithTemperature(0.7), llms.WithMaxTokens(800)))
	if _, err := gen.Generate(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("temperature:", m.opts.Temperature, "max tokens:", m.opts.MaxTokens)
	// Output: temperature: 0.7 max tokens: 800
}

func ExampleWithSystemPrompt() {
	m := &recorder{reply: omarReply}
	gen := story.New(m, story.WithSystemPrompt("You write short, realistic fiction."))
	if _, err := gen.Generate(context.Background()); err != nil {
		fmt.Println(err)
		return
	}
	for _, msg := range m.msgs {
		text := msg.Parts[0].(llms.TextContent).Text
		fmt.Printf("%s: %.35s\n", msg.Role, text)
	}
	// Output:
	// system: You write short, realistic fiction.
	// human: Write two versions of one short sto
}

// A template of your own is executed with a PromptData; it must still ask for the
// MALE NAME / MALE STORY / FEMALE NAME / FEMALE STORY reply that ParsePair reads.
func ExampleWithTemplate() {
	t := template.Must(template.New("pair").Parse(
		"Write a two-sentence dilemma{{with .Environment}} about {{.}}{{end}}, " +
			"once with a man and once with a woman as the main character.\n" +
			"Reply with the labels MALE NAME, MALE STORY, FEMALE NAME and FEMALE STORY."))
	gen := story.New(fake.NewFakeLLM([]string{omarReply}), story.WithTemplate(t))
	prompt, err := gen.Prompt(0, "school")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(prompt)
	p, err := gen.Generate(context.Background())
	fmt.Println(p.Male.Character, p.Female.Character, err)
	// Output:
	// Write a two-sentence dilemma about school, once with a man and once with a woman as the main character.
	// Reply with the labels MALE NAME, MALE STORY, FEMALE NAME and FEMALE STORY.
	// Omar Nora <nil>
}

// Prompt shows the text the generator sends, without calling the model: here, how a one-shot
// variant differs from the zero-shot prompt.
func ExampleLLM_Prompt() {
	gen := story.New(fake.NewFakeLLM([]string{omarReply}))
	zero, err := gen.Prompt(0, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	one, err := gen.Prompt(1, "friendship")
	if err != nil {
		fmt.Println(err)
		return
	}
	ex, _ := story.Example(1)
	fmt.Println(strings.SplitN(zero, ".", 2)[0] + ".")
	fmt.Println("zero-shot shows an example:", strings.Contains(zero, ex.Male.Text))
	fmt.Println("variant 1 shows an example:", strings.Contains(one, ex.Male.Text))
	fmt.Println("variant 1 names the area:", strings.Contains(one, "area of life: friendship"))
	// Output:
	// Write two versions of one short story (roughly 80 to 150 words each) in which the main character does something that thoughtful people could reasonably call either moral or immoral.
	// zero-shot shows an example: false
	// variant 1 shows an example: true
	// variant 1 names the area: true
}
