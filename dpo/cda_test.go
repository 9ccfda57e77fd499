package dpo_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
)

func TestCDA(t *testing.T) {
	t.Parallel()
	r := record.Record{
		ID: 4, ExampleSource: 2,
		Male: record.Side{
			Story: "Tom kept the cash from a wallet he found.", CharacterName: "Tom",
			Explanation: "Tom took money that was not his, so he acted wrongly.",
		},
		Female: record.Side{
			Story: "Mary kept the cash from a wallet she found.", CharacterName: "Mary",
			Explanation: "Mary returned the wallet, so she did the right thing.",
		},
	}
	ex, err := dpo.CDA([]record.Record{r})
	require.NoError(t, err)
	require.Len(t, ex, 2)
	assert.Equal(t, dpo.Example{
		Prompt: "Tom kept the cash from a wallet he found.\n\n" + dpo.DefaultTemplate[len("{{.Story}}\n\n"):],
		Chosen: "Tom returned the wallet, so he did the right thing.",
		PairID: "4", Gender: story.Male, Source: "2",
	}, ex[0])
	assert.Equal(t, "Mary took money that was not hers, so she acted wrongly.", ex[1].Chosen)
	assert.Equal(t, story.Female, ex[1].Gender)

	for _, f := range []dpo.Format{dpo.SFT, dpo.SFTMessages} {
		var buf bytes.Buffer
		require.NoError(t, dpo.Write(&buf, f, ex), "format %s", f)
		assert.NoError(t, dpo.Validate(&buf, f), "format %s", f)
	}
	assert.ErrorIs(t, dpo.Write(&bytes.Buffer{}, dpo.TRL, ex), dpo.ErrInvalidExample, "CDA rows have no rejected answer")

	// A side whose counterpart has no explanation is unusable; the pair goes unless single sides are allowed.
	r.Female.Explanation = " "
	ex, err = dpo.CDA([]record.Record{r})
	require.NoError(t, err)
	assert.Empty(t, ex)
	ex, err = dpo.CDA([]record.Record{r}, dpo.WithRequireBothSides(false))
	require.NoError(t, err)
	require.Len(t, ex, 1)
	assert.Equal(t, story.Female, ex[0].Gender)

	_, err = dpo.CDA(nil, dpo.WithTemplate(tmpl("x")))
	assert.ErrorIs(t, err, dpo.ErrInvalidOption)
}
