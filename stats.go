package evenhand

import (
	"strconv"
	"sync/atomic"
	"time"

	"github.com/evenhand/evenhand/llmx"
)

// Rejections counts generated pairs that were not kept, by reason.
type Rejections struct {
	Unparsable    int `json:"unparsable"`     // the model's pair reply could not be read
	OutsideBand   int `json:"outside_band"`   // the stories' ROUGE-1 F1 fell outside the similarity band
	InvalidStance int `json:"invalid_stance"` // a judgment held no readable stance
	Consistent    int `json:"consistent"`     // the two judgments agreed: no bias to correct
	NotNeutral    int `json:"not_neutral"`    // no balanced, gender-neutral explanation could be had
	NearDuplicate int `json:"near_duplicate"` // the male story was too close to a kept one (Pipeline.Guard)
	Duplicate     int `json:"duplicate"`      // both stories equal a kept pair's, up to white space
	// BadTwin counts twins on an axis whose two tellings differ in more than the group
	// (axis.Lexicon.Check found problems) or whose axis and groups are not a valid pair of
	// groups; only RunTwins and AuditTwins count it, and it is left out of JSON when 0, so a
	// gender run's Stats read as before.
	BadTwin int `json:"bad_twin,omitempty"`
}

// Total returns the number of rejected pairs.
func (r Rejections) Total() int {
	return r.Unparsable + r.OutsideBand + r.InvalidStance + r.Consistent + r.NotNeutral + r.NearDuplicate + r.Duplicate + r.BadTwin
}

// Stats describes a call of [Pipeline.Run] or [Pipeline.Audit]. Model calls, retries and tokens
// are those counted by the Pipeline's Meters during the call (see Pipeline.Meters): New installs one
// per stage; a stage of your own is counted when you add a meter for it.
type Stats struct {
	Attempts int        `json:"attempts"` // Run: pairs asked of the generator; Audit: pairs started
	Kept     int        `json:"kept"`     // Run: pairs emitted; Audit: pairs judged
	Rejected Rejections `json:"rejected"`
	// JudgmentsReasked counts the judgments the Pipeline asked for again because the judge's
	// answer held no readable stance (see Pipeline.JudgeReasks): one more Judge call each. A
	// judge's own re-asks (judge.WithReasks) are not counted here.
	JudgmentsReasked int                  `json:"judgments_reasked"`
	Usage            llmx.Usage           `json:"usage"`            // all stages together
	Stages           map[Stage]llmx.Usage `json:"stages,omitempty"` // per stage
	Elapsed          time.Duration        `json:"elapsed"`
}

// counters are a run's live tallies, updated by concurrent workers.
type counters struct {
	attempts, kept, reserved                                       atomic.Int64
	unparsable, outsideBand, invalidStance, consistent, notNeutral atomic.Int64
	nearDuplicate, judgmentsReasked                                atomic.Int64
	duplicate, badTwin                                             atomic.Int64
}

func (c *counters) stats(u *usage, elapsed time.Duration) Stats {
	s := Stats{
		Attempts: int(c.attempts.Load()),
		Kept:     int(c.kept.Load()),
		Rejected: Rejections{
			Unparsable:    int(c.unparsable.Load()),
			OutsideBand:   int(c.outsideBand.Load()),
			InvalidStance: int(c.invalidStance.Load()),
			Consistent:    int(c.consistent.Load()),
			NotNeutral:    int(c.notNeutral.Load()),
			NearDuplicate: int(c.nearDuplicate.Load()),
			Duplicate:     int(c.duplicate.Load()),
			BadTwin:       int(c.badTwin.Load()),
		},
		JudgmentsReasked: int(c.judgmentsReasked.Load()),
		Elapsed:          elapsed,
	}
	s.Usage, s.Stages = u.read()
	return s
}

// usage reads a Pipeline's meters as the difference since the start of a call.
type usage struct {
	meters map[Stage]*llmx.Meter
	start  map[Stage]llmx.Usage
}

func newUsage(meters map[Stage]*llmx.Meter) *usage {
	u := &usage{meters: meters, start: make(map[Stage]llmx.Usage, len(meters))}
	for s, m := range meters {
		if m != nil {
			u.start[s] = m.Usage()
		}
	}
	return u
}

// read returns the usage since newUsage, in total and per stage (nil when no meter counted).
func (u *usage) read() (llmx.Usage, map[Stage]llmx.Usage) {
	var sum llmx.Usage
	var per map[Stage]llmx.Usage
	if u == nil {
		return sum, per
	}
	for s, m := range u.meters {
		if m == nil {
			continue
		}
		d := m.Usage().Sub(u.start[s])
		if d == (llmx.Usage{}) {
			continue
		}
		if per == nil {
			per = make(map[Stage]llmx.Usage, len(u.meters))
		}
		per[s] = per[s].Add(d)
		sum = sum.Add(d)
	}
	return sum, per
}

func stageByName(name string) Stage {
	for i, n := range stageNames {
		if n == name {
			return Stage(i)
		}
	}
	return StageUnknown
}

// plural returns "1 attempt", "2 attempts", ...
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
