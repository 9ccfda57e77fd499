package compare_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/evenhand/evenhand/compare"
	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/judge"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestForwarders checks that the deprecated names of the evaluation give what package eval gives.
func TestForwarders(t *testing.T) {
	t.Parallel()
	const results = `{"male": {"story": "a", "stance": "Moral", "explanation": "x"}, "female": {"story": "b", "stance": "Immoral", "explanation": "y"}, "label": "Work"}
{"male": {"story": "c", "stance": "Both", "explanation": "x"}, "female": {"story": "d", "stance": "Both", "explanation": "y"}, "label": "Family"}
`
	want, err := eval.ReadResults(strings.NewReader(results))
	require.NoError(t, err)
	got, err := compare.ReadResults(strings.NewReader(results), compare.WithFile("r.jsonl"))
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.Equal(t, eval.Summarize(want), compare.Summarize(got))
	assert.Equal(t, eval.Judge(judge.Moral, judge.Both), compare.Judge(judge.Moral, judge.Both))
	wc, err := eval.Paired(want, want)
	require.NoError(t, err)
	gc, err := compare.Paired(got, got)
	require.NoError(t, err)
	assert.Equal(t, wc, gc)

	var a, b bytes.Buffer
	require.NoError(t, eval.WriteResults(&a, want))
	require.NoError(t, compare.WriteResults(&b, got))
	assert.Equal(t, a.String(), b.String())

	// HTMLOptions copies its settings into the report's fields.
	r := eval.Summarize(want)
	r.Title, r.Note, r.Outcomes, r.MaxPairs = "T", "N", want, 1
	opts := compare.HTMLOptions{Title: "T", Note: "N", Outcomes: want, MaxPairs: 1}
	assert.Equal(t, r, opts.Report(eval.Summarize(want)))
	c := wc
	c.Title, c.Note, c.MaxPairs = "T", "N", 1
	c.Before.Outcomes, c.After.Outcomes = want, want
	assert.Equal(t, c, compare.HTMLOptions{Title: "T", Note: "N", Before: want, After: want, MaxPairs: 1}.Change(wc))
}
