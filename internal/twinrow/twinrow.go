// Package twinrow holds the rules that every JSONL row of a twin on an axis follows, whoever
// reads or writes it: the twin records of package record and the twin results of package eval.
// A row names its axis, its two groups and two sides, side k telling the story of group k.
package twinrow

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/evenhand/evenhand/axis"
	ijsonl "github.com/evenhand/evenhand/internal/jsonl"
)

// Check reports what makes a row with axis a, groups and sides' groups (each "" or its group)
// invalid, as a *[ijsonl.FieldError] naming the field: an axis that is not one of axis.Axes, a
// blank group, the same group twice, or a side whose group is not its own.
func Check(a axis.Axis, groups, sideGroups [2]string) error {
	if !a.Valid() {
		return ijsonl.Field("axis", fmt.Errorf("%w: %q", axis.ErrUnknownAxis, string(a)))
	}
	for k, g := range groups {
		if strings.TrimSpace(g) == "" {
			return ijsonl.Field(fmt.Sprintf("groups[%d]", k), errors.New("blank"))
		}
	}
	if groups[0] == groups[1] {
		return ijsonl.Field("groups", fmt.Errorf("the two groups are the same: %q", groups[0]))
	}
	for k, g := range sideGroups {
		if g != "" && g != groups[k] {
			return ijsonl.Field(fmt.Sprintf("sides[%d].group", k), fmt.Errorf("%q, but groups[%d] is %q", g, k, groups[k]))
		}
	}
	return nil
}

// Required reports the first of a row's required fields ("axis", "groups", "sides") that raw
// lacks.
func Required(raw map[string]json.RawMessage) error {
	for _, name := range [...]string{"axis", "groups", "sides"} {
		if _, ok := raw[name]; !ok {
			return ijsonl.Field(name, errors.New("missing"))
		}
	}
	return nil
}

// Groups returns the two groups of a row, decoded as a list of strings (null elements kept as
// nil, so that they can be told from "").
func Groups(list []*string) ([2]string, error) {
	var out [2]string
	if len(list) != 2 {
		return out, ijsonl.Field("groups", fmt.Errorf("want 2 groups, got %d", len(list)))
	}
	for k, g := range list {
		if g == nil {
			return out, ijsonl.Field(fmt.Sprintf("groups[%d]", k), errors.New("want a string, got JSON null"))
		}
		out[k] = *g
	}
	return out, nil
}

// Sides decodes the two sides of a row, each a JSON object, into out; a type error names the
// side and its field ("sides[1].stance").
func Sides[T any](list []json.RawMessage, out *[2]T) error {
	if len(list) != 2 {
		return ijsonl.Field("sides", fmt.Errorf("want 2 sides, got %d", len(list)))
	}
	for k, b := range list {
		name := fmt.Sprintf("sides[%d]", k)
		var obj map[string]json.RawMessage
		if json.Unmarshal(b, &obj) != nil || obj == nil {
			return ijsonl.Field(name, fmt.Errorf("want an object, got JSON %s", Kind(b)))
		}
		if err := ijsonl.Unmarshal(b, &out[k]); err != nil {
			return ijsonl.Field(name, jsonPath(err))
		}
	}
	return nil
}

// jsonPath drops from the path of a *FieldError the names of embedded Go structs (which begin
// with a capital letter, where the row's JSON names do not): "Side.stance" is "stance".
func jsonPath(err error) error {
	fe, ok := err.(*ijsonl.FieldError)
	if !ok {
		return err
	}
	parts := strings.Split(fe.Field, ".")
	kept := parts[:0]
	for _, p := range parts {
		if p == "" || p[0] < 'A' || p[0] > 'Z' {
			kept = append(kept, p)
		}
	}
	return &ijsonl.FieldError{Field: strings.Join(kept, "."), Err: fe.Err}
}

// Kind names the JSON type of a value for messages: "null", "string", "number", "boolean",
// "array" or "object".
func Kind(b []byte) string {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return "text that is not JSON"
	}
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "boolean"
	case []any:
		return "array"
	}
	return "object"
}
