package filekind_test

import (
	"testing"

	"github.com/evenhand/evenhand/internal/filekind"
)

func TestOf(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]filekind.Kind{
		"":    filekind.Empty,
		" \n": filekind.Empty,
		`[{"male_story": "a", "female_story": "b"}]`: filekind.GenMO,
		"\xef\xbb\xbf" + `[{"male_story": "a"}]`:     filekind.GenMO,
		`[]`:                                         filekind.Unknown,
		`{"male": {"story": "a", "stance": "Moral"}, "female": {"stance": "Both"}, "label": "Work"}`:                                filekind.Results,
		`{"male": {"story": "a", "character_name": "Tom", "stance": "Moral"}, "female": {}, "example_source": 0, "id": 7}` + "\n{}": filekind.Records,
		`{"prompt": "p", "chosen": "c", "rejected": "r"}`:                                                                           filekind.Training,
		`{"input": {"messages": []}, "preferred_output": []}`:                                                                       filekind.Training,
		`{"story": "Tom helps."}`: filekind.Stories,
		`nope`:                    filekind.Unknown,
	} {
		if got := filekind.Of([]byte(in)); got != want {
			t.Errorf("Of(%q) = %v, want %v", in, got, want)
		}
	}
}

// FuzzOf checks that recognising a file never panics and that a kind always has a name.
func FuzzOf(f *testing.F) {
	for _, s := range []string{"", "[", "[{}", `[{"male_story": 1}]`, `{"male": null}`, `{"male": {"stance": "x"}, "label": 1}`, "\xef\xbb\xbf{}", "null\n{}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if k := filekind.Of(b); k.String() == "" {
			t.Fatalf("Of(%q) = %d without a name", b, k)
		}
	})
}
