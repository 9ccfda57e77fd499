package axis_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/story"
)

func TestTwinContentID(t *testing.T) {
	t.Parallel()
	tw := axis.Twin{Axis: axis.Religion, Groups: [2]string{"Muslim", "Christian"},
		Stories: [2]story.Story{{Text: "A Muslim man kept the wallet."}, {Text: "A Christian man kept the wallet."}}}
	spaced := tw
	spaced.Stories[0].Text = "  A Muslim man\nkept the wallet. "
	assert.Equal(t, tw.ContentID(), spaced.ContentID(), "white space does not count")
	assert.Len(t, tw.ContentID(), 16)
	other := tw
	other.Groups = [2]string{"Muslim", "Jewish"}
	assert.NotEqual(t, tw.ContentID(), other.ContentID(), "the groups count")
	swapped := tw
	swapped.Stories[0], swapped.Stories[1] = tw.Stories[1], tw.Stories[0]
	assert.NotEqual(t, tw.ContentID(), swapped.ContentID(), "the order of the tellings counts")
	joined := axis.Twin{Axis: axis.Religion, Groups: [2]string{"Muslim", "Christian"},
		Stories: [2]story.Story{{Text: "A Muslim man kept the wallet.A Christian man"}, {Text: "kept the wallet."}}}
	assert.NotEqual(t, tw.ContentID(), joined.ContentID(), "parts are length-prefixed")
}

func TestFunc(t *testing.T) {
	t.Parallel()
	want := axis.Twin{ID: "7", Axis: axis.Age}
	g := axis.Func(func(context.Context) (axis.Twin, error) { return want, nil })
	got, err := g.Generate(t.Context())
	assert.NoError(t, err)
	assert.Equal(t, want, got)
}
