package axis

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/evenhand/evenhand/story"
)

// ErrExhausted is wrapped by the error a generator of [FromStories] returns when it has no
// story left to make a twin of.
var ErrExhausted = errors.New("axis: no story left")

// Stories is a [Generator] that makes twins of given stories without a model where it can. Create
// it with [FromStories]; it is safe for concurrent use by multiple goroutines.
type Stories struct {
	lex     *Lexicon
	axis    Axis
	groups  [2]string
	stories []story.Story
	rw      Rewriter
	next    atomic.Uint64
}

var _ Generator = (*Stories)(nil)

// FromStories returns a Generator that makes one twin of each of stories in turn, for groups on
// axis a: it puts group 0 into the story at the protagonist ([Lexicon.Inject]), then exchanges
// it for group 1 ([Lexicon.Swap]); where Swap abstains ([ErrNeedsRewrite]) it asks rw, which may
// be nil (then such a story is passed over). A story the rules cannot take (one that already
// mentions a group of the axis, has no protagonist or no place for a mention, or that rw could
// not rewrite for a reason other than a failed call) is passed over and the next one tried.
// Twins have the source "swap" or "rewrite", the story's index as their ID, and the story's
// protagonist on both sides. When no story is left, Generate returns an error wrapping
// [ErrExhausted]. A nil lex is [Builtin].
func FromStories(lex *Lexicon, a Axis, groups [2]string, stories []story.Story, rw Rewriter) *Stories {
	if lex == nil {
		lex = Builtin()
	}
	return &Stories{lex: lex, axis: a, groups: groups, stories: append([]story.Story(nil), stories...), rw: rw}
}

// Generate makes the twin of the next story that the rules (or the rewriter) can take.
func (g *Stories) Generate(ctx context.Context) (Twin, error) {
	for {
		if err := ctx.Err(); err != nil {
			return Twin{}, err
		}
		i := g.next.Add(1) - 1
		if i >= uint64(len(g.stories)) {
			return Twin{}, fmt.Errorf("%w: all %d stories used", ErrExhausted, len(g.stories))
		}
		t, err := g.twin(ctx, int(i))
		if err == nil {
			return t, nil
		}
		if ctx.Err() != nil || !passOver(err) {
			return Twin{}, fmt.Errorf("axis: story %d: %w", i, err)
		}
	}
}

// twin makes the twin of story i.
func (g *Stories) twin(ctx context.Context, i int) (Twin, error) {
	s0, err := g.lex.Inject(g.axis, g.stories[i], g.groups[0])
	if err != nil {
		return Twin{}, err
	}
	t := Twin{ID: fmt.Sprint(i), Axis: g.axis, Groups: g.groups, Source: "swap"}
	text, err := g.lex.Swap(g.axis, s0.Text, g.groups[0], g.groups[1])
	if errors.Is(err, ErrNeedsRewrite) && g.rw != nil {
		t.Source = "rewrite"
		text, err = g.rw.Rewrite(ctx, s0.Text, g.groups[0], g.groups[1])
	}
	if err != nil {
		return Twin{}, err
	}
	s1 := s0
	s1.Text = text
	t.Stories = [2]story.Story{s0, s1}
	return t, nil
}

// passOver reports whether an error only means this story cannot make a twin.
func passOver(err error) bool {
	for _, e := range []error{ErrNeedsRewrite, ErrHasMention, ErrNoPlace, ErrNoMention, ErrRewriteFailed, ErrUnparsable, story.ErrNoProtagonist} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
