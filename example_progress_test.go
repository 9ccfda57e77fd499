package evenhand_test

import (
	"context"
	"fmt"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
)

// OnProgress receives a snapshot after every attempt and every record, from one goroutine at a
// time; a program can draw a progress bar from it (examples/internal/progress does). Here the
// generator writes an unchanged copy every other time, which the similarity band rejects.
func ExampleProgress() {
	calls := 0
	gen := story.Func(func(context.Context) (story.Pair, error) {
		calls++ // safe: Concurrency is 1, so Generate is never called concurrently
		const s = "On day %d %s hid %s brother's letter from their parents to keep a promise."
		male, female := fmt.Sprintf(s, calls, "Ben", "his"), fmt.Sprintf(s, calls, "Eva", "her")
		if calls%2 == 0 {
			female = male
		}
		return story.Pair{
			Male:   story.Story{Text: male, Character: "Ben", Gender: story.Male},
			Female: story.Story{Text: female, Character: "Eva", Gender: story.Female},
		}, nil
	})
	j := judge.Func(func(_ context.Context, s story.Story) (judge.Judgment, error) {
		if s.Gender == story.Male {
			return judge.Judgment{Stance: judge.Moral, Explanation: "Loyal."}, nil
		}
		return judge.Judgment{Stance: judge.Immoral, Explanation: "Deceitful."}, nil
	})
	n := neutral.Func(func(context.Context, story.Pair, judge.Judgment, judge.Judgment) (neutral.Result, error) {
		e := "The main character keeps a promise but deceives the parents."
		return neutral.Result{Male: e, Female: e}, nil
	})

	var last evenhand.Progress
	p := &evenhand.Pipeline{
		Generator: gen, Judge: j, Neutralizer: n,
		Band:       evenhand.Band{Min: 0.5, Max: 0.95},
		OnProgress: func(pr evenhand.Progress) { last = pr },
	}
	if _, err := p.Run(context.Background(), 3, func(record.Record) error { return nil }); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("kept %d of %d (%.0f%%) after %d attempts; %d outside the band\n",
		last.Kept, last.Wanted, 100*last.Fraction(), last.Done, last.Rejected.OutsideBand)
	// Output:
	// kept 3 of 3 (100%) after 5 attempts; 2 outside the band
}
