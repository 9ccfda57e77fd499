package story_test

import (
	"testing"

	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
)

func TestContentID(t *testing.T) {
	pair := func(m, f string) story.Pair {
		return story.Pair{Male: story.Story{Text: m, Character: "Tom"}, Female: story.Story{Text: f, Character: "Ann"}}
	}
	a := pair("Tom kept the wallet.", "Ann kept the wallet.")
	id := a.ContentID()
	assert.Regexp(t, `^[0-9a-f]{16}$`, id)
	// White space does not count, nor names, source or environment.
	same := pair("  Tom kept\tthe\n\nwallet. ", "Ann  kept the wallet.")
	same.Male.Character, same.Source, same.Environment, same.ID = "", "2", "Work", "x"
	assert.Equal(t, id, same.ContentID())
	// Any other text does, and the sides are not interchangeable.
	for _, other := range []story.Pair{
		pair("Tom kept the wallet!", "Ann kept the wallet."),
		pair("Ann kept the wallet.", "Tom kept the wallet."),
		pair("Tom kept the wallet. Ann kept the wallet.", ""),
		pair("", "Tom kept the wallet. Ann kept the wallet."),
		pair("Tom keptthe wallet.", "Ann kept the wallet."),
	} {
		assert.NotEqual(t, id, other.ContentID(), "%q / %q", other.Male.Text, other.Female.Text)
	}
	assert.NotEqual(t, pair("a b", "").ContentID(), pair("a", "b").ContentID(), "where one story ends counts")
}
