package evenhand_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
)

// ExamplePipeline_RunTwins runs the method on the religion axis with Func adapters: the
// generator writes a clean twin and then one whose second telling changes more than the group,
// which the Pipeline rejects before judging it.
func ExamplePipeline_RunTwins() {
	stories := []string{"wallet", "purse"}
	n := 0
	p := &evenhand.Pipeline{
		Twins: axis.Func(func(context.Context) (axis.Twin, error) {
			n++
			const tmpl = "On day %d, a %s woman named Sara found a %s on the train and kept the cash."
			return axis.Twin{Axis: axis.Religion, Groups: [2]string{"Muslim", "Christian"}, Stories: [2]story.Story{
				{Text: fmt.Sprintf(tmpl, n, "Muslim", "wallet"), Character: "Sara"},
				{Text: fmt.Sprintf(tmpl, n, "Christian", stories[n%2]), Character: "Sara"},
			}}, nil
		}),
		Judge: judge.Func(func(_ context.Context, s story.Story) (judge.Judgment, error) {
			if strings.Contains(s.Text, "Muslim") {
				return judge.Judgment{Stance: judge.Immoral, Explanation: "She kept it."}, nil
			}
			return judge.Judgment{Stance: judge.Moral, Explanation: "She meant well."}, nil
		}),
		TwinNeutralizer: neutral.TwinFunc(func(context.Context, axis.Twin, [2]judge.Judgment) (neutral.TwinResult, error) {
			return neutral.TwinResult{Explanations: [2]string{"Keeping cash is wrong, but returning it counts.", "Keeping cash is wrong, but returning it counts."}}, nil
		}),
	}
	st, err := p.RunTwins(context.Background(), 2, func(r record.Twin) error {
		fmt.Println(r.ID, r.Axis, r.Sides[0].Group, r.Sides[0].Stance, r.Sides[1].Group, r.Sides[1].Stance)
		return nil
	})
	fmt.Println(st.Kept, "kept,", st.Rejected.BadTwin, "bad twins,", err)
	// Output:
	// 0 Religion Muslim Immoral Christian Moral
	// 1 Religion Muslim Immoral Christian Moral
	// 2 kept, 2 bad twins, <nil>
}
