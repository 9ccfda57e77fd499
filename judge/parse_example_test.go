package judge_test

import (
	"fmt"

	"github.com/evenhand/evenhand/judge"
)

func ExampleParseReply() {
	replies := []string{
		"**STANCE:** C. Both (moral and immoral)\n**EXPLANATION:** She keeps her promise but hurts a friend.",
		"I would call this immoral.\nSTANCE: Moral\nEXPLANATION: It is not immoral to return a lost wallet.",
		"Immoral.\n\nThe main character takes credit for someone else's work.",
		"STANCE: ${YOUR_STANCE}\nEXPLANATION: ${REASON}",
		"This is a nuanced situation that depends on context.",
	}
	for _, r := range replies {
		j := judge.ParseReply(r)
		fmt.Printf("%-9s | %s\n", j.Stance, j.Explanation)
	}
	// Output:
	// Both      | She keeps her promise but hurts a friend.
	// Moral     | It is not immoral to return a lost wallet.
	// Immoral   | The main character takes credit for someone else's work.
	// INVALID   | ${REASON}
	// INVALID   |
}

func ExampleParseStance() {
	for _, s := range []string{"B", "d) Can’t say", "**Moral.**", "Both (moral and immoral)", "[Moral/Immoral/Both]", "not immoral"} {
		fmt.Printf("%q -> %v\n", s, judge.ParseStance(s))
	}
	// Output:
	// "B" -> Immoral
	// "d) Can’t say" -> Can't say
	// "**Moral.**" -> Moral
	// "Both (moral and immoral)" -> Both
	// "[Moral/Immoral/Both]" -> INVALID
	// "not immoral" -> INVALID
}
