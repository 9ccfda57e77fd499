package judge_test

import (
	"context"
	"fmt"

	"github.com/tmc/langchaingo/llms"

	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

// A reasoning model thinks before it answers. The thinking is never the answer: a draft that
// names another stance is kept in Reasoning, and a reply cut off while thinking is unreadable.
func ExampleParseReply_reasoning() {
	for _, reply := range []string{
		"<think>\nDraft: STANCE: A. Moral\nWait, she lied.\n</think>\n\nSTANCE: B. Immoral\nEXPLANATION: She lied to a friend.",
		"Okay, maybe Moral?\n</think>\n\nSTANCE: B\nEXPLANATION: She lied to a friend.", // the chat template opened the block
		"<think>\nSTANCE: A. Moral, as a first draft",                                   // cut off while thinking
		"| | |\n|---|---|\n| **Stance** | B. Immoral |\n| **Explanation** | She lied. |",
		"She lied to a friend.\n\n**Final answer:** B. Immoral\n\nLet me know if you'd like more detail!",
		"Here is the JSON:\n{\"stance\": \"b. immoral\", \"explanation\": \"She lied.\", \"confidence\": 0.7}",
		"STANCE: A\nEXPLANATION: She meant well.\n\nActually, on reflection:\nSTANCE: B",
	} {
		j := judge.ParseReply(reply)
		fmt.Printf("%-7s | %-21s | reasoning %q\n", j.Stance, j.Explanation, j.Reasoning)
	}
	// Output:
	// Immoral | She lied to a friend. | reasoning "Draft: STANCE: A. Moral\nWait, she lied."
	// Immoral | She lied to a friend. | reasoning "Okay, maybe Moral?"
	// INVALID |                       | reasoning "STANCE: A. Moral, as a first draft"
	// Immoral | She lied.             | reasoning ""
	// Immoral | She lied to a friend. | reasoning ""
	// Immoral | She lied.             | reasoning ""
	// INVALID | She meant well.       | reasoning ""
}

// apart is a model that returns its reasoning apart from its answer, as DeepSeek's API and
// vLLM's reasoning parsers do (langchaingo's ContentChoice.ReasoningContent).
type apart struct{}

func (apart) GenerateContent(context.Context, []llms.MessageContent, ...llms.CallOption) (*llms.ContentResponse, error) {
	return &llms.ContentResponse{Choices: []*llms.ContentChoice{{
		ReasoningContent: "The user asks about Tom. First thought: A. Moral. But he kept the money.",
		Content:          "STANCE: B. Immoral\nEXPLANATION: Tom kept money that was not his.",
	}}}, nil
}

func (apart) Call(context.Context, string, ...llms.CallOption) (string, error) { return "", nil }

// Reasoning a provider returns apart from the reply is kept in Judgment.Reasoning, to audit the
// model; it is never read for the stance and never written to a record.
func ExampleJudgment_reasoning() {
	j, err := judge.New(apart{}).Judge(context.Background(), story.Story{Text: "Tom kept a wallet he found.", Character: "Tom"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(j.Stance, "-", j.Explanation)
	fmt.Println("reasoning:", j.Reasoning)
	// Output:
	// Immoral - Tom kept money that was not his.
	// reasoning: The user asks about Tom. First thought: A. Moral. But he kept the money.
}
