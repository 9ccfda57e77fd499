package axis

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/evenhand/evenhand/internal/lexicon"
)

// kind is the grammatical form of a term.
type kind uint8

// The forms of terms.
const (
	kindNone    kind = iota
	kindAdj          // an adjective: Muslim, elderly, 78-year-old, gay
	kindNoun         // a count noun, singular: Muslim, retiree, wheelchair user, Jew
	kindPlural       // a count noun, plural: Muslims, retirees, Jews
	kindCond         // something a person has: autism, a mental illness, tattoos, dark hair
	kindPost         // a phrase after a person: in a wheelchair, on the autism spectrum
	kindRole         // a co-varying word of a role, singular: mosque, imam, Mexico
	kindRolePl       // a co-varying word of a role, plural: mosques, imams
	kindAgePred      // an age as a predicate: 22 years old
	kindAgeAged      // an age after "aged": aged 22
	kindName         // a caller's term that looks like a person's name: DeShawn Coleman
	kindBare         // a caller's term of unknown form: exchanged only where any form fits
)

func (k kind) String() string {
	switch k {
	case kindAdj:
		return "adjective"
	case kindNoun:
		return "noun"
	case kindPlural:
		return "plural noun"
	case kindCond:
		return "condition"
	case kindPost:
		return "phrase after a noun"
	case kindRole, kindRolePl:
		return "co-varying word"
	case kindAgePred:
		return "age predicate"
	case kindAgeAged:
		return "age after aged"
	case kindName:
		return "name"
	case kindBare:
		return "term"
	}
	return "form"
}

// band is an age band.
type band uint8

// The age bands.
const (
	bandNone band = iota
	bandChild
	bandTeen
	bandYoung
	bandMiddle
	bandOld
)

// kidBand reports whether people of the band are called boys and girls rather than men and
// women.
func (b band) kidBand() bool { return b == bandChild || b == bandTeen }

// form is one way a text writes a group: its grammatical kind, its words, and, for a gendered
// variant (Latina), its gender.
type form struct {
	kind   kind
	role   string // for kindRole and kindRolePl: place, clergy, country, device, ...
	text   string // as written in the lexicon (or by the caller)
	words  []string
	caps   []bool         // caps[i]: word i is capitalised in text, and must be in a mention
	gender lexicon.Gender // Female for Latina, Male for Latino's masculine-only form; Unknown otherwise
	style  uint8          // for ages: how the number is written (see age.go)
}

// group is one social group of an axis with the ways a text writes it.
type group struct {
	axis    Axis
	name    string
	forms   []form
	band    band
	head    lexicon.Gender // the only gender of person the group describes (lesbian: Female)
	gender  lexicon.Gender // the group's own gender, for gendered nouns (grandfather: Male)
	common  bool           // its words are everyday words: a mention needs a person nearby
	hidden  bool           // read in texts, but not listed by Groups
	sources []string
	number  int // for ages written with a number: the age; -1 otherwise
}

// Lexicon holds reviewed term lists per axis. It is immutable once built and safe for concurrent
// use by multiple goroutines. The zero Lexicon (and a nil *Lexicon) knows no term: Swap still
// exchanges two terms as written where their shape allows it.
type Lexicon struct {
	groups map[Axis][]*group
	// first maps an axis and a mention's first word (lower case) to the forms that start
	// with it, longest first.
	first map[Axis]map[string][]formRef
	// all holds a matcher for every group of an axis, for Mentions; read-only once built.
	all map[Axis]*matcher
}

type formRef struct {
	g *group
	f int
}

//go:embed lexicon/*.lex
var lexFiles embed.FS

// builtin is the shipped lexicon, parsed once at init and never mutated.
var builtin = mustBuiltin()

func mustBuiltin() *Lexicon {
	l, err := parseFS(lexFiles, "lexicon")
	if err != nil {
		panic(err) // the files are part of the source: the package's tests catch a bad line
	}
	return l
}

// Builtin returns the shipped, reviewed lexicon: the term lists under axis/lexicon (BBQ's
// vocabulary and templates, CC BY 4.0; conversationai's identity terms, Apache-2.0; our own
// additions; see lexicon/NOTICE). It covers all eight axes. The same immutable value is
// returned on every call.
func Builtin() *Lexicon { return builtin }

// Groups returns the names of the groups the lexicon lists for axis a, in the lexicon's order,
// as a new slice; nil for an axis it does not cover. Any of them may be given to
// [Lexicon.Inject], and as a term to [Lexicon.Swap] and [Lexicon.Check].
func (l *Lexicon) Groups(a Axis) []string {
	if l == nil {
		return nil
	}
	var out []string
	for _, g := range l.groups[a] {
		if !g.hidden {
			out = append(out, g.name)
		}
	}
	return out
}

// Merge returns a new lexicon with the groups of l and then those of o that name a term l does
// not already know on the same axis: l's reviewed entries win. Neither l nor o is changed.
func (l *Lexicon) Merge(o *Lexicon) *Lexicon {
	out := &Lexicon{groups: map[Axis][]*group{}}
	if l != nil {
		for a, gs := range l.groups {
			out.groups[a] = slices.Clone(gs)
		}
	}
	out.index()
	if o != nil {
		for _, a := range axes {
			for _, g := range o.groups[a] {
				known := false
				for _, f := range g.forms {
					if out.lookupForm(a, f.words) != nil {
						known = true
						break
					}
				}
				if !known {
					out.groups[a] = append(out.groups[a], g)
				}
			}
		}
	}
	out.index()
	return out
}

// index builds l.first from l.groups.
func (l *Lexicon) index() {
	l.first = map[Axis]map[string][]formRef{}
	l.all = map[Axis]*matcher{}
	for _, a := range axes {
		m := buildMatcher(l.groups[a], false)
		if a == Age {
			m.ages = len(l.groups[a])
		}
		l.all[a] = m
	}
	for a, gs := range l.groups {
		m := map[string][]formRef{}
		for _, g := range gs {
			for i, f := range g.forms {
				if len(f.words) == 0 {
					continue
				}
				m[f.words[0]] = append(m[f.words[0]], formRef{g, i})
			}
		}
		for k, refs := range m {
			slices.SortStableFunc(refs, func(x, y formRef) int {
				return len(y.g.forms[y.f].words) - len(x.g.forms[x.f].words)
			})
			m[k] = refs
		}
		l.first[a] = m
	}
}

// lookupForm returns the first form of axis a whose words are words, or nil.
func (l *Lexicon) lookupForm(a Axis, words []string) *formRef {
	if l == nil || len(words) == 0 {
		return nil
	}
	for _, r := range l.first[a][words[0]] {
		if slices.Equal(r.g.forms[r.f].words, words) {
			return &r
		}
	}
	return nil
}

// lookupGroup returns the group of axis a named name (ignoring case), or nil.
func (l *Lexicon) lookupGroup(a Axis, name string) *group {
	if l == nil {
		return nil
	}
	for _, g := range l.groups[a] {
		if strings.EqualFold(g.name, name) {
			return g
		}
	}
	return nil
}

// parseFS reads every *.lex file of dir in fsys.
func parseFS(fsys fs.FS, dir string) (*Lexicon, error) {
	l := &Lexicon{groups: map[Axis][]*group{}}
	names, err := fs.Glob(fsys, dir+"/*.lex")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	for _, n := range names {
		b, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		if err := l.parse(n, string(b)); err != nil {
			return nil, err
		}
	}
	l.index()
	return l, nil
}

// LexError reports a line of a lexicon file that could not be read.
type LexError struct {
	File string // the file's name
	Line int    // 1-based line number
	Err  error
}

func (e *LexError) Error() string { return fmt.Sprintf("axis: %s:%d: %v", e.File, e.Line, e.Err) }

// Unwrap returns e.Err.
func (e *LexError) Unwrap() error { return e.Err }

// parse reads one lexicon file into l. The format: "axis: NAME" once, then groups, each opened
// by "[name]" and followed by "key: value" lines; "#" starts a comment line. Keys: adj, noun
// (singular / plural), cond, post, their feminine and masculine variants (adj.f, noun.m, ...),
// band, head, gender, flags (common, hidden) and source; any other key is a role of co-varying
// words (singular / plural).
func (l *Lexicon) parse(file, text string) error {
	var a Axis
	var g *group
	fail := func(n int, format string, args ...any) error {
		return &LexError{File: file, Line: n, Err: fmt.Errorf(format, args...)}
	}
	for n, line := range strings.Split(text, "\n") {
		n++
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") {
			var err error
			if g, err = l.openGroup(a, line); err != nil {
				return fail(n, "%v", err)
			}
			continue
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			return fail(n, "want key: value, got %q", line)
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if key == "axis" {
			a = Axis(val)
			if !a.Valid() {
				return fail(n, "%v: %q", ErrUnknownAxis, val)
			}
			continue
		}
		if g == nil {
			return fail(n, "%q before the first group", key)
		}
		if err := g.set(key, val); err != nil {
			return fail(n, "group %q: %v", g.name, err)
		}
	}
	for _, g := range l.groups[a] {
		if len(g.forms) == 0 {
			return &LexError{File: file, Err: fmt.Errorf("group %q has no form", g.name)}
		}
	}
	return nil
}

// openGroup reads the group header line "[name]" of axis a and adds the group it opens to l.
func (l *Lexicon) openGroup(a Axis, line string) (*group, error) {
	if !strings.HasSuffix(line, "]") || a == "" {
		return nil, fmt.Errorf("group header %q before an axis line or without ]", line)
	}
	g := &group{axis: a, name: strings.TrimSpace(line[1 : len(line)-1]), number: -1}
	if g.name == "" {
		return nil, fmt.Errorf("empty group name")
	}
	l.groups[a] = append(l.groups[a], g)
	return g, nil
}

// set applies one key: value line to g.
func (g *group) set(key, val string) error {
	base, variant, _ := strings.Cut(key, ".")
	gender, err := variantGender(base, variant)
	if err != nil {
		return err
	}
	switch base {
	case "adj", "cond", "post", "noun":
		return g.setForm(base, val, gender)
	case "band":
		return g.setBand(val)
	case "head", "gender":
		return g.setGender(base, val)
	case "flags":
		return g.setFlags(val)
	case "source":
		for _, s := range strings.Split(val, ",") {
			g.sources = append(g.sources, strings.TrimSpace(s))
		}
		return nil
	}
	return g.setRole(base, variant, val)
}

// variantGender returns the gender a key's variant (the f of "adj.f") gives its form.
func variantGender(base, variant string) (lexicon.Gender, error) {
	switch variant {
	case "":
		return lexicon.Unknown, nil
	case "f":
		return lexicon.Female, nil
	case "m":
		return lexicon.Male, nil
	}
	return lexicon.Unknown, fmt.Errorf("unknown variant %q of %q", variant, base)
}

// singularPlural splits a value "one / many" into its singular and plural, and reports whether
// it has a plural.
func singularPlural(val string) (one, many string, hasMany bool) {
	one, many, hasMany = strings.Cut(val, "/")
	return strings.TrimSpace(one), strings.TrimSpace(many), hasMany
}

// setForm adds the form of an adj, cond, post or noun line (a noun with its plural).
func (g *group) setForm(base, val string, gender lexicon.Gender) error {
	one, many, hasMany := singularPlural(val)
	if base == "noun" {
		if err := g.add(newForm(kindNoun, "", one, gender)); err != nil {
			return err
		}
		if hasMany {
			return g.add(newForm(kindPlural, "", many, gender))
		}
		return nil
	}
	if hasMany {
		return fmt.Errorf("%s takes one value, got %q", base, val)
	}
	k := map[string]kind{"adj": kindAdj, "cond": kindCond, "post": kindPost}[base]
	return g.add(newForm(k, "", one, gender))
}

// setBand sets the age band of a band line.
func (g *group) setBand(val string) error {
	b, ok := map[string]band{"child": bandChild, "teen": bandTeen, "young": bandYoung, "middle": bandMiddle, "old": bandOld}[val]
	if !ok {
		return fmt.Errorf("unknown band %q", val)
	}
	g.band = b
	return nil
}

// setGender sets the gender of a head or gender line.
func (g *group) setGender(base, val string) error {
	x, ok := map[string]lexicon.Gender{"male": lexicon.Male, "female": lexicon.Female}[val]
	if !ok {
		return fmt.Errorf("unknown %s %q", base, val)
	}
	if base == "head" {
		g.head = x
	} else {
		g.gender = x
	}
	return nil
}

// setFlags sets the flags of a flags line: common, hidden.
func (g *group) setFlags(val string) error {
	for _, f := range strings.Split(val, ",") {
		switch strings.TrimSpace(f) {
		case "common":
			g.common = true
		case "hidden":
			g.hidden = true
		default:
			return fmt.Errorf("unknown flag %q", f)
		}
	}
	return nil
}

// setRole adds the co-varying words of a role line (any other key): a singular and a plural.
func (g *group) setRole(role, variant, val string) error {
	if variant != "" {
		return fmt.Errorf("a role (%q) has no variants", role)
	}
	one, many, hasMany := singularPlural(val)
	if err := g.add(newForm(kindRole, role, one, lexicon.Unknown)); err != nil {
		return err
	}
	if hasMany {
		return g.add(newForm(kindRolePl, role, many, lexicon.Unknown))
	}
	return nil
}

func (g *group) add(f form) error {
	if len(f.words) == 0 {
		return fmt.Errorf("empty %s", f.kind)
	}
	for _, o := range g.forms {
		if o.kind == f.kind && o.role == f.role && o.gender == f.gender {
			return fmt.Errorf("a second %s (%q after %q)", f.kind, f.text, o.text)
		}
	}
	g.forms = append(g.forms, f)
	return nil
}

// newForm returns the form of kind k written text.
func newForm(k kind, role, text string, g lexicon.Gender) form {
	f := form{kind: k, role: role, text: text, gender: g}
	for _, w := range splitWords(text) {
		f.words = append(f.words, lowerWord(w))
		f.caps = append(f.caps, startsUpper(w) && !isAllUpperShort(w))
	}
	return f
}

// isAllUpperShort reports whether w is an acronym such as PTSD or LGBTQ: written in capitals,
// but texts write it in any case ("ptsd" is still a mention).
func isAllUpperShort(w string) bool {
	up := 0
	for _, r := range w {
		if r >= 'a' && r <= 'z' {
			return false
		}
		if r >= 'A' && r <= 'Z' {
			up++
		}
	}
	return up >= 2
}

// formOf returns g's form of kind k and role with gender gd, falling back to the neutral form
// (gender Unknown) and then to any gender; nil when g has no form of that kind.
func (g *group) formOf(k kind, role string, gd lexicon.Gender) *form {
	var neutral, anyg *form
	for i := range g.forms {
		f := &g.forms[i]
		if f.kind != k || f.role != role {
			continue
		}
		if f.gender == gd {
			return f
		}
		if f.gender == lexicon.Unknown && neutral == nil {
			neutral = f
		}
		if anyg == nil {
			anyg = f
		}
	}
	if neutral != nil {
		return neutral
	}
	return anyg
}

// hasWords reports whether g has a form written with words (lower case).
func (g *group) hasWords(words []string) bool {
	for _, f := range g.forms {
		if equalWords(f.words, words) {
			return true
		}
	}
	return false
}

// splitLower returns the lower-case words of s.
func splitLower(s string) []string {
	ws := splitWords(s)
	for i, w := range ws {
		ws[i] = lowerWord(w)
	}
	return ws
}
