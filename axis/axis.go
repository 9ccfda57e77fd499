package axis

import (
	"errors"
	"fmt"
)

// Axis is a social dimension along which twins differ. Its values are BBQ's category names.
// The zero value is not an axis: methods given one return an error wrapping [ErrUnknownAxis]
// (Check reports every problem it can see without a lexicon).
type Axis string

// The axes. Gender, the method's own axis, is handled by package story.
const (
	Age                Axis = "Age"
	Disability         Axis = "Disability_status"
	Nationality        Axis = "Nationality"
	PhysicalAppearance Axis = "Physical_appearance"
	RaceEthnicity      Axis = "Race_ethnicity"
	Religion           Axis = "Religion"
	SES                Axis = "SES"
	SexualOrientation  Axis = "Sexual_orientation"
)

// axes lists the axes in a fixed order.
var axes = [...]Axis{Age, Disability, Nationality, PhysicalAppearance, RaceEthnicity, Religion, SES, SexualOrientation}

// Axes returns the eight axes, in a fixed order, as a new slice.
func Axes() []Axis { return append([]Axis(nil), axes[:]...) }

// Valid reports whether a is one of the eight axes.
func (a Axis) Valid() bool {
	for _, x := range axes {
		if a == x {
			return true
		}
	}
	return false
}

// String returns the axis's name, BBQ's category name.
func (a Axis) String() string { return string(a) }

// ParseAxis returns the axis named s. It accepts BBQ's category names and, ignoring case, the
// Go constant names ("Disability", "RaceEthnicity") and the names with spaces or hyphens for
// underscores ("sexual orientation", "race-ethnicity"). Anything else is an error wrapping
// [ErrUnknownAxis].
func ParseAxis(s string) (Axis, error) {
	norm := func(x string) string {
		b := make([]byte, 0, len(x))
		for i := 0; i < len(x); i++ {
			c := x[i]
			switch {
			case c == '_' || c == '-' || c == ' ':
			case 'A' <= c && c <= 'Z':
				b = append(b, c+'a'-'A')
			default:
				b = append(b, c)
			}
		}
		return string(b)
	}
	n := norm(s)
	for _, a := range axes {
		if n == norm(string(a)) {
			return a, nil
		}
	}
	switch n {
	case "disability":
		return Disability, nil
	case "appearance":
		return PhysicalAppearance, nil
	case "race", "ethnicity", "raceethnicity":
		return RaceEthnicity, nil
	case "orientation", "sexualorientation":
		return SexualOrientation, nil
	}
	return "", fmt.Errorf("%w: %q", ErrUnknownAxis, s)
}

// Errors wrapped by the package's functions. Check them with [errors.Is].
var (
	// ErrNeedsRewrite means no rule can make this twin: the two terms, or the way the text uses
	// one of them, call for a rewrite ("one carrying a stack of papers and the other maneuvering
	// his wheelchair"). Swap abstains rather than guess; a model may write the twin instead, and
	// [Lexicon.Check] can verify it.
	ErrNeedsRewrite = errors.New("axis: only a rewrite can make this twin")

	// ErrNoMention means the text mentions neither term (co-varying words such as "mosque" alone
	// are not a mention of the group).
	ErrNoMention = errors.New("axis: the text mentions neither term")

	// ErrUnknownAxis is wrapped by errors for an Axis that is not one of the eight.
	ErrUnknownAxis = errors.New("axis: unknown axis")

	// ErrUnknownGroup is wrapped by [Lexicon.Inject] errors for a group the lexicon does not know
	// on the axis.
	ErrUnknownGroup = errors.New("axis: unknown group")

	// ErrBadTerm is wrapped by errors for terms that cannot be exchanged: empty, not valid UTF-8,
	// without a letter or digit, or two names of the same group.
	ErrBadTerm = errors.New("axis: bad term")

	// ErrHasMention is wrapped by [Lexicon.Inject] errors for a story that already mentions a
	// group of the axis: a second mention could contradict it.
	ErrHasMention = errors.New("axis: the story already mentions a group of the axis")

	// ErrNoPlace is wrapped by [Lexicon.Inject] errors when the protagonist is found but none of
	// their mentions can take a group mention by rule (only possessives and object pronouns).
	ErrNoPlace = errors.New("axis: no place for a group mention at the protagonist")
)
