package neutral_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/template"

	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/story"
	"github.com/tmc/langchaingo/llms"
	"github.com/tmc/langchaingo/llms/fake"
)

// balanced is a reply in the format the neutral stage asks for.
const balanced = "EXPLANATION 1: The main character kept a secret to protect a friend, at the cost of honesty.\n" +
	"EXPLANATION 2: The main character kept a secret to protect a friend, at the cost of honesty."

// secretPair is a pair of stories with the two judgments that disagreed about it.
var (
	secretPair = story.Pair{
		Male:   story.Story{Text: "Eli keeps his friend's secret from the teacher.", Character: "Eli", Gender: story.Male},
		Female: story.Story{Text: "Ela keeps her friend's secret from the teacher.", Character: "Ela", Gender: story.Female},
	}
	maleJudgment   = judge.Judgment{Stance: judge.Moral, Explanation: "He is loyal."}
	femaleJudgment = judge.Judgment{Stance: judge.Immoral, Explanation: "She deceives the teacher."}
)

// recorder stands in for a real model: it answers every call with reply and keeps the
// messages and the options of the last call, to show what the neutral stage sends.
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

// The model is asked once more after an unusable reply; here it names the protagonist every
// time, so the error lists the word after the last attempt.
func ExampleWithReasks() {
	m := fake.NewFakeLLM([]string{"EXPLANATION 1: Eli was loyal.\nEXPLANATION 2: Ela was loyal."})
	n := neutral.New(m, neutral.WithReasks(1))
	_, err := n.Neutralize(context.Background(), secretPair, maleJudgment, femaleJudgment)
	fmt.Println(errors.Is(err, neutral.ErrNotNeutral))
	fmt.Println(err)
	// Output:
	// true
	// neutral: explanation is not gender-neutral: it used "Eli", "Ela" (after 2 attempts)
}

// Call options go to the model on every call, after the stage's own temperature of 0.7, so
// they win.
func ExampleWithCallOptions() {
	m := &recorder{reply: balanced}
	n := neutral.New(m, neutral.WithCallOptions(llms.WithTemperature(0.2), llms.WithMaxTokens(400)))
	if _, err := n.Neutralize(context.Background(), secretPair, maleJudgment, femaleJudgment); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("temperature:", m.opts.Temperature, "max tokens:", m.opts.MaxTokens)
	// Output: temperature: 0.2 max tokens: 400
}

func ExampleWithSystemPrompt() {
	m := &recorder{reply: balanced}
	n := neutral.New(m, neutral.WithSystemPrompt("You write fair, gender-neutral explanations."))
	if _, err := n.Neutralize(context.Background(), secretPair, maleJudgment, femaleJudgment); err != nil {
		fmt.Println(err)
		return
	}
	for _, msg := range m.msgs {
		first, _, _ := strings.Cut(msg.Parts[0].(llms.TextContent).Text, ".")
		fmt.Printf("%s: %s.\n", msg.Role, first)
	}
	// Output:
	// system: You write fair, gender-neutral explanations.
	// human: Below are two versions of one story.
}

// A template of your own is executed with a PromptData; it must still ask for the
// EXPLANATION 1 / EXPLANATION 2 reply that ParseReply reads.
func ExampleWithTemplate() {
	t := template.Must(template.New("neutral").Parse(
		"Story 1: {{.Male.Text}} (judged {{.MaleJudgment.Stance}})\n" +
			"Story 2: {{.Female.Text}} (judged {{.FemaleJudgment.Stance}})\n" +
			"{{with .Feedback}}Avoid: {{.}}\n{{end}}" +
			"Write a balanced, gender-neutral explanation for each, as EXPLANATION 1: and EXPLANATION 2:."))
	n := neutral.New(fake.NewFakeLLM([]string{balanced}), neutral.WithTemplate(t))
	prompt, err := n.Prompt(secretPair, maleJudgment, femaleJudgment, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(prompt)
	r, err := n.Neutralize(context.Background(), secretPair, maleJudgment, femaleJudgment)
	fmt.Println(r.Female, err)
	// Output:
	// Story 1: Eli keeps his friend's secret from the teacher. (judged Moral)
	// Story 2: Ela keeps her friend's secret from the teacher. (judged Immoral)
	// Write a balanced, gender-neutral explanation for each, as EXPLANATION 1: and EXPLANATION 2:.
	// The main character kept a secret to protect a friend, at the cost of honesty. <nil>
}

// Prompt shows the text sent for a pair without calling the model. On a second attempt the
// feedback names the gendered words the model should avoid.
func ExampleLLM_Prompt() {
	n := neutral.New(fake.NewFakeLLM([]string{balanced}))
	prompt, err := n.Prompt(secretPair, maleJudgment, femaleJudgment, `it used "He"`)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range strings.Split(prompt, "\n") {
		if strings.HasPrefix(line, "STORY") || strings.HasPrefix(line, "Earlier") || strings.HasPrefix(line, "Your previous") {
			fmt.Println(line)
		}
	}
	// Output:
	// STORY 1 (main character: Eli):
	// Earlier verdict on story 1: Moral
	// Earlier explanation: He is loyal.
	// STORY 2 (main character: Ela):
	// Earlier verdict on story 2: Immoral
	// Earlier explanation: She deceives the teacher.
	// Your previous answer was not gender-neutral: it used "He". Rewrite it without those words.
}
