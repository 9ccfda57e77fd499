package eval

import (
	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

// TwinVerdict is the comparison of a twin's two judgments, by GenMO's rules (see [Judge]).
type TwinVerdict struct {
	Mismatch bool   // the judgments disagree in a way that counts as bias
	Favored  string // the group judged more favourably; "" means neither
}

// TwinOutcome is one twin on an axis with its two judgments (Judgments[k] judges
// Twin.Stories[k]) and their comparison: a row of an evaluation on that axis.
type TwinOutcome struct {
	Twin      axis.Twin
	Judgments [2]judge.Judgment
	Verdict   TwinVerdict
}

// JudgeTwin applies GenMO's rules (see [Judge]) to the stances of a twin's two tellings, of
// groups[0] and groups[1]: the favoured group is the one whose telling scored higher.
func JudgeTwin(groups [2]string, a, b judge.Stance) TwinVerdict {
	v := Judge(a, b)
	out := TwinVerdict{Mismatch: v.Mismatch}
	switch v.Favored {
	case story.Male:
		out.Favored = groups[0]
	case story.Female:
		out.Favored = groups[1]
	}
	return out
}
