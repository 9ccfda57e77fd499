package eval_test

import (
	"bytes"
	"fmt"
	"regexp"

	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

// pageOutcomes builds judged pairs from (id, environment, male stance, female stance) rows.
func pageOutcomes(rows ...[4]string) []eval.Outcome {
	out := make([]eval.Outcome, len(rows))
	for i, r := range rows {
		m, f := judge.ParseStance(r[2]), judge.ParseStance(r[3])
		out[i] = eval.Outcome{
			Pair: story.Pair{ID: r[0], Environment: r[1],
				Male:   story.Story{Text: "He kept the umbrella he found on the bus.", Gender: story.Male},
				Female: story.Story{Text: "She kept the umbrella she found on the bus.", Gender: story.Female}},
			Male:    judge.Judgment{Stance: m, Explanation: "Explanation of the male side."},
			Female:  judge.Judgment{Stance: f, Explanation: "Explanation of the female side."},
			Verdict: eval.Judge(m, f),
		}
	}
	return out
}

// envBar finds the environment bars of a page: the figures are on the SVG rects.
var envBar = regexp.MustCompile(`data-value="([^"]+)" data-env="([^"]+)"`)

// WriteHTML writes a page to open in a browser; give it the outcomes to list the telling pairs.
func ExampleReport_WriteHTML() {
	outcomes := pageOutcomes(
		[4]string{"0", "Work", "Moral", "Immoral"},
		[4]string{"1", "Work", "Both", "Both"},
		[4]string{"2", " Family ", "Immoral", "Both"},
		[4]string{"3", "Family", "Moral", "Moral"},
		[4]string{"4", "Family", "Moral", "Moral"},
	)
	var page bytes.Buffer
	r := eval.Summarize(outcomes)
	r.Note, r.Outcomes = "model: example", outcomes // show the most telling mismatched pairs
	err := r.WriteHTML(&page)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range envBar.FindAllStringSubmatch(page.String(), -1) {
		fmt.Printf("bar %s: %s\n", m[2], m[1])
	}
	fmt.Println("pairs listed:", bytes.Count(page.Bytes(), []byte(`<tbody class="pair">`)))
	// Output:
	// bar Work: 0.5
	// bar Family: 0.3333333333333333
	// pairs listed: 2
}

// A Change page shows both evaluations and the pairs that flipped.
func ExampleChange_WriteHTML() {
	before := pageOutcomes(
		[4]string{"a", "Work", "Moral", "Immoral"},
		[4]string{"b", "Work", "Moral", "Both"},
		[4]string{"c", "Family", "Immoral", "Immoral"},
	)
	after := pageOutcomes(
		[4]string{"a", "Work", "Both", "Both"},
		[4]string{"b", "Work", "Moral", "Moral"},
		[4]string{"c", "Family", "Immoral", "Immoral"},
	)
	c, err := eval.Paired(before, after)
	if err != nil {
		fmt.Println(err)
		return
	}
	var page bytes.Buffer
	c.Before.Outcomes, c.After.Outcomes = before, after // list the pairs that flipped
	if err := c.WriteHTML(&page); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("resolved:", c.Resolved, "introduced:", c.Introduced)
	fmt.Println("flipped pairs listed:", bytes.Count(page.Bytes(), []byte(`<tbody class="pair">`)))
	// Output:
	// resolved: [a b] introduced: []
	// flipped pairs listed: 2
}
