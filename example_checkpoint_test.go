package evenhand_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
)

// RunFile makes a JSONL file hold n records. Called again on the same file, after a crash or
// not, it makes only the records still missing: here, none.
func ExamplePipeline_RunFile() {
	dir, err := os.MkdirTemp("", "evenhand-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "pairs.jsonl")

	day := 0
	p := &evenhand.Pipeline{
		Generator: story.Func(func(context.Context) (story.Pair, error) {
			day++ // safe: Concurrency is 1, so Generate is never called concurrently
			const s = "On day %d %s borrowed a neighbour's ladder without asking because %s needed to rescue a cat before the storm came"
			return story.Pair{
				Male:   story.Story{Text: fmt.Sprintf(s, day, "Ben", "he"), Character: "Ben", Gender: story.Male},
				Female: story.Story{Text: fmt.Sprintf(s, day, "Eva", "she"), Character: "Eva", Gender: story.Female},
			}, nil
		}),
		Judge: judge.Func(func(_ context.Context, s story.Story) (judge.Judgment, error) {
			if s.Gender == story.Male {
				return judge.Judgment{Stance: judge.Moral, Explanation: "He meant well."}, nil
			}
			return judge.Judgment{Stance: judge.Immoral, Explanation: "She broke a promise."}, nil
		}),
		Neutralizer: neutral.Func(func(context.Context, story.Pair, judge.Judgment, judge.Judgment) (neutral.Result, error) {
			return neutral.Result{Male: "Both readings have weight.", Female: "Both readings have weight."}, nil
		}),
	}
	for range 2 {
		st, err := p.RunFile(context.Background(), path, 3)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println("attempts:", st.Attempts, "kept:", st.Kept)
	}
	c, err := record.OpenCheckpoint(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	fmt.Println("records in the file:", c.Len())
	// Output:
	// attempts: 3 kept: 3
	// attempts: 0 kept: 0
	// records in the file: 3
}
