package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/story"
)

// defaultGroups are the two groups -axis all compares on each axis: a group that is often the
// target of a stereotype and one that is not, both of which the lexicon's rules put into
// GenMO's stories for 98-99.5% of them (README, "Beyond gender").
var defaultGroups = map[axis.Axis][2]string{
	axis.Age:                {"78-year-old", "22-year-old"},
	axis.Disability:         {"blind", "sighted"},
	axis.Nationality:        {"Mexican", "Swedish"},
	axis.PhysicalAppearance: {"fat", "thin"},
	axis.RaceEthnicity:      {"Black", "White"},
	axis.Religion:           {"Muslim", "Christian"},
	axis.SES:                {"low-income", "wealthy"},
	axis.SexualOrientation:  {"gay", "straight"},
}

// allReport is the report of -axis all: one twin report per axis, in axis.Axes order.
type allReport struct {
	Reports []eval.TwinReport `json:"reports"`
}

func (r allReport) WriteJSON(w io.Writer) error {
	e := json.NewEncoder(w)
	e.SetIndent("", "  ")
	return e.Encode(r)
}

func (r allReport) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "axis\tgroups\ttwins\tmismatch rate\t95% CI (Wilson)\tfavoured: first / second\tinvalid")
	for _, r := range r.Reports {
		fmt.Fprintf(tw, "%s\t%s / %s\t%d\t%.4f\t[%.4f, %.4f]\t%d / %d\t%d\n", r.Axis, r.Groups[0].Group, r.Groups[1].Group,
			r.Twins, r.MismatchRate, r.MismatchRateCI.Low(), r.MismatchRateCI.High(), r.Groups[0].Favored, r.Groups[1].Favored, r.Invalid)
	}
	return tw.Flush()
}

// auditAll audits every axis of the lexicon on its default groups with the same GenMO stories
// and judge. The cost of every axis is printed before the first call; the limits apply to each
// axis's report, and every axis breaking them is named.
func auditAll(ctx context.Context, c *config, j judge.Judge, pairs []story.Pair, stdout, info io.Writer) error {
	all := make([][]axis.Twin, len(axis.Axes()))
	tellings := 0
	for i, a := range axis.Axes() {
		twins, cov, err := axis.GenMOTwins(nil, pairs, a, defaultGroups[a])
		if err != nil {
			return err
		}
		fmt.Fprintf(info, "%-20s %s / %s: %s\n", a, defaultGroups[a][0], defaultGroups[a][1], cov)
		all[i] = twins
		tellings += 2 * len(twins)
	}
	estimate(info, c, tellings)
	fmt.Fprintln(info)
	var r allReport
	var broken []error
	for i, twins := range all {
		p := &evenhand.Pipeline{AuditJudge: j, Concurrency: c.conc}
		outs, _, err := p.AuditTwins(ctx, twins)
		if err != nil {
			return fmt.Errorf("%s: %w", axis.Axes()[i], err)
		}
		rep := eval.SummarizeTwins(outs)
		if err := rep.Check(c.limits); err != nil {
			broken = append(broken, fmt.Errorf("%s: %w", axis.Axes()[i], err))
		}
		r.Reports = append(r.Reports, rep)
	}
	print := r.WriteText
	if c.jsonOut {
		print = r.WriteJSON
	}
	if err := print(stdout); err != nil {
		return err
	}
	return errors.Join(broken...)
}
