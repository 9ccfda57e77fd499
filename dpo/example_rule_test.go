package dpo_test

import (
	"errors"
	"fmt"
	"iter"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/jsonl"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
)

// rec builds a record whose sides have neutral explanations mn and fn ("" for none).
func rec(id, source int, mn, fn string) record.Record {
	return record.Record{
		ID: id, ExampleSource: source,
		Male: record.Side{
			Story: fmt.Sprintf("Story %d: Adam kept a promise to his friend.", id), CharacterName: "Adam",
			Stance: judge.Moral, Explanation: "He kept his word.", NeutralExplanation: mn,
		},
		Female: record.Side{
			Story: fmt.Sprintf("Story %d: Eve kept a promise to her friend.", id), CharacterName: "Eve",
			Stance: judge.Immoral, Explanation: "She was naive.", NeutralExplanation: fn,
		},
	}
}

const neutralText = "Keeping a promise is loyal, though it may have costs; the main character weighed both."

func pairIDs(ex []dpo.Example) []string {
	var out []string
	for _, e := range ex {
		if len(out) == 0 || out[len(out)-1] != e.PairID {
			out = append(out, e.PairID)
		}
	}
	return out
}

func TestExamplesRule(t *testing.T) {
	t.Parallel()
	both := rec(1, 0, neutralText, neutralText+" Both sides count.")
	ex, err := dpo.Examples([]record.Record{both})
	require.NoError(t, err)
	require.Len(t, ex, 2)
	assert.Equal(t, dpo.Example{
		Prompt:   strings.Replace(dpo.DefaultTemplate, "{{.Story}}", both.Male.Story, 1),
		Chosen:   neutralText,
		Rejected: "He kept his word.",
		PairID:   "1",
		Gender:   story.Male,
		Source:   "0",
	}, ex[0])
	assert.Equal(t, story.Female, ex[1].Gender)
	assert.Equal(t, "She was naive.", ex[1].Rejected)
	assert.Contains(t, ex[1].Prompt, "Eve kept a promise")
}

func TestExamplesSelection(t *testing.T) {
	t.Parallel()
	records := []record.Record{
		rec(0, 0, neutralText, neutralText),
		rec(1, 0, neutralText, ""), // female side unusable
		rec(2, 1, "", "   "),       // no side usable
		rec(3, 1, neutralText, neutralText),
		rec(4, 2, neutralText, neutralText),
		rec(5, 0, neutralText, neutralText),
		rec(6, 1, neutralText, neutralText),
		rec(7, 2, "He kept his word.", neutralText), // male neutral equals the original
	}
	tests := []struct {
		name    string
		opts    []dpo.Option
		want    []string // pair ids, in order
		wantLen int
	}{
		{"paper rule", nil, []string{"0", "3", "4", "5", "6"}, 10},
		{"single sides allowed", []dpo.Option{dpo.WithRequireBothSides(false)}, []string{"0", "1", "3", "4", "5", "6", "7"}, 12},
		{"at most 2 pairs", []dpo.Option{dpo.WithMaxPairs(2)}, []string{"0", "3"}, 4},
		{"balanced", []dpo.Option{dpo.WithBalancedSources(true)}, []string{"0", "3", "4"}, 6},
		{"balanced with max 6 of 3 variants", []dpo.Option{dpo.WithBalancedSources(true), dpo.WithMaxPairs(6)}, []string{"0", "3", "4"}, 6},
		{"balanced with max 2 of 3 variants", []dpo.Option{dpo.WithBalancedSources(true), dpo.WithMaxPairs(2)}, nil, 0},
		{"balanced single sides", []dpo.Option{dpo.WithBalancedSources(true), dpo.WithRequireBothSides(false)}, []string{"0", "1", "3", "6", "4", "7"}, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ex, err := dpo.Examples(records, tt.opts...)
			require.NoError(t, err)
			assert.Len(t, ex, tt.wantLen)
			got := pairIDs(ex)
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			assert.Equal(t, want, got, "options %s", tt.name)
		})
	}
}

func TestExamplesOptions(t *testing.T) {
	t.Parallel()
	r := rec(9, 0, neutralText, neutralText)
	r.PairID = "attempt-9"
	r.Source = "genmo"
	ex, err := dpo.Examples([]record.Record{r},
		dpo.WithTemplate(tmpl("About {{.Name}}: {{.Story}} Judge it. {unknown} {story")),
		dpo.WithSystemPrompt("Be fair."))
	require.NoError(t, err)
	require.Len(t, ex, 2)
	assert.Equal(t, "About Adam: "+r.Male.Story+" Judge it. {unknown} {story", ex[0].Prompt)
	assert.Equal(t, "Be fair.", ex[0].System)
	assert.Equal(t, "attempt-9", ex[0].PairID)
	assert.Equal(t, "genmo", ex[0].Source)

	// A story that contains a placeholder is not expanded again.
	r.Male.Story = "Adam wrote {name} on a card."
	ex, err = dpo.Examples([]record.Record{r}, dpo.WithTemplate(tmpl("{{.Name}}: {{.Story}}")))
	require.NoError(t, err)
	assert.Equal(t, "Adam: Adam wrote {name} on a card.", ex[0].Prompt)

	for _, bad := range [][]dpo.Option{
		{dpo.WithTemplate(tmpl("no placeholder"))},
		{dpo.WithMaxPairs(-1)},
	} {
		_, err := dpo.Examples([]record.Record{r}, bad...)
		assert.ErrorIs(t, err, dpo.ErrInvalidOption)
	}
}

func TestExamplesSeqMatchesExamples(t *testing.T) {
	t.Parallel()
	var records []record.Record
	for i := range 40 {
		fn := neutralText
		if i%7 == 3 {
			fn = ""
		}
		records = append(records, rec(i, i%4, neutralText, fn))
	}
	for _, opts := range [][]dpo.Option{nil, {dpo.WithMaxPairs(5)}, {dpo.WithRequireBothSides(false), dpo.WithSystemPrompt("s")}} {
		want, err := dpo.Examples(records, opts...)
		require.NoError(t, err)
		var got []dpo.Example
		for e, err := range dpo.ExamplesSeq(seqOf(records), opts...) {
			require.NoError(t, err)
			got = append(got, e)
		}
		assert.Equal(t, want, got)
	}

	// Breaking out early stops the iterator without a panic.
	n := 0
	for range dpo.ExamplesSeq(seqOf(records)) {
		n++
		if n == 3 {
			break
		}
	}
	assert.Equal(t, 3, n)
}

func TestExamplesSeqErrors(t *testing.T) {
	t.Parallel()
	var errs []error
	for _, err := range dpo.ExamplesSeq(seqOf(nil), dpo.WithBalancedSources(true)) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], dpo.ErrInvalidOption)

	boom := errors.New("boom")
	src := func(yield func(record.Record, error) bool) {
		if !yield(rec(0, 0, neutralText, neutralText), nil) {
			return
		}
		yield(record.Record{}, boom)
	}
	var got []error
	for _, err := range dpo.ExamplesSeq(src) {
		got = append(got, err)
	}
	assert.Equal(t, []error{nil, nil, boom}, got)
}

func seqOf(records []record.Record) iter.Seq2[record.Record, error] {
	return func(yield func(record.Record, error) bool) {
		for _, r := range records {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// TestReleasedData loads a file in the layout of the paper's released generated_data JSONL and
// gets what the paper's loader gets: two rows per pair with both neutral explanations.
func TestReleasedData(t *testing.T) {
	t.Parallel()
	f, err := os.Open("testdata/released.jsonl")
	require.NoError(t, err)
	defer f.Close()
	records, err := record.ReadRecords(f)
	require.NoError(t, err)
	require.Len(t, records, 4)

	ex, err := dpo.Examples(records)
	require.NoError(t, err)
	assert.Len(t, ex, 4, "pairs 1 and 3 each miss one neutral explanation")
	assert.Equal(t, []string{"0", "2"}, pairIDs(ex))
	for _, e := range ex {
		assert.NotContains(t, e.Prompt, "\n\n\n", "the story's trailing newline is trimmed")
		assert.Contains(t, e.Chosen, "main character")
	}

	// The streaming path reads the same file to the same examples.
	_, err = f.Seek(0, 0)
	require.NoError(t, err)
	var streamed []dpo.Example
	for e, err := range dpo.ExamplesSeq(record.Records(f)) {
		require.NoError(t, err)
		streamed = append(streamed, e)
	}
	assert.Equal(t, ex, streamed)
}

func TestRecordsIterator(t *testing.T) {
	t.Parallel()
	in := `{"male":{"story":"a"},"female":{"story":"b"},"example_source":0,"id":0}

{"male":{"story":"c"},"female":{"story":"d"},"example_source":1,"id":1}
{"male": 3}
{"male":{"story":"e"},"female":{"story":"f"},"example_source":2,"id":2}
`
	var ids []int
	var errs []error
	for r, err := range record.Records(strings.NewReader(in)) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []int{0, 1}, ids)
	require.Len(t, errs, 1)
	var le *jsonl.LineError
	require.ErrorAs(t, errs[0], &le)
	assert.Equal(t, 4, le.Line)
}
