package evenhand_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/llmx"
	"github.com/evenhand/evenhand/record"
	"github.com/tmc/langchaingo/llms"
)

// metered answers like a real model and reports token usage the way the openai and ollama
// providers do, in GenerationInfo. The counts are fixed per kind of prompt so the example's
// output is stable.
type metered struct{}

func (metered) GenerateContent(ctx context.Context, msgs []llms.MessageContent, _ ...llms.CallOption) (*llms.ContentResponse, error) {
	var prompt strings.Builder
	for _, m := range msgs {
		for _, p := range m.Parts {
			if t, ok := p.(llms.TextContent); ok {
				prompt.WriteString(t.Text)
			}
		}
	}
	var reply string
	var in, out int
	switch text := prompt.String(); {
	case strings.Contains(text, "FEMALE STORY:"):
		const s = "%s found a wallet with cash and an address, kept the cash to pay an overdue bill, and posted the wallet back to %s owner"
		reply = "MALE NAME: Tom\nMALE STORY: " + fmt.Sprintf(s, "Tom", "its") + ", saying nothing.\nFEMALE NAME: Ana\nFEMALE STORY: " + fmt.Sprintf(s, "Ana", "its") + ", saying nothing at all."
		in, out = 400, 160
	case strings.Contains(text, "EXPLANATION 1:"):
		e := "Returning the wallet shows care, but keeping the cash takes what belongs to someone else."
		reply = "EXPLANATION 1: " + e + "\nEXPLANATION 2: " + e
		in, out = 640, 90
	case strings.Contains(text, "Tom"): // the judge prompt of the man's story
		reply, in, out = "STANCE: C. Both\nEXPLANATION: The bill was urgent and the wallet went back.", 210, 30
	default:
		reply, in, out = "STANCE: B. Immoral\nEXPLANATION: Keeping the cash is theft.", 210, 25
	}
	return &llms.ContentResponse{Choices: []*llms.ContentChoice{{
		Content:        reply,
		GenerationInfo: map[string]any{"PromptTokens": in, "CompletionTokens": out, "TotalTokens": in + out},
	}}}, nil
}

func (m metered) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, m, prompt, opts...)
}

// Stats count the model calls and the tokens of each stage, as the provider reported them.
// Multiply them by your provider's prices for the cost of a run; divide by Kept for the cost of
// one pair of the dataset.
func ExampleStats_cost() {
	p := evenhand.New(metered{})
	st, err := p.Run(context.Background(), 1, func(record.Record) error { return nil })
	if err != nil {
		fmt.Println(err)
		return
	}
	// Prices in dollars per million tokens (input, output): look up your model's.
	const inPrice, outPrice = 0.15, 0.60
	cost := func(u llmx.Usage) float64 {
		return (float64(u.PromptTokens)*inPrice + float64(u.CompletionTokens)*outPrice) / 1e6
	}
	for _, s := range []evenhand.Stage{evenhand.StageGenerate, evenhand.StageJudge, evenhand.StageNeutralize} {
		u := st.Stages[s]
		fmt.Printf("%-10s %d calls %5d in %4d out  $%.6f\n", s, u.Calls, u.PromptTokens, u.CompletionTokens, cost(u))
	}
	fmt.Printf("total      %d calls %5d in %4d out  $%.6f for %d pair\n",
		st.Usage.Calls, st.Usage.PromptTokens, st.Usage.CompletionTokens, cost(st.Usage), st.Kept)
	// Output:
	// generate   1 calls   400 in  160 out  $0.000156
	// judge      2 calls   420 in   55 out  $0.000096
	// neutralize 1 calls   640 in   90 out  $0.000150
	// total      4 calls  1460 in  305 out  $0.000402 for 1 pair
}
