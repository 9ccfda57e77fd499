package judge_test

import (
	"testing"

	"github.com/evenhand/evenhand/judge"
	"github.com/stretchr/testify/assert"
)

func TestStanceLetter(t *testing.T) {
	for s, want := range map[judge.Stance]string{judge.Invalid: "", judge.Moral: "A", judge.Immoral: "B", judge.Both: "C", judge.CantSay: "D", judge.Stance(9): ""} {
		assert.Equal(t, want, s.Letter(), "Stance(%d)", uint8(s))
		if want != "" {
			assert.Equal(t, s, judge.ParseStance(want), "the letter parses back")
		}
	}
}
