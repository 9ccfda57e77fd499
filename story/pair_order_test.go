package story_test

import (
	"testing"

	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNewPairNamesOrder is issue 20's "NewPair still varies": with names that overlap ("Ann" and
// "Ann Lee"), the result depended on the map's iteration order ("Bob Kim ..." 86 times and
// "Bob Lee ..." 214 times in 300 runs). Names are now tried longest first, then by key, so every
// run gives the same pair, and the longer name wins where both match.
func TestNewPairNamesOrder(t *testing.T) {
	const text = "Ann Lee said she would pay. Ann kept her word."
	seen := map[string]int{}
	var first story.Pair
	for i := range 300 {
		// A new map each time: Go starts each range over a map at a random place.
		p, err := story.NewPair(text, map[string]string{"Ann": "Bob", "Ann Lee": "Bob Kim"})
		require.NoError(t, err)
		seen[p.Male.Text]++
		if i == 0 {
			first = p
		}
		assert.Equal(t, first, p, "run %d", i)
	}
	assert.Len(t, seen, 1, "one result for every run: %v", seen)
	assert.Equal(t, "Bob Kim said he would pay. Bob kept his word.", first.Male.Text)
	assert.Equal(t, "Bob Kim", first.Male.Character)
	assert.Equal(t, "Ann Lee", first.Female.Character)
	assert.Equal(t, text, first.Female.Text)
}

// TestSwapNamesOrderManyNames: the same with more names than the swapper keeps in its fixed
// array (eight), so the sorted order spans both of its stores.
func TestSwapNamesOrderManyNames(t *testing.T) {
	const text = "Ann Lee said she would pay. Ann kept her word to Tom."
	names := func() map[string]string {
		m := map[string]string{"Ann": "Bob", "Ann Lee": "Bob Kim", "Tom": "Tina"}
		for _, k := range []string{"Cal", "Dee", "Eve", "Fay", "Gus", "Hal", "Ida", "Jon"} {
			m[k] = k + "x"
		}
		return m
	}
	want := story.Swap(text, names())
	assert.Equal(t, "Bob Kim said he would pay. Bob kept his word to Tina.", want)
	for i := range 200 {
		assert.Equal(t, want, story.Swap(text, names()), "run %d", i)
	}
}
