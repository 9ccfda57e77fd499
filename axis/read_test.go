package axis

import (
	"errors"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/evenhand/evenhand/internal/shareddata"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReadHolisticBias(t *testing.T) {
	t.Parallel()
	f, err := os.Open("testdata/holisticbias_descriptors.json")
	require.NoError(t, err)
	defer f.Close()
	hb, err := ReadHolisticBias(f)
	require.NoError(t, err)

	assert.Equal(t, []string{"Deaf", "hard-of-hearing", "wheelchair-using", "with a limp"}, hb.Groups(Disability),
		"the dispreferred hearing-impaired is read but not listed")
	assert.Equal(t, []string{"Quaker", "Muslim", "Zoroastrian", "Wiccan"}, hb.Groups(Religion))
	assert.Equal(t, []string{"old", "octogenarian", "young", "twenty-year-old", "thirty-something"}, hb.Groups(Age),
		"25-year-old is left to the rules for ages; senior (polarizing) is not listed")
	assert.Nil(t, hb.Groups(Axis("nonce")), "axes with no counterpart are skipped")
	assert.Len(t, hb.Mentions(Disability, "a hearing-impaired man"), 1, "a dispreferred descriptor is still read in texts")

	// Merged with the shipped lists: the reviewed entries win, the new ones are added.
	l := Builtin().Merge(hb)
	assert.Contains(t, l.Groups(Religion), "Quaker")
	assert.Equal(t, len(Builtin().Groups(Religion))+3, len(l.Groups(Religion)), "Muslim is not added twice")
	got, err := l.Swap(Religion, "A Quaker woman and a Muslim woman met.", "Quaker", "Muslim")
	require.NoError(t, err)
	assert.Equal(t, "A Muslim woman and a Quaker woman met.", got)
	got, err = l.Swap(Disability, "The Deaf actor and the hard-of-hearing actor rehearsed.", "Deaf", "hard-of-hearing")
	require.NoError(t, err)
	assert.Equal(t, "The hard-of-hearing actor and the Deaf actor rehearsed.", got)
	got, err = l.Swap(SexualOrientation, "A lesbian woman and a demisexual woman met.", "lesbian", "demisexual")
	require.NoError(t, err)
	assert.Equal(t, "A demisexual woman and a lesbian woman met.", got)
	assert.NotContains(t, Builtin().Groups(Religion), "Quaker", "Merge leaves its receiver unchanged")
}

func TestReadHolisticBiasErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in, want string }{
		{"not an object", `[1, 2]`, "want a JSON object of axes"},
		{"bad entry", `{"religion": {"all": [3]}}`, `religion.all[0]: want a string or an object`},
		{"no descriptor", `{"age": {"old": [{"gender": "male"}]}}`, `age.old[0]: missing "descriptor"`},
		{"wrong shape", `{"age": {"old": "elderly"}}`, `age.old: want an object of buckets or a list`},
		{"empty word", `{"age": {"old": ["--"]}}`, `has no word`},
		{"truncated", `{"age": {"old": ["eld`, "want a JSON object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadHolisticBias(strings.NewReader(tc.in))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	_, err := ReadHolisticBias(iotest.ErrReader(errors.New("disk gone")))
	assert.ErrorContains(t, err, "disk gone")
}

func TestDropTrailingCommas(t *testing.T) {
	assert.Equal(t, `{"a": ["x", "y" ], "b": "it, ]"}`, string(dropTrailingCommas([]byte(`{"a": ["x", "y", ], "b": "it, ]",}`))))
	assert.Equal(t, `["a\", ]"]`, string(dropTrailingCommas([]byte(`["a\", ]",]`))))
}

func TestReadBBQVocabulary(t *testing.T) {
	t.Parallel()
	in := "\ufeffCategory,Pilot_include,SubCat,Name,Info,Source\n" +
		"Religion,,,Christian,,\n" +
		"Religion,No,,Orthodox ,,\n" +
		"Gender_identity,,adult,man,,\n" +
		"SES,,Occupation,truck driver,lowSES,http://x\n" +
		"Race_ethnicity,,,African American,,\n" +
		"Unknown_cat,,,thing,,\n"
	l, err := ReadBBQVocabulary(strings.NewReader(in))
	require.NoError(t, err)
	assert.Equal(t, []string{"Christian"}, l.Groups(Religion), "Orthodox (Pilot_include No) is read but not listed")
	assert.Equal(t, []string{"truck driver"}, l.Groups(SES))
	assert.Equal(t, []string{"African American"}, l.Groups(RaceEthnicity))
	got, err := l.Swap(SES, "The truck driver met a cashier.", "truck driver", "cashier")
	require.NoError(t, err)
	assert.Equal(t, "The cashier met a truck driver.", got)
	_, err = l.Swap(SES, "Two truck drivers met.", "truck driver", "nurse")
	assert.ErrorIs(t, err, ErrNeedsRewrite, "an occupation has a plural, a term the lexicon does not know has none")

	for _, tc := range []struct{ name, in, want string }{
		{"no Name column", "Category,Pilot\nReligion,x\n", `no column "Name"`},
		{"empty name", "Category,Name\nReligion, \n", `line 2: column "Name" is empty`},
		{"bad quote", "Category,Name\nReligion,\"Chr\"is\n", "bbq vocabulary"},
		{"empty", "", "reading the header"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadBBQVocabulary(strings.NewReader(tc.in))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestReadBBQVocabularyShared reads the real vocabulary of the shared data.
func TestReadBBQVocabularyShared(t *testing.T) {
	t.Parallel()
	f, err := os.Open(shareddata.Path(t, "lexicon/axes/bbq_vocabulary.csv"))
	require.NoError(t, err)
	defer f.Close()
	l, err := ReadBBQVocabulary(f)
	require.NoError(t, err)
	assert.Len(t, l.Groups(Religion), 10, "eleven religions, Orthodox not listed")
	assert.Len(t, l.Groups(SES), 24)
	assert.Len(t, l.Groups(Nationality), 68)
	// Every term BBQ's vocabulary names is known to the shipped lexicon, except the one BBQ
	// left out of its pilot ("Orthodox", "Alaskan").
	for _, a := range axes {
		for _, g := range l.groups[a] {
			if g.hidden {
				continue
			}
			r, err := Builtin().resolve(a, g.name)
			require.NoError(t, err)
			assert.True(t, r.known, "%s: BBQ's %q is not in the shipped lexicon", a, g.name)
		}
	}
}
