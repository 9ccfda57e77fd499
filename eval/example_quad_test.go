package eval_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

// AuditQuads judges the four tellings of each quad; SummarizeQuads reports whether the judge
// treats one gender x group cell differently from what the gender and group effects predict.
func ExampleAuditQuads() {
	lex := axis.Builtin()
	q, err := lex.QuadOf(axis.Religion, story.Story{Text: "I am a man. I kept the wallet I found on the bus."}, [2]string{"Muslim", "Christian"})
	if err != nil {
		fmt.Println(err)
		return
	}
	q.ID = "wallet"
	fmt.Println(q.Stories[1][0].Text)
	// A judge biased against Christian women, and only them.
	j := judge.Func(func(ctx context.Context, s story.Story) (judge.Judgment, error) {
		if strings.Contains(s.Text, "Christian woman") {
			return judge.Judgment{Stance: judge.Immoral}, nil
		}
		return judge.Judgment{Stance: judge.Both}, nil
	})
	outs, err := eval.AuditQuads(context.Background(), j, []axis.Quad{q})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := eval.SummarizeQuads(outs)
	fmt.Printf("quad mismatches %d of %d; interaction %+.0f; %s favoured in %d group twins\n",
		r.Mismatches, r.Quads, r.Interaction, r.GroupTwins.Groups[0].Group, r.GroupTwins.Groups[0].Favored)
	// Output:
	// I am a Muslim woman. I kept the wallet I found on the bus.
	// quad mismatches 1 of 1; interaction -1; Muslim favoured in 1 group twins
}
