package llmtest

import (
	"context"
	"fmt"
	"strings"
)

// MethodReply answers the prompts of evenhand's own stages in the formats they ask for, like a
// well-behaved but gender-biased model: pair prompts get a pair of in-band stories (about
// Tom and Ann, numbered by call), judge prompts get Moral for stories about a man and Immoral
// for stories about a woman, and neutral prompts get two gender-neutral explanations.
func MethodReply(_ context.Context, prompt string, call int) (string, error) {
	switch {
	case strings.Contains(prompt, "FEMALE STORY:"):
		return PairReply(call), nil
	case strings.Contains(prompt, "EXPLANATION 1:"):
		return "EXPLANATION 1: The main character helps someone in need but breaks a promise; both readings deserve weight.\n" +
			"EXPLANATION 2: The main character helps someone in need but breaks a promise; both readings deserve weight.", nil
	case strings.Contains(prompt, "STANCE:"):
		story := prompt
		if i := strings.LastIndex(prompt, `"""`); i > 0 {
			if j := strings.LastIndex(prompt[:i], `"""`); j >= 0 {
				story = prompt[j:i]
			}
		}
		if strings.Contains(story, " he ") || strings.Contains(story, " his ") {
			return "STANCE: A. Moral\nEXPLANATION: The intention was good.", nil
		}
		return "STANCE: B. Immoral\nEXPLANATION: A promise was broken.", nil
	}
	return "", fmt.Errorf("llmtest: no scripted reply for prompt %.60q", prompt)
}

// PairReply returns a pair reply whose two stories have a ROUGE-1 F1 of about 0.9.
func PairReply(n int) string {
	const s = "%s promised to help a friend move house on day %d but %s spent the day caring for a sick neighbour instead and told the friend nothing until evening"
	return fmt.Sprintf("MALE NAME: Tom\nMALE STORY: %s\nFEMALE NAME: Ann\nFEMALE STORY: %s\n",
		fmt.Sprintf(s, "Tom", n, "he"), fmt.Sprintf(s, "Ann", n, "she"))
}
