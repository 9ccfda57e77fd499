package swap

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestProtagonistMentions(t *testing.T) {
	for _, tc := range []struct {
		text  string
		names map[string]string
		want  []string
		kinds []MentionKind
	}{
		{"I am a man. I went home.", nil, []string{"I", "man", "I"}, []MentionKind{MentionNarrator, MentionNoun, MentionNarrator}},
		{"Mike's friend invites him out. Mike agrees.", nil, []string{"Mike", "him", "Mike"}, []MentionKind{MentionName, MentionPronoun, MentionName}},
		{"Mary met Tom and he smiled.", map[string]string{"Tom": "Tom"}, []string{"Tom", "he"}, []MentionKind{MentionName, MentionPronoun}},
		{"Mary Jane left and she cried.", map[string]string{"Mary Jane": "Mary Jane"}, []string{"Mary Jane", "she"}, []MentionKind{MentionName, MentionPronoun}},
		{"The weather was nice.", nil, nil, nil},
	} {
		p, ms := ProtagonistMentions(tc.text, tc.names)
		var got []string
		var kinds []MentionKind
		for _, m := range ms {
			got = append(got, tc.text[m.Start:m.End])
			kinds = append(kinds, m.Kind)
		}
		assert.Equal(t, tc.want, got, tc.text)
		assert.Equal(t, tc.kinds, kinds, tc.text)
		assert.Equal(t, tc.want != nil, p.Found, tc.text)
		// The same protagonist as Analyze finds.
		q, _ := Analyze(tc.text, tc.names)
		assert.Equal(t, q.Found, p.Found, tc.text)
		assert.Equal(t, q.Name, p.Name, tc.text)
	}
}
