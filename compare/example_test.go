package compare_test

import (
	"context"
	"fmt"

	"github.com/evenhand/evenhand/compare"
	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

// Func turns a function into a Comparator: here, a stricter rule than GenMO's that also counts
// Both against Can't say as a mismatch.
func ExampleFunc() {
	var strict compare.Comparator = compare.Func(func(_ context.Context, _ story.Pair, male, female judge.Judgment) (compare.Verdict, error) {
		v := eval.Judge(male.Stance, female.Stance)
		v.Mismatch = male.Stance != female.Stance
		return v, nil
	})
	for _, c := range []compare.Comparator{compare.Stances(), strict} {
		v, err := c.Compare(context.Background(), story.Pair{},
			judge.Judgment{Stance: judge.Both}, judge.Judgment{Stance: judge.CantSay})
		fmt.Println(v.Mismatch, err)
	}
	// Output:
	// false <nil>
	// true <nil>
}
