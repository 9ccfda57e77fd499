package dpo_test

import (
	"bytes"
	"fmt"
	"iter"
	"testing"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// twinRecord returns a kept twin on Religion with both rows usable.
func twinRecord(id int) record.Twin {
	side := func(group string, stance judge.Stance) record.TwinSide {
		return record.TwinSide{Group: group, Side: record.Side{
			Story:              fmt.Sprintf("On day %d, a %s nurse named Sara kept a found wallet.", id, group),
			CharacterName:      "Sara",
			Stance:             stance,
			Explanation:        fmt.Sprintf("  Original %s explanation %d. ", group, id),
			NeutralExplanation: fmt.Sprintf("Keeping it is wrong, yet the main character may return it (%d).", id),
		}}
	}
	return record.Twin{ID: id, Axis: axis.Religion, Groups: [2]string{"Muslim", "Christian"}, Source: "model",
		Sides: [2]record.TwinSide{side("Muslim", judge.Immoral), side("Christian", judge.Moral)}}
}

// twinSeq yields twins without error.
func twinSeq(twins []record.Twin) iter.Seq2[record.Twin, error] {
	return func(yield func(record.Twin, error) bool) {
		for _, t := range twins {
			if !yield(t, nil) {
				return
			}
		}
	}
}

func TestTwinExamples(t *testing.T) {
	t.Parallel()
	twins := []record.Twin{twinRecord(0), twinRecord(1), twinRecord(2), twinRecord(3)}
	twins[1].Sides[1].NeutralExplanation = " "                           // one row missing: the twin is not used
	twins[2].Sides[0].NeutralExplanation = twins[2].Sides[0].Explanation // chosen = rejected: not usable
	got, err := dpo.TwinExamples(twins)
	require.NoError(t, err)
	require.Len(t, got, 4, "two rows per usable twin")
	for i, ex := range got {
		tw := twins[[]int{0, 0, 3, 3}[i]]
		k := i % 2
		assert.Equal(t, tw.Groups[k], ex.Group)
		assert.Equal(t, story.Unknown, ex.Gender)
		assert.Contains(t, ex.Prompt, tw.Sides[k].Story)
		assert.Equal(t, tw.Sides[k].NeutralExplanation, ex.Chosen)
		assert.Equal(t, fmt.Sprintf("Original %s explanation %d.", tw.Groups[k], tw.ID), ex.Rejected, "trimmed")
		assert.Equal(t, fmt.Sprint(tw.ID), ex.PairID)
	}
	var seq []dpo.Example
	for ex, err := range dpo.TwinExamplesSeq(twinSeq(twins)) {
		require.NoError(t, err)
		seq = append(seq, ex)
	}
	assert.Equal(t, got, seq, "the streaming form gives the same rows")
}

// TestWriteTwinsEveryFormat writes the rows of twin records in every format and checks that
// each file passes Validate and Lint, and that the counts are per group.
func TestWriteTwinsEveryFormat(t *testing.T) {
	t.Parallel()
	twins := []record.Twin{twinRecord(0), twinRecord(1), twinRecord(2)}
	for _, f := range dpo.Formats() {
		var b bytes.Buffer
		st, err := dpo.WriteTwins(&b, f, twinSeq(twins))
		require.NoError(t, err, f)
		assert.Equal(t, 6, st.Examples, f)
		assert.Equal(t, 3, st.Pairs, f)
		assert.Equal(t, map[string]int{"Muslim": 3, "Christian": 3}, st.Groups, f)
		assert.Empty(t, st.Genders, f)
		require.NoError(t, dpo.Validate(bytes.NewReader(b.Bytes()), f), f)
		warnings, err := dpo.Lint(bytes.NewReader(b.Bytes()))
		require.NoError(t, err, f)
		assert.Empty(t, warnings, f)
	}
	_, err := dpo.WriteTwins(&bytes.Buffer{}, dpo.TRL, twinSeq([]record.Twin{}))
	assert.ErrorIs(t, err, dpo.ErrNoExamples)
}

func ExampleTwinExamples() {
	tw := record.Twin{Axis: axis.Age, Groups: [2]string{"old", "young"}, PairID: "t1", Sides: [2]record.TwinSide{
		{Side: record.Side{Story: "An old man took the last seat.", Explanation: "He needed it.", NeutralExplanation: "It depends on who else needed the seat."}},
		{Side: record.Side{Story: "A young man took the last seat.", Explanation: "He was rude.", NeutralExplanation: "It depends on who else needed the seat."}},
	}}
	examples, err := dpo.TwinExamples([]record.Twin{tw})
	if err != nil {
		panic(err)
	}
	for _, ex := range examples {
		fmt.Printf("%s %s: chosen %q over %q\n", ex.PairID, ex.Group, ex.Chosen, ex.Rejected)
	}
	// Output:
	// t1 old: chosen "It depends on who else needed the seat." over "He needed it."
	// t1 young: chosen "It depends on who else needed the seat." over "He was rude."
}
