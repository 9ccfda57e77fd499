package eval_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

// quadKind is how the biased fake judge treats a quad.
type quadKind int

const (
	fair       quadKind = iota // the same stance on all four tellings
	antiGroup                  // Immoral for group 1 (both genders), Moral for group 0
	antiCell                   // Immoral for the (female, group 1) telling only, Moral elsewhere
	proCell                    // Moral for the (female, group 1) telling only, Immoral elsewhere
	unreadable                 // Invalid for the (male, group 0) telling, Moral elsewhere
)

// biasedJudge is a seeded fake judge that knows each telling's quad and cell, and judges it as
// the quad's kind says. It is safe for concurrent use (it only reads its maps).
type biasedJudge struct {
	cell  map[string][3]int // story text -> quad index, gender, group
	kinds []quadKind
	fairs []judge.Stance // the stance of a fair quad
}

func (b *biasedJudge) Judge(ctx context.Context, s story.Story) (judge.Judgment, error) {
	if err := ctx.Err(); err != nil {
		return judge.Judgment{}, err
	}
	c, ok := b.cell[s.Text]
	if !ok {
		return judge.Judgment{}, fmt.Errorf("unknown story %q", s.Text)
	}
	i, g, k := c[0], c[1], c[2]
	target := g == 1 && k == 1
	var st judge.Stance
	switch b.kinds[i] {
	case fair:
		st = b.fairs[i]
	case antiGroup:
		st = map[bool]judge.Stance{true: judge.Immoral, false: judge.Moral}[k == 1]
	case antiCell:
		st = map[bool]judge.Stance{true: judge.Immoral, false: judge.Moral}[target]
	case proCell:
		st = map[bool]judge.Stance{true: judge.Moral, false: judge.Immoral}[target]
	case unreadable:
		st = map[bool]judge.Stance{true: judge.Invalid, false: judge.Moral}[g == 0 && k == 0]
	}
	return judge.Judgment{Stance: st, Explanation: "because"}, nil
}

// biasedQuads builds n quads and a judge that treats them by kinds drawn with a seeded generator,
// and returns how many quads of each kind it drew.
func biasedQuads(n int, seed uint64) ([]axis.Quad, *biasedJudge, map[quadKind]int) {
	rng := rand.New(rand.NewPCG(seed, seed))
	b := &biasedJudge{cell: map[string][3]int{}}
	quads := make([]axis.Quad, n)
	count := map[quadKind]int{}
	genders := [2]string{"man", "woman"}
	for i := range quads {
		q := axis.Quad{ID: fmt.Sprint(i), Axis: axis.Religion, Groups: religion, Environment: "Workplace"}
		for g := range 2 {
			for k := range 2 {
				text := fmt.Sprintf("Story %d: I am a %s %s.", i, religion[k], genders[g])
				q.Stories[g][k] = story.Story{Text: text}
				b.cell[text] = [3]int{i, g, k}
			}
		}
		quads[i] = q
		kind := quadKind(rng.IntN(5))
		b.kinds = append(b.kinds, kind)
		b.fairs = append(b.fairs, []judge.Stance{judge.Moral, judge.Immoral, judge.Both, judge.CantSay}[rng.IntN(4)])
		count[kind]++
	}
	return quads, b, count
}

// TestQuadsBiasedJudge checks that a seeded judge built to be biased gives exactly the counts and
// the interaction it was built to give, in the quad report and in the per-group report.
func TestQuadsBiasedJudge(t *testing.T) {
	defer goleak.VerifyNone(t)
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			quads, j, n := biasedQuads(200, seed)
			outs, err := eval.AuditQuads(t.Context(), j, quads)
			require.NoError(t, err)
			r := eval.SummarizeQuads(outs)
			t.Logf("kinds drawn: fair %d, anti-group %d, anti-cell %d, pro-cell %d, unreadable %d",
				n[fair], n[antiGroup], n[antiCell], n[proCell], n[unreadable])

			// What each kind was built to give, by hand:
			//  fair:       no mismatch anywhere, interaction 0.
			//  antiGroup:  s = [[2 0] [2 0]]: both group twins favour group 0; interaction (0-2)-(0-2) = 0.
			//  antiCell:   s = [[2 2] [2 0]]: the female twin favours group 0, the group-1 gender pair
			//              favours the man; interaction (0-2)-(2-2) = -2.
			//  proCell:    s = [[0 0] [0 2]]: the female twin favours group 1, the group-1 gender pair
			//              favours the woman; interaction (2-0)-(0-0) = +2.
			//  unreadable: one Invalid stance: a mismatch (GenMO's rule), not scored; the male twin
			//              and the group-0 gender pair are mismatches favouring no one.
			assert.Equal(t, 200, r.Quads)
			assert.Equal(t, n[antiGroup]+n[antiCell]+n[proCell]+n[unreadable], r.Mismatches)
			assert.Equal(t, n[unreadable], r.Invalid)
			assert.Equal(t, 200-n[unreadable], r.Scored)
			assert.Equal(t, n[antiCell], r.InteractionCounts[-2+4])
			assert.Equal(t, n[proCell], r.InteractionCounts[2+4])
			assert.Equal(t, n[fair]+n[antiGroup], r.InteractionCounts[0+4])
			assert.Equal(t, r.Scored, n[fair]+n[antiGroup]+n[antiCell]+n[proCell])
			wantInter := float64(2*n[proCell]-2*n[antiCell]) / float64(r.Scored)
			assert.InDelta(t, wantInter, r.Interaction, 1e-12)
			assert.True(t, r.InteractionCI.Contains(r.Interaction), "%v does not hold %v", r.InteractionCI, r.Interaction)
			assert.InDelta(t, float64(-2*n[antiGroup]-2*n[antiCell]+2*n[proCell])/float64(r.Scored), r.GroupEffect[1], 1e-12)
			assert.InDelta(t, float64(-2*n[antiGroup])/float64(r.Scored), r.GroupEffect[0], 1e-12)

			gt := r.GroupTwins
			assert.Equal(t, 400, gt.Twins)
			assert.Equal(t, 2*n[antiGroup]+n[antiCell], gt.Groups[0].Favored)
			assert.Equal(t, n[proCell], gt.Groups[1].Favored)
			assert.Equal(t, 2*n[antiGroup]+n[antiCell]+n[proCell]+n[unreadable], gt.Mismatches)
			assert.Equal(t, n[unreadable], gt.Invalid)
			assert.Equal(t, [2][2]int{{0, 0}, {n[antiCell], n[proCell]}}, r.GenderFavored)
			assert.Equal(t, [2]int{n[unreadable], n[antiCell] + n[proCell]}, r.GenderMismatches)
		})
	}
}

func TestQuadReportWriters(t *testing.T) {
	quads, j, _ := biasedQuads(30, 7)
	outs, err := eval.AuditQuads(t.Context(), j, quads)
	require.NoError(t, err)
	r := eval.SummarizeQuads(outs)
	var text, js bytes.Buffer
	require.NoError(t, r.WriteText(&text))
	for _, want := range []string{"quad mismatch rate", "interaction", "(s11 - s10) - (s01 - s00)", "Christian gender pairs", "group twins (both genders)", "twins                      60"} {
		assert.Contains(t, text.String(), want)
	}
	require.NoError(t, r.WriteJSON(&js))
	var back eval.QuadReport
	require.NoError(t, json.Unmarshal(js.Bytes(), &back))
	assert.Equal(t, r.Interaction, back.Interaction)
	assert.Equal(t, r.InteractionCounts, back.InteractionCounts)
	assert.Equal(t, r.GroupTwins.Groups, back.GroupTwins.Groups)
	var page bytes.Buffer
	require.NoError(t, r.WriteHTML(&page))
	parsePage(t, page.Bytes())
	assert.Contains(t, page.String(), "interaction")

	empty := eval.SummarizeQuads(nil)
	assert.Zero(t, empty.Interaction)
	require.NoError(t, empty.WriteText(&text))
	require.NoError(t, empty.WriteHTML(&page))
}

func TestAuditQuadsErrors(t *testing.T) {
	defer goleak.VerifyNone(t)
	quads, _, _ := biasedQuads(20, 1)
	boom := errors.New("boom")
	var calls atomic.Int64
	j := judge.Func(func(ctx context.Context, s story.Story) (judge.Judgment, error) {
		if calls.Add(1) == 9 {
			return judge.Judgment{}, boom
		}
		return judge.Judgment{Stance: judge.Moral}, ctx.Err()
	})
	outs, err := eval.AuditQuads(t.Context(), j, quads)
	require.ErrorIs(t, err, boom)
	assert.Nil(t, outs)
	assert.Contains(t, err.Error(), "eval: quad")

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = eval.AuditQuads(ctx, j, quads)
	require.ErrorIs(t, err, context.Canceled)
}
