package evenhand

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/compare"
	"github.com/evenhand/evenhand/diversity"
	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/internal/textutil"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/llmx"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
	"golang.org/x/sync/errgroup"
)

// Band is a closed interval of ROUGE-1 F1 scores between the male and the female story of a
// pair. The zero Band means [DefaultBand]; Band{Min: 0, Max: 1} accepts every pair.
type Band struct {
	Min, Max float64
}

// DefaultBand returns the paper's similarity band: a pair is kept when 0.8 <= F1 <= 0.95, so the
// two stories are the same story (not below 0.8) and were really changed (not above 0.95).
func DefaultBand() Band { return Band{Min: 0.8, Max: 0.95} }

// Contains reports whether f lies in the band (the zero Band is [DefaultBand]).
func (b Band) Contains(f float64) bool {
	if b == (Band{}) {
		b = DefaultBand()
	}
	return f >= b.Min && f <= b.Max
}

// DefaultAttemptsPerPair sets the default attempt budget of [Pipeline.Run]: this many attempts
// per pair asked for.
const DefaultAttemptsPerPair = 20

// DefaultJudgeReasks is how many more times [Pipeline.Run] asks a [judge.LLM] that does not
// re-ask on its own about a story whose judgment held no readable stance (see
// Pipeline.JudgeReasks).
const DefaultJudgeReasks = 1

// Pipeline runs the method: generate pairs, keep those in the similarity band, judge both
// stories, compare the judgments, and write balanced explanations for the biased pairs.
//
// Build it with [New] and set the fields you need, or set every field yourself. The zero value
// of every optional field is documented and is a sensible default; a nil required stage makes calls fail with [ErrMissingStage]. A
// Pipeline must not be changed while a call is running; calls on it may run concurrently.
type Pipeline struct {
	Generator   story.Generator     // writes pairs; required by Run
	Judge       judge.Judge         // judges each story in Run (and in Audit without AuditJudge); required by Run
	Comparator  compare.Comparator  // nil means compare.Stances() (GenMO's rules)
	Neutralizer neutral.Neutralizer // writes balanced explanations; required by Run

	// Twins writes twins on one axis for two groups; required by RunTwins and RunTwinsFile.
	Twins axis.Generator
	// TwinNeutralizer writes the balanced explanations of the twins RunTwins keeps; required by
	// RunTwins and RunTwinsFile.
	TwinNeutralizer neutral.TwinNeutralizer
	// Lexicon is what RunTwins and AuditTwins check every twin with (axis.Lexicon.Check) before
	// judging it; nil means axis.Builtin().
	Lexicon *axis.Lexicon

	// AuditJudge, when set, judges each story in Audit instead of Judge; nil means Judge, so a
	// Pipeline you build yourself needs only Judge. New sets both, because the paper judges
	// differently while it generates and while it evaluates: New's Judge offers the three
	// options of the paper's story generation (Moral, Immoral, Both; temperature 0.1), its
	// AuditJudge the four of GenMO's evaluation (with Can't say; temperature 0). When you
	// replace Judge on a Pipeline made by New and also audit with it, set AuditJudge to nil
	// (or to the judge you want Audit to use).
	AuditJudge judge.Judge

	// Concurrency is the number of pairs worked on at once; 0 (or less) means 1. The two
	// stories of a pair are always judged at the same time.
	Concurrency int

	// Band is the similarity band a generated pair must fall in; the zero Band is DefaultBand().
	Band Band

	// MaxAttempts bounds how many pairs Run asks the generator for; 0 means
	// DefaultAttemptsPerPair times the number of pairs asked for.
	MaxAttempts int

	// JudgeReasks is how many more times the Judge is asked about a story whose judgment held
	// no readable stance, before the pair is rejected (Stats.Rejected.InvalidStance) or the
	// outcome kept with an Invalid side. In Run a re-ask costs one judge call where a rejected
	// pair has cost the generation and both judgments; each is counted in
	// Stats.JudgmentsReasked.
	//
	// 0 means the default: Run re-asks DefaultJudgeReasks (1) time when the Judge is a
	// *[judge.LLM] that does not re-ask on its own (built without judge.WithReasks, or with
	// judge.WithReasks(0)); a judge.LLM that re-asks on its own, and a Judge of your own, are
	// not asked again. Audit never re-asks by default: the paper's evaluation asks once.
	//
	// A positive value re-asks that many times, in Run and in Audit, whatever the Judge: a
	// Judge of your own is then called again for a story it returned an Invalid stance for,
	// and a judge.LLM's own re-asks (judge.WithReasks) come on top. A negative value turns
	// re-asks off.
	JudgeReasks int

	// FirstID is the ID of the first record Run emits; the next ones follow it. Set it to the
	// number of records already written when continuing an earlier run.
	FirstID int

	// OnProgress, when set, is called by Run after every attempt ends and after every record
	// is emitted, with a snapshot of the run. Calls are never concurrent; keep it quick, since
	// the run's workers wait for it. The library itself never prints anything. Apart from
	// Wanted and the final Kept, snapshots depend on timing: how far other attempts have got
	// when one ends varies from run to run, even with one worker.
	OnProgress func(Progress)

	// Guard, when set, keeps near-duplicate stories out: each generated pair's male story is
	// embedded once, before the judge calls, and the pair is rejected (Stats.Rejected.NearDuplicate)
	// when its cosine similarity to a story already kept is at or above the Guard's threshold.
	// RunFile counts the stories already in its file as kept. An embedding failure stops the run
	// (Stage StageDedup). See [diversity.Guard] for the cost.
	Guard *diversity.Guard

	// Logger, when set, receives stage events at Debug level, and rejected pairs (with the first
	// 200 characters of an unreadable judge reply) and retried model calls (those seen by the Meters
	// New installs) at Info level. nil logs nothing.
	Logger *slog.Logger

	// Meters are the meters whose counts Stats and Progress report, by stage. New sets one per
	// stage it builds. For a stage of your own, wrap its model in an [llmx.Meter] and add it
	// here. Usage is read as each meter's difference between the start and the end of a call,
	// so calls running at the same time on one Pipeline count each other's model calls too.
	Meters map[Stage]*llmx.Meter
}

// logRetry logs a retried model call of stage s.
func (p *Pipeline) logRetry(s Stage, ev llmx.RetryEvent) {
	if p.Logger != nil {
		p.Logger.Info("evenhand: model call retried", "stage", s.String(), "attempt", ev.Attempt, "wait", ev.Wait, "error", ev.Err)
	}
}

// Run generates pairs until n are kept, passing each kept pair to emit as a record.Record.
//
// emit is never called concurrently; records carry IDs FirstID, FirstID+1, ... in emit order.
// A pair the Generator leaves without an ID gets its content id ([story.Pair.ContentID]) as
// its PairID, so pair ids never repeat within a file, across resumes too; a Generator's own ID
// that already names a kept pair with other stories stops the run (wrapping [ErrPairIDReused]).
// No pair is kept twice: a pair whose two stories equal a pair kept by this call (or, for
// [Pipeline.RunFile], found in its file), up to white space, is rejected
// (Stats.Rejected.Duplicate), before its judge calls when it can be.
// At most Concurrency pairs are in flight. Once n pairs are kept, work still running is
// cancelled and waited for: no goroutine outlives the call. A pair is rejected (and counted in
// Stats.Rejected) when its reply cannot be read, its stories fall outside the band, a judgment
// has no stance (after the re-asks of JudgeReasks: one by default for a judge.LLM; for New's
// three-option judge, a reply of Can't say has none), the judgments agree, no neutral
// explanation could be had, or it repeats a kept pair (or, with a Guard, comes too close to
// one). Other stage errors
// stop the run and are returned as a *[StageError]; an error from emit does too (Stage
// StageEmit), and the record it was given is not counted as kept. When the attempt budget
// runs out first, the error wraps [ErrBudgetExhausted]. Stats are returned in every case.
func (p *Pipeline) Run(ctx context.Context, n int, emit func(record.Record) error) (Stats, error) {
	return run(ctx, p, p.pairs(), p.firstID(), n, emit, newKeptPairs())
}

// firstID is p.FirstID; 0 for a nil Pipeline, whose calls fail with ErrMissingStage.
func (p *Pipeline) firstID() int {
	if p == nil {
		return 0
	}
	return p.FirstID
}

// pairs is the method of Run: gender pairs, kept as records.
func (p *Pipeline) pairs() *method[record.Record] {
	return &method[record.Record]{
		name:  "Run",
		noun:  "pair",
		check: func() error { return p.check(true) },
		try:   p.try,
		number: func(r *record.Record, id int) string {
			r.ID = id
			return r.PairID
		},
	}
}

// try takes one pair through the stages, in order: generate, screen (band, duplicates, Guard),
// judge, neutralize, claim. It stops at the first rejection or error.
func (p *Pipeline) try(ctx context.Context, a int, c *counters, rep *reporter, kept *keptPairs) (record.Record, *rejection, error) {
	pair, content, rej, err := p.generatePair(ctx, a, c, rep, kept)
	if rej != nil || err != nil {
		return record.Record{}, rej, err
	}
	novel, rej, err := p.guardCheck(ctx, a, pair.ID, pair.Male.Text, c)
	if rej != nil || err != nil {
		return record.Record{}, rej, err
	}
	o, rej, err := p.judgeMismatch(ctx, a, pair, c, rep)
	if rej != nil || err != nil {
		return record.Record{}, rej, err
	}
	res, rej, err := p.neutralizePair(ctx, a, pair, o, c)
	if rej != nil || err != nil {
		return record.Record{}, rej, err
	}
	if rej, err := p.claim(a, pair.ID, content, novel, c, kept); rej != nil || err != nil {
		return record.Record{}, rej, err
	}
	return record.NewRecord(0, o, res), nil, nil
}

// generatePair generates a pair and screens it: its ROUGE-1 F1 within the band, its id and
// stories not kept already. content is the pair's content id.
func (p *Pipeline) generatePair(ctx context.Context, a int, c *counters, rep *reporter, kept *keptPairs) (pair story.Pair, content string, rej *rejection, err error) {
	pair, err = p.Generator.Generate(ctx)
	if err != nil {
		if errors.Is(err, story.ErrUnparsable) && ctx.Err() == nil {
			return pair, "", reject(&c.unparsable, "unparsable", "error", err), nil
		}
		return pair, "", nil, &StageError{Stage: StageGenerate, Index: a, Err: err}
	}
	content = pair.ContentID()
	if pair.ID == "" {
		pair.ID = content
	}
	rep.debug(ctx, "evenhand: pair generated", "attempt", a, "pair", pair.ID)
	if f := story.Rouge1(pair.Male.Text, pair.Female.Text).F1; !p.Band.Contains(f) {
		return pair, content, reject(&c.outsideBand, "outside band", "rouge1", f), nil
	}
	if dup, err := kept.check(pair.ID, content); err != nil {
		return pair, content, nil, &StageError{Stage: StageGenerate, Index: a, PairID: pair.ID, Err: err}
	} else if dup {
		return pair, content, reject(&c.duplicate, "duplicate", "pair", pair.ID), nil
	}
	return pair, content, nil, nil
}

// guardCheck asks the Guard, when there is one, whether text, the story of item id that the
// Guard compares (a pair's male story, a twin's first), is new.
func (p *Pipeline) guardCheck(ctx context.Context, a int, id, text string, c *counters) (diversity.Candidate, *rejection, error) {
	if p.Guard == nil {
		return diversity.Candidate{}, nil, nil
	}
	novel, err := p.Guard.Check(ctx, text)
	if err != nil {
		return novel, nil, &StageError{Stage: StageDedup, Index: a, PairID: id, Err: err}
	}
	if novel.Duplicate {
		return novel, reject(&c.nearDuplicate, "near duplicate", "cosine", novel.Similarity, "kept_story", novel.Nearest), nil
	}
	return novel, nil, nil
}

// judgeMismatch judges both stories and keeps the pair only when both stances were read and
// they are a mismatch.
func (p *Pipeline) judgeMismatch(ctx context.Context, a int, pair story.Pair, c *counters, rep *reporter) (eval.Outcome, *rejection, error) {
	o, err := p.judgePair(ctx, p.Judge, a, pair, p.judgeReasks(true), c)
	if err != nil {
		return o, nil, err
	}
	rep.debug(ctx, "evenhand: pair judged", "attempt", a, "male", o.Male.Stance, "female", o.Female.Stance)
	return o, mismatchOnly(c, [2]string{"male", "female"}, [2]judge.Judgment{o.Male, o.Female}, o.Verdict.Mismatch), nil
}

// mismatchOnly is the rejection of two judgments that are not both valid or that do not
// disagree (mismatch false); nil keeps them. sides names the two sides in the log.
func mismatchOnly(c *counters, sides [2]string, js [2]judge.Judgment, mismatch bool) *rejection {
	if !js[0].Stance.Valid() || !js[1].Stance.Valid() {
		args := []any{sides[0], js[0].Stance, sides[1], js[1].Stance}
		// What the model said, so an unreadable reply can be seen without a debugger.
		for k, j := range js {
			if !j.Stance.Valid() {
				args = append(args, sides[k]+"_reply", textutil.Head(j.Raw, 200))
			}
		}
		return reject(&c.invalidStance, "invalid stance", args...)
	}
	if !mismatch {
		return reject(&c.consistent, "consistent", "stance", js[0].Stance)
	}
	return nil
}

// neutralizePair asks for the pair's balanced explanations.
func (p *Pipeline) neutralizePair(ctx context.Context, a int, pair story.Pair, o eval.Outcome, c *counters) (neutral.Result, *rejection, error) {
	res, err := p.Neutralizer.Neutralize(ctx, pair, o.Male, o.Female)
	if err == nil {
		return res, nil, nil
	}
	if (errors.Is(err, neutral.ErrUnparsable) || errors.Is(err, neutral.ErrNotNeutral)) && ctx.Err() == nil {
		return res, reject(&c.notNeutral, "not neutral", "error", err), nil
	}
	return res, nil, &StageError{Stage: StageNeutralize, Index: a, PairID: pair.ID, Err: err}
}

// claim marks the item with this id and content id kept, unless the same stories (or, with a
// Guard, a story too close to its own) were kept while it was being judged.
func (p *Pipeline) claim(a int, id, content string, novel diversity.Candidate, c *counters, kept *keptPairs) (*rejection, error) {
	if dup, err := kept.claim(id, content); err != nil {
		return nil, &StageError{Stage: StageGenerate, Index: a, PairID: id, Err: err}
	} else if dup {
		return reject(&c.duplicate, "duplicate", "pair", id, "kept_since_check", true), nil
	}
	if p.Guard != nil && !p.Guard.Keep(novel) {
		// A story kept while this item was being judged is too close to it.
		kept.release(id, content)
		return reject(&c.nearDuplicate, "near duplicate", "kept_since_check", true), nil
	}
	return nil, nil
}

// reasker is a Judge that can re-ask on its own (judge.LLM): it reports how many times.
type reasker interface{ Reasks() int }

// judgeReasks returns how many times a judgment without a stance is asked again (see
// Pipeline.JudgeReasks), in Run or in Audit.
func (p *Pipeline) judgeReasks(run bool) int {
	switch {
	case p.JudgeReasks != 0:
		return max(p.JudgeReasks, 0)
	case !run:
		return 0
	}
	if r, ok := p.Judge.(reasker); ok && r.Reasks() == 0 {
		return DefaultJudgeReasks
	}
	return 0
}

// auditJudge returns the Judge of Audit: AuditJudge, or Judge when it is nil.
func (p *Pipeline) auditJudge() judge.Judge {
	if p.AuditJudge != nil {
		return p.AuditJudge
	}
	return p.Judge
}

// judgeStory has jd judge s, asking again up to reasks times while the judgment holds no stance.
func judgeStory(ctx context.Context, jd judge.Judge, s story.Story, reasks int, c *counters) (judge.Judgment, error) {
	j, err := jd.Judge(ctx, s)
	for k := 0; k < reasks && err == nil && !j.Stance.Valid() && ctx.Err() == nil; k++ {
		c.judgmentsReasked.Add(1)
		j, err = jd.Judge(ctx, s)
	}
	return j, err
}

// judgeBoth has jd judge both stories at the same time. The first failure cancels the other
// judgment and is the error returned.
func judgeBoth(ctx context.Context, jd judge.Judge, stories [2]story.Story, reasks int, c *counters) ([2]judge.Judgment, error) {
	var js [2]judge.Judgment
	g, jctx := errgroup.WithContext(ctx)
	for k := range stories {
		g.Go(func() (err error) {
			js[k], err = judgeStory(jctx, jd, stories[k], reasks, c)
			return err
		})
	}
	return js, g.Wait()
}

// judgePair has jd judge both stories of pair at the same time and compares the judgments. The
// first failure cancels the other judgment and is the error reported.
func (p *Pipeline) judgePair(ctx context.Context, jd judge.Judge, index int, pair story.Pair, reasks int, c *counters) (eval.Outcome, error) {
	o := eval.Outcome{Pair: pair}
	js, err := judgeBoth(ctx, jd, [2]story.Story{pair.Male, pair.Female}, reasks, c)
	o.Male, o.Female = js[0], js[1]
	if err != nil {
		return o, &StageError{Stage: StageJudge, Index: index, PairID: pair.ID, Err: err}
	}
	cmp := p.Comparator
	if cmp == nil {
		cmp = compare.Stances()
	}
	v, err := cmp.Compare(ctx, pair, o.Male, o.Female)
	if err != nil {
		return o, &StageError{Stage: StageCompare, Index: index, PairID: pair.ID, Err: err}
	}
	o.Verdict = v
	return o, nil
}

// Audit judges both stories of every pair and compares the judgments: the GenMO evaluation.
// The stories are judged by AuditJudge, or by Judge when it is nil (New sets AuditJudge to a
// judge with GenMO's four options at temperature 0). Pairs are worked on Concurrency at a
// time, and the outcomes come back in input order. A
// judgment without a stance is an outcome, not an error; it is asked again only when
// JudgeReasks is positive. The first stage error stops the
// audit, cancels the work still running, and is returned as a *[StageError] naming the pair's
// index; the outcomes finished before it are returned with it (the others are zero).
//
// OnProgress, when set, is called after each pair is judged, with Wanted the number of pairs,
// Kept and Done the pairs judged so far, and the model usage of this call. The Stats returned
// with the outcomes, in every case, count the pairs started (Attempts) and judged (Kept), and
// the model usage of the Pipeline's Meters.
func (p *Pipeline) Audit(ctx context.Context, pairs []story.Pair) ([]eval.Outcome, Stats, error) {
	out, _, st, err := audit(ctx, p, func() error { return p.check(false) }, pairs,
		func(ctx context.Context, i int, pair story.Pair, c *counters, _ *reporter) (eval.Outcome, bool, error) {
			o, err := p.judgePair(ctx, p.auditJudge(), i, pair, p.judgeReasks(false), c)
			return o, true, err
		})
	return out, st, err
}

func (p *Pipeline) check(run bool) error {
	switch {
	case p == nil:
		return fmt.Errorf("%w: nil *Pipeline", ErrMissingStage)
	case p.Judge == nil && (run || p.AuditJudge == nil):
		return fmt.Errorf("%w: Judge", ErrMissingStage)
	case run && p.Generator == nil:
		return fmt.Errorf("%w: Generator", ErrMissingStage)
	case run && p.Neutralizer == nil:
		return fmt.Errorf("%w: Neutralizer", ErrMissingStage)
	}
	return nil
}
