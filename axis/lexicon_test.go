package axis

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLexiconReview checks the shipped lists for what the review promised: every group has a
// form and a known source; no slur from conversationai's list is shipped; no word names two
// groups of one axis (except co-varying words, which groups share on purpose); every axis has
// groups.
func TestLexiconReview(t *testing.T) {
	t.Parallel()
	l := Builtin()
	slurs := []string{"kike", "hook nose", "wetback", "spic", "chink", "gook", "retarded", "crippled", "wheelchair-bound", "oriental"}
	for _, a := range axes {
		require.NotEmpty(t, l.groups[a], "%s has no groups", a)
		seen := map[string]string{}
		for _, g := range l.groups[a] {
			assert.NotEmpty(t, g.forms, "%s %q", a, g.name)
			require.NotEmpty(t, g.sources, "%s %q has no source", a, g.name)
			for _, s := range g.sources {
				assert.Contains(t, []string{"BBQ", "conversationai", "ours"}, s, "%s %q", a, g.name)
			}
			for _, f := range g.forms {
				w := strings.Join(f.words, " ")
				for _, bad := range slurs {
					assert.NotEqual(t, bad, w, "%s %q ships a slur", a, g.name)
				}
				if f.kind == kindRole || f.kind == kindRolePl {
					continue
				}
				if other, ok := seen[w]; ok && other != g.name {
					t.Errorf("%s: %q names both %q and %q", a, w, other, g.name)
				}
				seen[w] = g.name
			}
		}
	}
}

func TestLexiconParseErrors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, text, want string }{
		{"no axis", "[Muslim]\nadj: Muslim\n", "x.lex:1: group header"},
		{"unknown axis", "axis: Gender\n", "x.lex:1: axis: unknown axis"},
		{"key before group", "axis: Religion\nadj: Muslim\n", `x.lex:2: "adj" before the first group`},
		{"no colon", "axis: Religion\n[Muslim]\nMuslim\n", "x.lex:3: want key: value"},
		{"two adjectives", "axis: Religion\n[Muslim]\nadj: Muslim\nadj: Islamic\n", `x.lex:4: group "Muslim": a second adjective`},
		{"bad band", "axis: Age\n[old]\nadj: old\nband: ancient\n", `unknown band "ancient"`},
		{"bad flag", "axis: Age\n[old]\nadj: old\nflags: loud\n", `unknown flag "loud"`},
		{"bad variant", "axis: Age\n[old]\nadj.x: old\n", `unknown variant "x"`},
		{"no form", "axis: Age\n[old]\nsource: ours\n", `group "old" has no form`},
		{"empty header", "axis: Age\n[ ]\n", "empty group name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseFS(fstest.MapFS{"d/x.lex": {Data: []byte(tc.text)}}, "d")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			var le *LexError
			assert.True(t, errors.As(err, &le), "a *LexError names the file and line")
		})
	}
}
