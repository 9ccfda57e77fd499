package lexicon

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCounterpartAndGivenName(t *testing.T) {
	for _, c := range []struct {
		word, other string
		g           Gender
	}{{"He", "she", Male}, {"her", "his", Female}, {"WIFE", "husband", Female}, {"mr", "ms", Male}, {"actress", "actor", Female}} {
		other, g, ok := Counterpart(c.word)
		assert.True(t, ok, c.word)
		assert.Equal(t, c.other, other, c.word)
		assert.Equal(t, c.g, g, c.word)
	}
	for _, w := range []string{"person", "they", "parent", "", "human", "Josh", "my", "I"} {
		_, _, ok := Counterpart(w)
		assert.False(t, ok, w)
	}
	g, common, ok := GivenName("josh")
	assert.True(t, ok)
	assert.False(t, common)
	assert.Equal(t, Male, g)
	g, common, ok = GivenName("Will")
	assert.True(t, ok)
	assert.True(t, common)
	assert.Equal(t, Male, g)
	g, _, ok = GivenName("Jordan")
	assert.True(t, ok)
	assert.Equal(t, Unknown, g)
	_, _, ok = GivenName("Xqzt")
	assert.False(t, ok)
}

// TestTables checks the word and name tables for consistency: every gendered word has a
// counterpart of the other gender that is itself in the table, and no name is listed for both
// genders.
func TestTables(t *testing.T) {
	for _, p := range genderedPairs {
		for _, w := range []string{p.male, p.female} {
			other, g, ok := Counterpart(w)
			require.True(t, ok, w)
			_, g2, ok2 := Counterpart(other)
			assert.True(t, ok2, "%s -> %s is not in the table", w, other)
			assert.Equal(t, g.Other(), g2, "%s -> %s", w, other)
		}
	}
	seen := map[string]Gender{}
	for _, l := range []struct {
		list string
		g    Gender
	}{{maleNames, Male}, {femaleNames, Female}} {
		for _, n := range strings.Fields(l.list) {
			if g, ok := seen[strings.ToLower(n)]; ok && g != l.g {
				assert.Contains(t, strings.Fields(unisexNames), n, "%s is listed as male and female but not as unisex", n)
			}
			seen[strings.ToLower(n)] = l.g
		}
	}
	for _, g := range []Gender{Male, Female} {
		for _, n := range Counterparts(g) {
			ng, common, ok := GivenName(n)
			assert.True(t, ok, n)
			assert.False(t, common, n)
			assert.Equal(t, g, ng, n)
		}
	}
}

func TestAllIsSortedAndComplete(t *testing.T) {
	prev := ""
	n := 0
	for w := range All() {
		assert.Less(t, prev, w.Word)
		prev = w.Word
		got, ok := Lookup(strings.ToUpper(w.Word))
		assert.True(t, ok, w.Word)
		assert.Equal(t, w, got)
		n++
	}
	assert.Equal(t, len(words), n)
}

// TestWinoBiasPairs: every pair shipped from the WinoBias lists is symmetric, or one-way as its
// line says, and none is shadowed by a pair of our own table.
func TestWinoBiasPairs(t *testing.T) {
	pairs := WinoBias()
	require.NotEmpty(t, pairs)
	for _, p := range pairs {
		toF, gM, okM := Counterpart(p.Male)
		toM, gF, okF := Counterpart(p.Female)
		switch p.Direction {
		case Both:
			assert.True(t, okM && toF == p.Female && gM == Male, "%s -> %s (got %q)", p.Male, p.Female, toF)
			assert.True(t, okF && toM == p.Male && gF == Female, "%s -> %s (got %q)", p.Female, p.Male, toM)
		case MaleOnly:
			assert.True(t, okM && toF == p.Female && gM == Male, "%s -> %s (got %q)", p.Male, p.Female, toF)
			assert.NotEqual(t, p.Male, toM, "%s is listed as male-only but flips back to %s", p.Female, p.Male)
		case FemaleOnly:
			assert.True(t, okF && toM == p.Male && gF == Female, "%s -> %s (got %q)", p.Female, p.Male, toM)
			assert.NotEqual(t, p.Female, toF, "%s is listed as female-only but flips to %s", p.Male, p.Female)
		}
		side := p.Male
		if p.Direction == FemaleOnly {
			side = p.Female
		}
		w, _ := Lookup(side)
		assert.Equal(t, p.Plural, w.Plural, side)
		assert.Equal(t, p.Class, w.Class, side)
	}
}

func TestParsePairsErrors(t *testing.T) {
	for _, in := range []string{"a\tb", "a\tb\tcousin\tone\tboth", "a\tb\tgeneric\tthree\tboth", "a\tb\tgeneric\tone\tsideways"} {
		_, err := parsePairs(in)
		assert.Error(t, err, in)
	}
	p, err := parsePairs("# note\n\nking\tqueen\tgeneric\tone\tboth\n")
	require.NoError(t, err)
	assert.Equal(t, []Pair{{Class: Generic, Male: "king", Female: "queen"}}, p)
}
