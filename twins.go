package evenhand

import (
	"context"
	"errors"
	"fmt"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/internal/twinrow"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
)

// RunTwins is [Pipeline.Run] for twins on an axis: it asks p.Twins for twins until n are kept,
// passing each kept twin to emit as a record.Twin (its axis, its groups, and for each group's
// telling the story, the judgment and the balanced explanation).
//
// Every twin is checked with p.Lexicon's [axis.Lexicon.Check] (nil: [axis.Builtin]) before any
// judge call: a twin whose two tellings differ in more than the group, or whose axis and groups
// cannot make a row of a twin records file, is rejected and counted in Stats.Rejected.BadTwin,
// and the log names its problems. The similarity band is not applied: the check is the twin's
// test. The rest is Run's, on the same engine: both tellings are judged by p.Judge at the same
// time (with Run's re-asks), [eval.JudgeTwin] decides whether the judgments disagree, a twin
// whose judgments agree or hold no stance is rejected, p.TwinNeutralizer writes the balanced
// explanations, and the attempt budget, Concurrency, FirstID, Guard (on the first telling),
// OnProgress, Logger, Meters, the duplicate rules (content ids, [axis.Twin.ContentID]) and the
// errors ([StageError], [ErrBudgetExhausted]) are those of Run.
//
// A generator error wrapping [story.ErrUnparsable] or [axis.ErrUnparsable] (axis.New's) is
// counted in Stats.Rejected.Unparsable;
// any other stops the run.
func (p *Pipeline) RunTwins(ctx context.Context, n int, emit func(record.Twin) error) (Stats, error) {
	return run(ctx, p, p.twins(), p.firstID(), n, emit, newKeptPairs())
}

// RunTwinsFile is [Pipeline.RunFile] for twins: it makes the twin records file at path hold n
// twins made by [Pipeline.RunTwins], through a [record.TwinCheckpoint] (each row synced to disk,
// a torn last line cut off, the file locked while the call runs). A file that holds rows already
// is continued: its twins count towards n, their IDs run on, and no twin in it is kept again
// (nor, with a Guard, one too close to its first telling). A file of another kind is an error
// wrapping [record.ErrCheckpoint], and is left untouched.
func (p *Pipeline) RunTwinsFile(ctx context.Context, path string, n int) (Stats, error) {
	return runFile(ctx, p, p.twins(), twinFiles(), path, n)
}

// AuditTwins is [Pipeline.Audit] for twins: it has the audit judge (AuditJudge, or Judge when
// that is nil) judge both tellings of every twin, Concurrency twins at a time, and applies
// [eval.JudgeTwin]. Each twin is first checked as RunTwins checks it: a twin with problems is
// not judged, and is counted in Stats.Rejected.BadTwin and logged with its problems.
//
// The outcomes are those of the twins judged, in input order (a rejected twin has none: match
// outcomes to inputs by Twin.ID). Stats count the twins started (Attempts) and judged (Kept).
// The first judge error stops the audit and is returned as a *[StageError] whose Index is the
// twin's index in twins, with the outcomes finished before it.
func (p *Pipeline) AuditTwins(ctx context.Context, twins []axis.Twin) ([]eval.TwinOutcome, Stats, error) {
	out, done, st, err := audit(ctx, p, func() error { return p.checkTwins(false) }, twins,
		func(ctx context.Context, i int, t axis.Twin, c *counters, rep *reporter) (eval.TwinOutcome, bool, error) {
			if rej := p.checkTwin(t, c); rej != nil {
				rej.log(ctx, rep, "twin", "index", i)
				return eval.TwinOutcome{}, false, nil
			}
			o, err := p.judgeTwin(ctx, p.auditJudge(), i, t, p.judgeReasks(false), c)
			return o, true, err
		})
	kept := out[:0]
	for i := range out {
		if done[i] {
			kept = append(kept, out[i])
		}
	}
	return kept, st, err
}

// twins is the method of RunTwins: twins on an axis, kept as twin records.
func (p *Pipeline) twins() *method[record.Twin] {
	return &method[record.Twin]{
		name:  "RunTwins",
		noun:  "twin",
		check: func() error { return p.checkTwins(true) },
		try:   p.tryTwin,
		number: func(r *record.Twin, id int) string {
			r.ID = id
			return r.PairID
		},
	}
}

// checkTwins is check for the twin calls: RunTwins needs Twins, Judge and TwinNeutralizer;
// AuditTwins a judge.
func (p *Pipeline) checkTwins(run bool) error {
	switch {
	case p == nil:
		return fmt.Errorf("%w: nil *Pipeline", ErrMissingStage)
	case p.Judge == nil && (run || p.AuditJudge == nil):
		return fmt.Errorf("%w: Judge", ErrMissingStage)
	case run && p.Twins == nil:
		return fmt.Errorf("%w: Twins", ErrMissingStage)
	case run && p.TwinNeutralizer == nil:
		return fmt.Errorf("%w: TwinNeutralizer", ErrMissingStage)
	}
	return nil
}

// lexicon is p.Lexicon, or the built-in one.
func (p *Pipeline) lexicon() *axis.Lexicon {
	if p.Lexicon != nil {
		return p.Lexicon
	}
	return axis.Builtin()
}

// tryTwin takes one twin through the stages, in order: generate, check, screen (duplicates,
// Guard), judge, neutralize, claim. It stops at the first rejection or error.
func (p *Pipeline) tryTwin(ctx context.Context, a int, c *counters, rep *reporter, kept *keptPairs) (record.Twin, *rejection, error) {
	t, content, rej, err := p.generateTwin(ctx, a, c, rep, kept)
	if rej != nil || err != nil {
		return record.Twin{}, rej, err
	}
	novel, rej, err := p.guardCheck(ctx, a, t.ID, t.Stories[0].Text, c)
	if rej != nil || err != nil {
		return record.Twin{}, rej, err
	}
	o, err := p.judgeTwin(ctx, p.Judge, a, t, p.judgeReasks(true), c)
	if err != nil {
		return record.Twin{}, nil, err
	}
	rep.debug(ctx, "evenhand: twin judged", "attempt", a, "group0", o.Judgments[0].Stance, "group1", o.Judgments[1].Stance)
	if rej := mismatchOnly(c, [2]string{"group0", "group1"}, o.Judgments, o.Verdict.Mismatch); rej != nil {
		return record.Twin{}, rej, nil
	}
	res, rej, err := p.neutralizeTwin(ctx, a, o, c)
	if rej != nil || err != nil {
		return record.Twin{}, rej, err
	}
	if rej, err := p.claim(a, t.ID, content, novel, c, kept); rej != nil || err != nil {
		return record.Twin{}, rej, err
	}
	return record.NewTwin(0, o, res), nil, nil
}

// generateTwin generates a twin and screens it: Lexicon.Check finds no problem, its id and
// stories are not kept already. content is the twin's content id.
func (p *Pipeline) generateTwin(ctx context.Context, a int, c *counters, rep *reporter, kept *keptPairs) (t axis.Twin, content string, rej *rejection, err error) {
	t, err = p.Twins.Generate(ctx)
	if err != nil {
		if (errors.Is(err, story.ErrUnparsable) || errors.Is(err, axis.ErrUnparsable)) && ctx.Err() == nil {
			return t, "", reject(&c.unparsable, "unparsable", "error", err), nil
		}
		return t, "", nil, &StageError{Stage: StageGenerate, Index: a, Err: err}
	}
	content = t.ContentID()
	if t.ID == "" {
		t.ID = content
	}
	rep.debug(ctx, "evenhand: twin generated", "attempt", a, "twin", t.ID, "axis", t.Axis)
	if rej := p.checkTwin(t, c); rej != nil {
		return t, content, rej, nil
	}
	if dup, err := kept.check(t.ID, content); err != nil {
		return t, content, nil, &StageError{Stage: StageGenerate, Index: a, PairID: t.ID, Err: err}
	} else if dup {
		return t, content, reject(&c.duplicate, "duplicate", "twin", t.ID), nil
	}
	return t, content, nil, nil
}

// checkTwin is the rejection of a twin that cannot be a row of a twin records file (an unknown
// axis, a blank group, the same group twice) or whose tellings Lexicon.Check finds problems in;
// nil keeps it.
func (p *Pipeline) checkTwin(t axis.Twin, c *counters) *rejection {
	if err := twinrow.Check(t.Axis, t.Groups, [2]string{}); err != nil {
		return reject(&c.badTwin, "bad twin", "twin", t.ID, "problems", err.Error())
	}
	problems := p.lexicon().Check(t.Axis, [2]string{t.Stories[0].Text, t.Stories[1].Text}, t.Groups)
	if len(problems) == 0 {
		return nil
	}
	words := make([]string, len(problems))
	for k, pr := range problems {
		words[k] = pr.String()
	}
	return reject(&c.badTwin, "bad twin", "twin", t.ID, "axis", t.Axis, "groups", t.Groups, "problems", words)
}

// judgeTwin has jd judge both tellings of t at the same time and applies eval.JudgeTwin. The
// first failure cancels the other judgment and is the error reported, as a *StageError.
func (p *Pipeline) judgeTwin(ctx context.Context, jd judge.Judge, index int, t axis.Twin, reasks int, c *counters) (eval.TwinOutcome, error) {
	o := eval.TwinOutcome{Twin: t}
	js, err := judgeBoth(ctx, jd, t.Stories, reasks, c)
	o.Judgments = js
	if err != nil {
		return o, &StageError{Stage: StageJudge, Index: index, PairID: t.ID, Err: err}
	}
	o.Verdict = eval.JudgeTwin(t.Groups, js[0].Stance, js[1].Stance)
	return o, nil
}

// neutralizeTwin asks for the twin's balanced explanations.
func (p *Pipeline) neutralizeTwin(ctx context.Context, a int, o eval.TwinOutcome, c *counters) (neutral.TwinResult, *rejection, error) {
	res, err := p.TwinNeutralizer.NeutralizeTwin(ctx, o.Twin, o.Judgments)
	if err == nil {
		return res, nil, nil
	}
	if (errors.Is(err, neutral.ErrUnparsable) || errors.Is(err, neutral.ErrNotNeutral)) && ctx.Err() == nil {
		return res, reject(&c.notNeutral, "not neutral", "error", err), nil
	}
	return res, nil, &StageError{Stage: StageNeutralize, Index: a, PairID: o.Twin.ID, Err: err}
}

// twinFiles is the kind of file RunTwinsFile writes: twin records.
func twinFiles() *fileKind[record.Twin] {
	return &fileKind[record.Twin]{
		open: func(path string) (checkpoint[record.Twin], error) {
			c, err := record.OpenTwinCheckpoint(path)
			if err != nil {
				return nil, err
			}
			return c, nil
		},
		read: record.Twins,
		item: func(t *record.Twin) (string, string, string) {
			return t.PairID, t.Twin().ContentID(), t.Sides[0].Story
		},
	}
}
