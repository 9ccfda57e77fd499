package evenhand_test

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The complexity rule, in plain words: no function of a library package reaches a cyclomatic
// complexity of 15, counted as gocyclo (github.com/fzipp/gocyclo) counts it; `gocyclo -over 14
// -ignore _test.go .` lists the same functions, examples and fakes aside (the counter below
// agreed with gocyclo v0.6.0 on every function of the module, tests included, when it was
// written). A function that reaches 15 is split into helpers named for the rules they apply.
//
// Library packages are every package of the module but these, which no library package
// imports (TestNotLibraryStaysOut checks that they stay so):
//   - examples/: programs that show the library in use, not library code;
//   - the test fakes internal/fakechat, internal/batchfake, internal/faultserver and
//     internal/llmtest: fake providers and models that only tests (and the examples, for an
//     offline run) link in, written to behave like imperfect real servers rather than to be
//     read as rules.
//
// Every non-test .go file counts, whatever its build constraints (kernel_amd64.go and
// kernel_generic.go alike), as gocyclo reads them; testdata, vendor and directories starting
// with . or _ are skipped, as gocyclo skips them. A //gocyclo:ignore directive is not honoured:
// the rule has no way around it.

// maxComplexity is the complexity no library function may reach.
const maxComplexity = 15

// notLibrary are the directories, relative to the module root, whose packages the rule leaves
// out (see above).
var notLibrary = []string{"examples", "internal/fakechat", "internal/batchfake", "internal/faultserver", "internal/llmtest"}

// cycloFunc is one function and its cyclomatic complexity.
type cycloFunc struct {
	pkg        string // the package's directory relative to the module root, "." for the root
	pkgName    string // the package clause's name
	name       string // as gocyclo names it: "Name", "(*T).Name", or a package-level variable's name
	complexity int
	pos        token.Position
}

func (f cycloFunc) String() string {
	return fmt.Sprintf("%s:%d: %s %s: %d", f.pos.Filename, f.pos.Line, f.pkg, f.name, f.complexity)
}

// cyclomatic returns the cyclomatic complexity of fn (a *ast.FuncDecl or *ast.FuncLit) as
// gocyclo counts it: 1, plus one for each if, for and range statement, each case of a switch
// or select but the default, and each && and ||, in the function literals inside fn too.
func cyclomatic(fn ast.Node) int {
	c := 1
	ast.Inspect(fn, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt:
			c++
		case *ast.CaseClause:
			if n.List != nil { // not default
				c++
			}
		case *ast.CommClause:
			if n.Comm != nil { // not default
				c++
			}
		case *ast.BinaryExpr:
			if n.Op == token.LAND || n.Op == token.LOR {
				c++
			}
		}
		return true
	})
	return c
}

// funcs returns the functions of file f that gocyclo counts: every function and method, and
// every function literal a package-level variable is set to (named after the variable, the
// first one of its line).
func funcs(fset *token.FileSet, f *ast.File, pkg string) []cycloFunc {
	var out []cycloFunc
	add := func(name string, fn ast.Node) {
		out = append(out, cycloFunc{pkg: pkg, pkgName: f.Name.Name, name: name, complexity: cyclomatic(fn), pos: fset.Position(fn.Pos())})
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			add(funcName(d), d)
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok {
					continue
				}
				for _, v := range vs.Values {
					if lit, ok := v.(*ast.FuncLit); ok {
						add(vs.Names[0].Name, lit)
					}
				}
			}
		}
	}
	return out
}

// funcName names a function or method as gocyclo does: "Name" or "(*T).Name" (type parameters
// left out).
func funcName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || fn.Recv.NumFields() == 0 {
		return fn.Name.Name
	}
	return "(" + recvString(fn.Recv.List[0].Type) + ")." + fn.Name.Name
}

func recvString(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.StarExpr:
		return "*" + recvString(t.X)
	case *ast.IndexExpr:
		return recvString(t.X)
	case *ast.IndexListExpr:
		return recvString(t.X)
	case *ast.ParenExpr:
		return recvString(t.X)
	}
	return fmt.Sprintf("%T", e)
}

// moduleFuncs returns the functions of the .go files under root that file accepts (by its path
// relative to root, with slashes), walking as gocyclo walks: testdata, vendor and directories
// whose names start with . or _ are skipped, and so are directories dir rejects.
func moduleFuncs(root string, dir, file func(rel string) bool) ([]cycloFunc, error) {
	fset := token.NewFileSet()
	var out []cycloFunc
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		name := d.Name()
		if d.IsDir() {
			skip := name == "testdata" || name == "vendor" || rel != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_"))
			if skip || !dir(rel) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || !file(rel) {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		out = append(out, funcs(fset, f, path.Dir(rel))...)
		return nil
	})
	return out, err
}

// libraryDir reports whether the directory rel (relative to the module root) holds library
// packages.
func libraryDir(rel string) bool {
	for _, x := range notLibrary {
		if rel == x || strings.HasPrefix(rel, x+"/") {
			return false
		}
	}
	return true
}

// nonTest accepts the files that are not tests.
func nonTest(rel string) bool { return !strings.HasSuffix(rel, "_test.go") }

// overLimit returns the functions of fns at maxComplexity or more, the most complex first.
func overLimit(fns []cycloFunc) (over []cycloFunc) {
	for _, f := range fns {
		if f.complexity >= maxComplexity {
			over = append(over, f)
		}
	}
	slices.SortStableFunc(over, func(a, b cycloFunc) int { return cmp.Compare(b.complexity, a.complexity) })
	return over
}

// TestCyclomaticComplexity fails listing every function of a library package whose cyclomatic
// complexity is 15 or more (see the rule at the top of this file). There is no list of
// exceptions: split the function instead.
func TestCyclomaticComplexity(t *testing.T) {
	t.Parallel()
	fns, err := moduleFuncs(".", libraryDir, nonTest)
	require.NoError(t, err)
	require.Greater(t, len(fns), 500, "the walk found too few functions: is the test run from the module root?")
	over := overLimit(fns)
	if len(over) > 0 {
		var b strings.Builder
		for _, f := range over {
			fmt.Fprintf(&b, "\n\t%s", f)
		}
		t.Errorf("%d functions of library packages have a cyclomatic complexity of %d or more (gocyclo's count); split each into helpers named for the rules they apply:%s",
			len(over), maxComplexity, b.String())
	}
}

// TestNotLibraryStaysOut fails when a library package imports one of the packages the
// complexity rule leaves out: they would then be library code.
func TestNotLibraryStaysOut(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs go list")
	}
	for _, p := range goList(t, module+"/...") {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		if rel == "" {
			rel = "."
		}
		if !libraryDir(rel) {
			continue
		}
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, module+"/") {
				continue
			}
			if to := strings.TrimPrefix(imp, module+"/"); !libraryDir(to) {
				t.Errorf("%s imports %s, which the complexity rule leaves out as no library code: drop the import or the exclusion", p.ImportPath, imp)
			}
		}
	}
}

// TestCyclomaticCounter checks the counter on a synthetic file whose complexities are counted
// by hand, and shows that the rule fails a function of exactly 15 and passes one of 14.
func TestCyclomaticCounter(t *testing.T) {
	t.Parallel()
	const src = `package p

// one has no branch.
func one() {}

// each counts one per construct: if (+1), else if (+1), for (+1), range (+1), two cases
// (+2, the default does not count), one select case (+1, its default does not count), && (+1),
// || (+1), a function literal's if (+1), a type switch's case (+1): 1 + 11 = 12.
func each(xs []int, c chan int, v any) {
	if len(xs) > 0 && xs[0] > 0 || c == nil {
	} else if xs == nil {
	}
	for i := 0; i < 3; i++ {
	}
	for range xs {
	}
	switch len(xs) {
	case 1:
	case 2, 3:
	default:
	}
	select {
	case <-c:
	default:
	}
	f := func() {
		if v == nil {
		}
	}
	f()
	switch v.(type) {
	case int:
	}
}

type T[K any] struct{}

// Method is named by its receiver without the type parameters: 1 + 1 = 2.
func (t *T[K]) Method(b bool) { if b {} }

// fourteen has 13 ifs: 14.
func fourteen(x int) {
	if x == 1 {}; if x == 2 {}; if x == 3 {}; if x == 4 {}; if x == 5 {}; if x == 6 {}; if x == 7 {}
	if x == 8 {}; if x == 9 {}; if x == 10 {}; if x == 11 {}; if x == 12 {}; if x == 13 {}
}

// fifteen has 13 ifs and one &&: 15.
func fifteen(x int) {
	if x == 1 {}; if x == 2 {}; if x == 3 {}; if x == 4 {}; if x == 5 {}; if x == 6 {}; if x == 7 {}
	if x == 8 {}; if x == 9 {}; if x == 10 {}; if x == 11 {}; if x == 12 {}; if x == 13 && x > 0 {}
}

// hook is a package-level function literal, counted under the variable's name: 1 + 2 = 3.
var hook = func(a, b bool) bool { return a || b || a }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	require.NoError(t, err)
	got := map[string]int{}
	for _, fn := range funcs(fset, f, "p") {
		got[fn.name] = fn.complexity
	}
	require.Equal(t, map[string]int{"one": 1, "each": 12, "(*T).Method": 2, "fourteen": 14, "fifteen": 15, "hook": 3}, got)

	over := overLimit(funcs(fset, f, "p"))
	require.Len(t, over, 1, "the rule must fail fifteen and only fifteen")
	require.Equal(t, "fifteen", over[0].name)
	require.Equal(t, "p.go:48: p fifteen: 15", over[0].String())
}

// TestCyclomaticWalk checks that the walk skips what gocyclo skips and what the rule leaves out.
func TestCyclomaticWalk(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	write := func(rel, src string) {
		p := filepath.Join(root, filepath.FromSlash(rel))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(src), 0o644))
	}
	for _, rel := range []string{"a.go", "lib/b.go", "lib/b_test.go", "lib/testdata/c.go", "lib/.hidden/d.go", "lib/_old/e.go", "vendor/x/f.go",
		"examples/demo/g.go", "internal/fakechat/h.go", "internal/scan/i.go"} {
		name := strings.TrimSuffix(path.Base(rel), ".go")
		write(rel, "package p\nfunc F"+strings.ReplaceAll(name, "_", "")+"() {}\n")
	}
	fns, err := moduleFuncs(root, libraryDir, nonTest)
	require.NoError(t, err)
	var got []string
	for _, f := range fns {
		got = append(got, f.pkg+" "+f.name)
	}
	require.Equal(t, []string{". Fa", "internal/scan Fi", "lib Fb"}, got)
}
