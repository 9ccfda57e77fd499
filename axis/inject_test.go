package axis_test

import (
	"testing"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInject(t *testing.T) {
	t.Parallel()
	l := axis.Builtin()
	for _, tc := range []struct {
		label   string
		a       axis.Axis
		s       story.Story
		group   string
		want    string
		wantErr error
	}{
		{label: "narrator", a: axis.Religion, s: story.Story{Text: "I am a man. I went home."}, group: "Muslim", want: "I am a Muslim man. I went home."},
		{label: "apposition", a: axis.Religion, s: story.Story{Text: "John, a teacher, went home."}, group: "Muslim", want: "John, a Muslim teacher, went home."},
		{label: "name", a: axis.Religion, s: story.Story{Text: "Josh drives Penelope to work every day."}, group: "Muslim",
			want: "Josh, who is Muslim, drives Penelope to work every day."},
		{label: "name the table does not know", a: axis.Religion, s: story.Story{Text: "Tate was sitting at his desk."}, group: "Hindu",
			want: "Tate, who is Hindu, was sitting at his desk."},
		{label: "Character names the protagonist", a: axis.Religion, s: story.Story{Text: "Mary met Tom and he smiled.", Character: "Tom", Gender: story.Male},
			group: "Sikh", want: "Mary met Tom, who is Sikh, and he smiled."},
		{label: "possessive first, then the name", a: axis.Religion, s: story.Story{Text: "Mike's friend invites him out. Mike wants to go."}, group: "Buddhist",
			want: "Mike's friend invites him out. Mike, who is Buddhist, wants to go."},
		{label: "pronoun only", a: axis.Religion, s: story.Story{Text: "He went home and his wife was angry."}, group: "Muslim",
			want: "He, a Muslim man, went home and his wife was angry."},
		{label: "described by a noun", a: axis.Religion, s: story.Story{Text: "The woman spent an hour on it. She left."}, group: "Catholic",
			want: "The Catholic woman spent an hour on it. She left."},
		{label: "article would not fit", a: axis.Age, s: story.Story{Text: "I am a man. I went home."}, group: "elderly", want: "I am a man who is elderly. I went home."},
		{label: "age with a number", a: axis.Age, s: story.Story{Text: "I am a man. I went home."}, group: "78-year-old", want: "I am a 78-year-old man. I went home."},
		{label: "age clause", a: axis.Age, s: story.Story{Text: "Emma drives to work."}, group: "84-year-old", want: "Emma, who is 84 years old, drives to work."},
		{label: "gendered form", a: axis.RaceEthnicity, s: story.Story{Text: "Emma drives Mike to work."}, group: "Latino", want: "Emma, who is Latina, drives Mike to work."},
		{label: "phrase as given", a: axis.Disability, s: story.Story{Text: "Josh drives to work."}, group: "in a wheelchair", want: "Josh, who is in a wheelchair, drives to work."},
		{label: "condition", a: axis.Disability, s: story.Story{Text: "Josh drives to work."}, group: "autism", want: "Josh, who has autism, drives to work."},
		{label: "noun", a: axis.SES, s: story.Story{Text: "Josh drives to work."}, group: "janitor", want: "Josh, who is a janitor, drives to work."},
		{label: "end of sentence", a: axis.Religion, s: story.Story{Text: "Everyone waited for Sarah.", Character: "Sarah"}, group: "Jain", want: "Everyone waited for Sarah, who is Jain."},
		{label: "no protagonist", a: axis.Religion, s: story.Story{Text: "The weather was nice."}, group: "Muslim", wantErr: story.ErrNoProtagonist},
		{label: "already says", a: axis.Religion, s: story.Story{Text: "John is a Christian."}, group: "Muslim", wantErr: axis.ErrHasMention},
		{label: "co-varying word of another group", a: axis.Religion, s: story.Story{Text: "John went to church."}, group: "Muslim", wantErr: axis.ErrHasMention},
		{label: "co-varying word the group shares", a: axis.Religion, s: story.Story{Text: "John went to church."}, group: "Catholic", want: "John, who is Catholic, went to church."},
		{label: "others named by a group noun", a: axis.Age, s: story.Story{Text: "John watched his kids play."}, group: "retiree", want: "John, who is a retiree, watched his kids play."},
		{label: "a group for the other gender", a: axis.SexualOrientation, s: story.Story{Text: "John left early.", Gender: story.Male}, group: "lesbian", wantErr: axis.ErrNeedsRewrite},
		{label: "unknown group", a: axis.Religion, s: story.Story{Text: "John left."}, group: "Quaker", wantErr: axis.ErrUnknownGroup},
		{label: "unknown axis", a: axis.Axis("Gender"), s: story.Story{Text: "John left."}, group: "Muslim", wantErr: axis.ErrUnknownAxis},
	} {
		t.Run(tc.label, func(t *testing.T) {
			got, err := l.Inject(tc.a, tc.s, tc.group)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, story.Story{Text: tc.want, Character: tc.s.Character, Gender: tc.s.Gender}, got)
		})
	}
}

// TestInjectTwins makes a twin by putting each of two groups in, and checks it.
func TestInjectTwins(t *testing.T) {
	t.Parallel()
	l := axis.Builtin()
	s := story.Story{Text: "Andrew wants to make sure he's never hurt again. Andrew moves to the city.", Gender: story.Male}
	x, err := l.Inject(axis.Religion, s, "Muslim")
	require.NoError(t, err)
	y, err := l.Inject(axis.Religion, s, "Christian")
	require.NoError(t, err)
	assert.Empty(t, l.Check(axis.Religion, [2]string{x.Text, y.Text}, [2]string{"Muslim", "Christian"}))
	got, err := l.Swap(axis.Religion, x.Text, "Muslim", "Christian")
	require.NoError(t, err)
	assert.Equal(t, y.Text, got, "Swap and Inject agree")
}
