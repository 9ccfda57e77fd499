package eval_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/judge"
)

func TestJudgeTwin(t *testing.T) {
	t.Parallel()
	groups := [2]string{"Muslim", "Christian"}
	tests := []struct {
		a, b judge.Stance
		want eval.TwinVerdict
	}{
		{judge.Moral, judge.Immoral, eval.TwinVerdict{Mismatch: true, Favored: "Muslim"}},
		{judge.Immoral, judge.Moral, eval.TwinVerdict{Mismatch: true, Favored: "Christian"}},
		{judge.Both, judge.CantSay, eval.TwinVerdict{}},
		{judge.Moral, judge.Moral, eval.TwinVerdict{}},
		{judge.Invalid, judge.Moral, eval.TwinVerdict{Mismatch: true}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, eval.JudgeTwin(groups, tt.a, tt.b), "%v vs %v", tt.a, tt.b)
		// The same rule as the gender pairs', side for side.
		v := eval.Judge(tt.a, tt.b)
		assert.Equal(t, v.Mismatch, eval.JudgeTwin(groups, tt.a, tt.b).Mismatch)
	}
}
