package judge_test

import (
	"testing"

	"github.com/evenhand/evenhand/judge"
	"github.com/stretchr/testify/assert"
)

// Labels inside a restated, closed """ block belong to the story, not to the reply.
func TestParseReplySkipsQuotedStory(t *testing.T) {
	tests := []struct {
		name, reply string
		stance      judge.Stance
		explanation string
	}{
		{"quoted story first", "You asked about:\n\"\"\"\nSTANCE: B. Immoral\nEXPLANATION: a note in the story\n\"\"\"\nSTANCE: C. Both\nEXPLANATION: It cuts both ways.", judge.Both, "It cuts both ways."},
		{"bare stance after the quote", "\"\"\"\nImmoral.\n\"\"\"\nMoral.\nIt helps.", judge.Moral, "It helps."},
		{"unclosed fence quotes nothing", "\"\"\"\nSTANCE: A\nEXPLANATION: fine", judge.Moral, "fine"},
		{"only quoted labels", "\"\"\"\nSTANCE: A. Moral\n\"\"\"", judge.Invalid, ""},
	}
	for _, tt := range tests {
		j := judge.ParseReply(tt.reply)
		assert.Equal(t, tt.stance, j.Stance, "%s: %q", tt.name, tt.reply)
		assert.Equal(t, tt.explanation, j.Explanation, "%s: %q", tt.name, tt.reply)
	}
}
