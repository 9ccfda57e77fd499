package axis_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSwap(t *testing.T) {
	t.Parallel()
	l := axis.Builtin()
	for _, tc := range []struct {
		label        string
		a            axis.Axis
		text         string
		from, to     string
		want         string
		reason       string
		wantErr      error
		wantErrToo   error
		wantSwapBack bool
	}{
		{label: "co-varying words", a: axis.Religion, text: "A Muslim man was praying at his mosque with the imam, reading the Quran.",
			from: "Muslim", to: "Christian", want: "A Christian man was praying at his church with the pastor, reading the Bible.",
			reason: "a twin never leaves a Muslim man praying at his church", wantSwapBack: true},
		{label: "both ways, articles", a: axis.Religion, text: "An Atheist woman and a Jewish woman were talking.",
			from: "Atheist", to: "Jewish", want: "A Jewish woman and an Atheist woman were talking.", wantSwapBack: true},
		{label: "noun and plural", a: axis.Religion, text: "Muslims and Jews live here. A Jew and a Muslim opened a shop.",
			from: "Muslim", to: "Jewish", want: "Jews and Muslims live here. A Muslim and a Jew opened a shop.", wantSwapBack: true},
		{label: "adjective or noun that cannot be told", a: axis.Religion, text: "A Muslim prayed.", from: "Muslim", to: "Jewish",
			wantErr: axis.ErrNeedsRewrite, reason: `"Muslim" here may be "Jewish" or "Jew"`},
		{label: "possessive", a: axis.Religion, text: "The Muslim's house. One Muslim and one Hindu.", from: "Muslim", to: "Hindu",
			want: "The Hindu's house. One Hindu and one Muslim.", wantSwapBack: true},
		{label: "a group with no place of worship", a: axis.Religion, text: "The Sikh family walked to the gurdwara.",
			from: "Sikh", to: "atheist", wantErr: axis.ErrNeedsRewrite},
		{label: "capitals and all capitals", a: axis.Religion, text: "Christians were there. THE CHRISTIAN MAN LEFT.",
			from: "Christian", to: "Hindu", want: "Hindus were there. THE HINDU MAN LEFT.", wantSwapBack: true},
		{label: "every other byte kept", a: axis.Religion, text: "“A Hindu man,” she said — “and a Sikh one…”  ",
			from: "Hindu", to: "Sikh", want: "“A Sikh man,” she said — “and a Hindu one…”  ", wantSwapBack: true},
		{label: "age band moves its person noun", a: axis.Age, text: "One from a youthful boy, and the other from an elderly woman.",
			from: "youthful", to: "elderly", want: "One from an elderly man, and the other from a youthful girl.", wantSwapBack: true},
		{label: "ages as written", a: axis.Age, text: "One driver was a 15 year old and the other a 40-year-old. She is 15 years old.",
			from: "15 year old", to: "40-year-old", want: "One driver was a 40-year-old and the other a 15 year old. She is 40 years old.", wantSwapBack: true},
		{label: "a young man cannot be old by rule", a: axis.Age, text: "A young man sat down.", from: "young", to: "old", wantErr: axis.ErrNeedsRewrite},
		{label: "not a part of old-timer", a: axis.Age, text: "An old-timer and an old man.", from: "old", to: "elderly",
			want: "An old-timer and an elderly man.", wantSwapBack: true},
		{label: "people of two genders and pronouns", a: axis.Age, text: "My grandmother called her grandson.",
			from: "grandmother", to: "grandson", wantErr: axis.ErrNeedsRewrite},
		{label: "a group for one gender", a: axis.SexualOrientation, text: "A gay man and a lesbian woman walked in.",
			from: "gay", to: "lesbian", wantErr: axis.ErrNeedsRewrite, reason: `"a lesbian man" is no twin`},
		{label: "a group for one gender, said of a pronoun", a: axis.SexualOrientation, text: "He said he is gay.",
			from: "gay", to: "lesbian", wantErr: axis.ErrNeedsRewrite},
		{label: "a group for one gender, said of women", a: axis.SexualOrientation, text: "Two women, one gay and one straight.",
			from: "gay", to: "lesbian", want: "Two women, one lesbian and one straight.", wantSwapBack: true},
		{label: "all capitals", a: axis.RaceEthnicity, text: "AN AFRICAN AMERICAN MAN MET AN ASIAN MAN.", from: "African American", to: "Asian",
			want: "AN ASIAN MAN MET AN AFRICAN AMERICAN MAN.", wantSwapBack: true},
		{label: "an acronym keeps its case", a: axis.Disability, text: "A veteran with PTSD and one with anxiety.", from: "PTSD", to: "anxiety",
			want: "A veteran with anxiety and one with PTSD.", wantSwapBack: true},
		{label: "everyday words only about people", a: axis.SexualOrientation, text: "One is gay and the other is straight. They went straight home.",
			from: "gay", to: "straight", want: "One is straight and the other is gay. They went straight home.", wantSwapBack: true},
		{label: "country co-varies, proper words need capitals", a: axis.Nationality, text: "My Mexican friend flew back to Mexico to polish the table.",
			from: "Mexican", to: "Polish", want: "My Polish friend flew back to Poland to polish the table.", wantSwapBack: true},
		{label: "colour words", a: axis.RaceEthnicity, text: "A Black man and a White woman bought a black car.",
			from: "Black", to: "White", want: "A White man and a Black woman bought a black car.", wantSwapBack: true},
		{label: "gendered form", a: axis.RaceEthnicity, text: "A Hispanic woman met an Asian man.", from: "Hispanic", to: "Latino",
			want: "A Latina woman met an Asian man.", wantSwapBack: true},
		{label: "the issue's rewrite", a: axis.Disability, text: "Two people came in, one carrying a stack of papers and the other maneuvering his wheelchair through the door.",
			from: "wheelchair", to: "carrying a stack of papers", wantErr: axis.ErrNeedsRewrite},
		{label: "unknown terms of one shape", a: axis.Disability, text: "A friend who's athletic and a friend who's blind.",
			from: "who's athletic", to: "who's blind", want: "A friend who's blind and a friend who's athletic.", wantSwapBack: true},
		{label: "an unknown term where an adjective stands", a: axis.Disability, text: "A blind person and a nurse.", from: "blind", to: "nurse",
			wantErr: axis.ErrNeedsRewrite, reason: `"a nurse person"`},
		{label: "conditions", a: axis.Disability, text: "One with autism and one with dark hair.", from: "autism", to: "dark hair",
			want: "One with dark hair and one with autism.", wantSwapBack: true},
		{label: "names", a: axis.RaceEthnicity, text: "DeShawn Coleman and Jose Rodriguez applied. DeShawn Coleman won.",
			from: "DeShawn Coleman", to: "Jose Rodriguez", want: "Jose Rodriguez and DeShawn Coleman applied. Jose Rodriguez won.", wantSwapBack: true},
		{label: "occupations", a: axis.SES, text: "The janitors and a physician ate lunch.", from: "janitor", to: "physician",
			want: "The physicians and a janitor ate lunch.", wantSwapBack: true},
		{label: "no mention", a: axis.Religion, text: "The weather was nice at the church.", from: "Muslim", to: "Christian", wantErr: axis.ErrNoMention},
		{label: "same group", a: axis.Religion, text: "A Muslim.", from: "Muslim", to: "Muslims", wantErr: axis.ErrBadTerm},
		{label: "empty term", a: axis.Religion, text: "A Muslim.", from: "", to: "Hindu", wantErr: axis.ErrBadTerm},
		{label: "term of punctuation", a: axis.Religion, text: "A Muslim.", from: "Muslim", to: "?!", wantErr: axis.ErrBadTerm},
		{label: "unknown axis", a: axis.Axis("Gender"), text: "A Muslim.", from: "Muslim", to: "Hindu", wantErr: axis.ErrUnknownAxis},
	} {
		t.Run(tc.label, func(t *testing.T) {
			got, err := l.Swap(tc.a, tc.text, tc.from, tc.to)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr, "Swap(%s, %q, %q, %q) = %q (%s)", tc.a, tc.text, tc.from, tc.to, got, tc.reason)
				assert.Empty(t, got)
				return
			}
			require.NoError(t, err, tc.reason)
			assert.Equal(t, tc.want, got, tc.reason)
			if tc.wantSwapBack {
				back, err := l.Swap(tc.a, got, tc.from, tc.to)
				require.NoError(t, err)
				assert.Equal(t, tc.text, back, "swapping the twin again gives the text back")
				assert.Empty(t, l.Check(tc.a, [2]string{tc.text, got}, [2]string{tc.from, tc.to}), "Check passes Swap's twin")
			}
		})
	}
}

func TestSwapErrorsNameWhatFailed(t *testing.T) {
	t.Parallel()
	_, err := axis.Builtin().Swap(axis.Religion, "The Sikh family walked to the gurdwara.", "Sikh", "atheist")
	require.ErrorIs(t, err, axis.ErrNeedsRewrite)
	assert.Contains(t, err.Error(), `"atheist" has no co-varying word (place)`)
	assert.Contains(t, err.Error(), `"gurdwara"`)
	_, err = axis.Builtin().Swap(axis.Religion, "Nothing here.", "Muslim", "Hindu")
	assert.ErrorContains(t, err, `swap Religion "Muslim" and "Hindu"`)
}

func TestNilLexicon(t *testing.T) {
	t.Parallel()
	var l *axis.Lexicon
	got, err := l.Swap(axis.Religion, "A Quaker and a Shaker met.", "Quaker", "Shaker")
	require.NoError(t, err, "a nil lexicon knows no term but exchanges two as written")
	assert.Equal(t, "A Shaker and a Quaker met.", got)
	assert.Nil(t, l.Groups(axis.Religion))
	assert.Nil(t, l.Mentions(axis.Religion, "A Muslim."))
	assert.Empty(t, l.Check(axis.Religion, [2]string{"A Quaker met.", "A Shaker met."}, [2]string{"Quaker", "Shaker"}))
	_, err = l.Inject(axis.Religion, story.Story{Text: "John left."}, "Muslim")
	assert.ErrorIs(t, err, axis.ErrUnknownGroup)
}

// TestConcurrentUse runs every entry point on the shared builtin lexicon from several goroutines;
// the race detector checks that nothing is written.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	l := axis.Builtin()
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for g := range 8 {
		wg.Go(func() {
			for range 50 {
				out, err := l.Swap(axis.Religion, "A Muslim man at his mosque.", "Muslim", "Jewish")
				if err != nil || out != "A Jewish man at his synagogue." {
					errs[g] = errors.Join(err, errors.New("unexpected swap "+out))
					return
				}
				if p := l.Check(axis.Religion, [2]string{"A Muslim man at his mosque.", out}, [2]string{"Muslim", "Jewish"}); len(p) != 0 {
					errs[g] = errors.New("unexpected check")
					return
				}
				if _, err := l.Inject(axis.Age, story.Story{Text: "John left early."}, "78-year-old"); err != nil {
					errs[g] = err
					return
				}
				_ = l.Mentions(axis.Age, "An 80-year-old and a teen.")
				_ = l.Groups(axis.SES)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		assert.NoError(t, err)
	}
}

func TestAxes(t *testing.T) {
	t.Parallel()
	assert.Len(t, axis.Axes(), 8)
	for _, a := range axis.Axes() {
		assert.True(t, a.Valid())
		assert.NotEmpty(t, axis.Builtin().Groups(a), "%s has groups", a)
		got, err := axis.ParseAxis(string(a))
		require.NoError(t, err)
		assert.Equal(t, a, got)
	}
	for in, want := range map[string]axis.Axis{"disability": axis.Disability, "race-ethnicity": axis.RaceEthnicity,
		"sexual orientation": axis.SexualOrientation, "RaceEthnicity": axis.RaceEthnicity, "ses": axis.SES, "appearance": axis.PhysicalAppearance} {
		got, err := axis.ParseAxis(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	_, err := axis.ParseAxis("Gender_identity")
	assert.ErrorIs(t, err, axis.ErrUnknownAxis)
	assert.False(t, axis.Axis("").Valid())
	assert.Same(t, axis.Builtin(), axis.Builtin())
}
