package dpo_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/record"
)

var vocabulary = strings.Fields(`apple river stone window garden letter market doctor teacher candle
	bridge forest ladder pocket silver winter summer travel basket mirror violin rocket island museum
	kitchen engine harbor pencil jacket planet castle desert valley thunder blanket camera ticket
	lantern meadow orchard village tunnel wallet bottle carpet garage hammer helmet puzzle saddle`)

// distinctRecord makes a record whose stories share few words with other ids' stories.
func distinctRecord(id int) record.Record {
	rng := rand.New(rand.NewPCG(uint64(id), 7))
	words := make([]string, 25)
	for i := range words {
		words[i] = vocabulary[rng.IntN(len(vocabulary))]
	}
	body := strings.Join(words, " ")
	r := rec(id, id%4, neutralText, neutralText)
	r.Male.Story = "Adam saw " + body + " and he left."
	r.Female.Story = "Eve saw " + body + " and she left."
	return r
}

func ids(records []record.Record) []int {
	var out []int
	for _, r := range records {
		out = append(out, r.ID)
	}
	return out
}

func TestSplitRecordsDeterministic(t *testing.T) {
	t.Parallel()
	var records []record.Record
	for i := range 100 {
		records = append(records, distinctRecord(i))
	}
	a, err := dpo.SplitRecords(records, dpo.WithEvalFraction(0.2), dpo.WithSeed(1))
	require.NoError(t, err)
	b, err := dpo.SplitRecords(records, dpo.WithEvalFraction(0.2), dpo.WithSeed(1))
	require.NoError(t, err)
	c, err := dpo.SplitRecords(records, dpo.WithEvalFraction(0.2), dpo.WithSeed(2))
	require.NoError(t, err)
	assert.Equal(t, a, b, "same records and seed give the same split")
	assert.NotEqual(t, ids(a.Eval), ids(c.Eval), "another seed holds out other pairs")
	assert.Len(t, a.Eval, 20)
	assert.Len(t, a.Train, 80)
	assert.Equal(t, 100, a.Groups, "random stories are not near-duplicates")
	for _, s := range []dpo.Split{a, c} {
		seen := map[int]bool{}
		for _, r := range append(append([]record.Record{}, s.Train...), s.Eval...) {
			assert.False(t, seen[r.ID], "record %d appears twice", r.ID)
			seen[r.ID] = true
		}
		assert.Len(t, seen, 100)
	}
}

func TestSplitRecordsKeepsNearDuplicatesTogether(t *testing.T) {
	t.Parallel()
	var records []record.Record
	for i := range 30 {
		records = append(records, distinctRecord(i))
	}
	// 100 tells story 3 again with other names: the same story after swapping.
	renamed := distinctRecord(3)
	renamed.ID = 100
	renamed.Male.Story = strings.Replace(renamed.Male.Story, "Adam", "Brian", 1)
	renamed.Male.CharacterName = "Brian"
	renamed.Female.Story = strings.Replace(renamed.Female.Story, "Eve", "Clara", 1)
	renamed.Female.CharacterName = "Clara"
	// 101 tells story 5 with the genders the other way round (female side = 5's male side, swapped).
	crossed := distinctRecord(5)
	crossed.ID = 101
	crossed.Female.Story = strings.Replace(strings.Replace(crossed.Male.Story, "Adam", "Nora", 1), " he ", " she ", 1)
	crossed.Female.CharacterName = "Nora"
	crossed.Male.Story = "Tim swam across a cold lake at night to fetch a ball."
	crossed.Male.CharacterName = "Tim"
	// 102 changes one word of story 7: ROUGE-1 well above 0.9.
	near := distinctRecord(7)
	near.ID = 102
	near.Male.Story = strings.Replace(near.Male.Story, " and he left.", " and he stayed.", 1)
	near.Female.Story = "Unrelated words only here."
	records = append(records, renamed, crossed, near)

	together := [][2]int{{3, 100}, {5, 101}, {7, 102}}
	for seed := range uint64(40) {
		s, err := dpo.SplitRecords(records, dpo.WithEvalFraction(0.3), dpo.WithSeed(seed))
		require.NoError(t, err)
		assert.Equal(t, 30, s.Groups)
		inEval := map[int]bool{}
		for _, r := range s.Eval {
			inEval[r.ID] = true
		}
		for _, p := range together {
			assert.Equal(t, inEval[p[0]], inEval[p[1]], "seed %d: records %d and %d split apart", seed, p[0], p[1])
		}
	}

	// With the ROUGE check off, the one-word change is a separate pair; identical stories are not.
	s, err := dpo.SplitRecords(records, dpo.WithEvalFraction(0.3), dpo.WithMaxRouge1(1))
	require.NoError(t, err)
	assert.Equal(t, 31, s.Groups)
}

func TestSplitRecordsEdges(t *testing.T) {
	t.Parallel()
	for _, bad := range []float64{-0.1, 1, 1.5} {
		_, err := dpo.SplitRecords(nil, dpo.WithEvalFraction(bad))
		assert.ErrorIs(t, err, dpo.ErrInvalidOption, "fraction %v", bad)
	}
	_, err := dpo.SplitRecords(nil, dpo.WithMaxRouge1(-1))
	assert.ErrorIs(t, err, dpo.ErrInvalidOption)

	s, err := dpo.SplitRecords(nil, dpo.WithEvalFraction(0.5))
	require.NoError(t, err)
	assert.Equal(t, dpo.Split{}, s)

	one := []record.Record{distinctRecord(1)}
	s, err = dpo.SplitRecords(one, dpo.WithEvalFraction(0.9))
	require.NoError(t, err)
	assert.Len(t, s.Train, 1, "one pair always stays in training")

	two := []record.Record{distinctRecord(1), distinctRecord(2)}
	s, err = dpo.SplitRecords(two, dpo.WithEvalFraction(0.01))
	require.NoError(t, err)
	assert.Len(t, s.Eval, 1, "a positive fraction holds out at least one pair")

	s, err = dpo.SplitRecords(two)
	require.NoError(t, err)
	assert.Len(t, s.Train, 2)
	assert.Empty(t, s.Eval)
}

func ExampleSplitRecords() {
	var records []record.Record
	for i := range 10 {
		records = append(records, distinctRecord(i))
	}
	s, err := dpo.SplitRecords(records, dpo.WithEvalFraction(0.2), dpo.WithSeed(42))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(s.Train), "train,", len(s.Eval), "eval,", s.Groups, "groups")
	// Output: 8 train, 2 eval, 10 groups
}

// TestSplitHoldsOutWhenGroupsAreLarge is issue 11 finding 10: with 4 records (two stories, each
// twice) and EvalFraction 0.1, 0.25 or 0.3, SplitRecords held out nothing for any seed although
// its doc promises at least one pair when two groups exist.
func TestSplitHoldsOutWhenGroupsAreLarge(t *testing.T) {
	t.Parallel()
	side := func(text string) record.Side {
		return record.Side{Story: text, NeutralExplanation: "n", Explanation: "e"}
	}
	a := "Tom kept the money he found in a wallet on the bus and told nobody about it at all."
	b := "Sam planted a row of trees along the river so that the village would have shade in summer."
	recs := []record.Record{
		{ID: 0, Male: side(a), Female: side(a)}, {ID: 1, Male: side(a), Female: side(a)},
		{ID: 2, Male: side(b), Female: side(b)}, {ID: 3, Male: side(b), Female: side(b)},
	}
	for _, frac := range []float64{0.1, 0.25, 0.3, 0.49} {
		for seed := range uint64(20) {
			s, err := dpo.SplitRecords(recs, dpo.WithEvalFraction(frac), dpo.WithSeed(seed))
			require.NoError(t, err)
			require.Equal(t, 2, s.Groups)
			assert.Len(t, s.Eval, 2, "fraction %v seed %d: one whole group held out", frac, seed)
			assert.Len(t, s.Train, 2, "fraction %v seed %d", frac, seed)
		}
	}
}

// TestSplitConfigStillWorks checks the deprecated SplitConfig, passed as a SplitOption, against
// the options it stands for.
func TestSplitConfigStillWorks(t *testing.T) {
	t.Parallel()
	var records []record.Record
	for i := range 40 {
		records = append(records, distinctRecord(i))
	}
	want, err := dpo.SplitRecords(records, dpo.WithEvalFraction(0.25), dpo.WithSeed(3), dpo.WithMaxRouge1(0.7))
	require.NoError(t, err)
	got, err := dpo.SplitRecords(records, dpo.SplitConfig{EvalFraction: 0.25, Seed: 3, MaxRouge1: 0.7})
	require.NoError(t, err)
	assert.Equal(t, want, got)
	_, err = dpo.SplitRecords(records, dpo.SplitConfig{EvalFraction: 1})
	require.ErrorIs(t, err, dpo.ErrInvalidOption)
}
