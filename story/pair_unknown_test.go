package story_test

import (
	"testing"

	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A protagonist whose name the built-in table does not know, or knows only as a common word,
// still gets a counterpart: the name never stays on both sides.
func TestNewPairUnknownName(t *testing.T) {
	tests := []struct {
		text       string
		name       string
		gender     story.Gender
		keptOnSide string // the twin must not contain the original name
	}{
		{"Amira skipped her shift to help a friend. Amira's manager was angry with her.", "Amira", story.Female, "Amira"},
		{"Grace skipped her shift. Later Grace told her boss.", "Grace", story.Female, "Grace"},
		{"Zorblax lied to his boss because he was scared.", "Zorblax", story.Male, "Zorblax"},
		{"After the party, Kwame drove his sister home.", "Kwame", story.Male, "Kwame"},
	}
	for _, tt := range tests {
		p, err := story.NewPair(tt.text, nil)
		require.NoError(t, err, tt.text)
		own, _ := p.Side(tt.gender)
		twin, _ := p.Side(tt.gender.Other())
		assert.Equal(t, tt.text, own.Text)
		assert.Equal(t, tt.name, own.Character)
		assert.NotEmpty(t, twin.Character, tt.text)
		assert.NotEqual(t, tt.name, twin.Character, tt.text)
		assert.NotContains(t, twin.Text, tt.keptOnSide, tt.text)
		assert.Contains(t, twin.Text, twin.Character, tt.text)
	}
	// A story that names no one is about the role noun its pronoun refers to (issue 10); no
	// word of it is taken for a name.
	p, err := story.NewPair("The teacher said she was tired.", nil)
	require.NoError(t, err)
	assert.Equal(t, story.Story{Text: "The teacher said he was tired.", Gender: story.Male}, p.Male)
	assert.Equal(t, story.Story{Text: "The teacher said she was tired.", Gender: story.Female}, p.Female)
}
