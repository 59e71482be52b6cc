package i18n

import (
	"encoding/json"
	"go/ast"
	"go/constant"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// writtenFormat is one English format of a field problem in the code, and
// where it is written.
type writtenFormat struct {
	Format string
	Where  []string
}

// listedPackage is what `go list -json` says of a package.
type listedPackage struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	Export     string
	Standard   bool
	Module     *struct{ Path string }
}

// codeFormats type-checks the module's packages (not tests) and lists
// every format string a field problem is written from:
//
//   - the format argument of a call to a function of the module whose
//     parameters are (…, format string, args ...any) — models.Problems.Add,
//     edit.Problems.Addf, format's and the importer's add, and the
//     closures that pass them on;
//   - a constant message given to an Add(field, message string) of a
//     problem list (format.Problems);
//   - fmt.Sprintf in the Message of a models.FieldError literal;
//   - fmt.Errorf in package models: the errors of its parsers
//     (ParsePartialDate, ParseWholeNumber, …) are shown as field problems;
//   - the constant results of a function named …Problem that returns a
//     string (models.wholeNumberProblem): a reason given as the argument
//     of a problem ("… (digits only)");
//   - the store's conflicts of a duplicate key (models.Errorf(EConflict,
//     "… already exists …")), which the forms show next to the id
//     (dashboard's fieldError);
//   - the errors of a thing that is not there (models.Errorf(ENotFound,
//     …) in the dashboard's packages and the store's: "There is no figure
//     with id %q.", "no source %q") and the API's of a body it cannot read
//     (models.Errorf(EInvalid, …) in dashboard/api: "The body is not
//     valid JSON …"), which say more than their kind's general sentence
//     and are said translated (httpx.errorMessage).
//
// A format that is not a constant is passed on from a caller, whose
// constant is listed. Packages of the command line (cmd/…) are left out:
// the CLI speaks English.
func codeFormats(t *testing.T) map[string]*writtenFormat {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "list", "-export", "-deps", "-json", "./...")
	cmd.Dir = root
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exports := map[string]string{}
	var mine []listedPackage
	dec := json.NewDecoder(out)
	for {
		var p listedPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		exports[p.ImportPath] = p.Export
		if p.Module != nil && p.Module.Path == "forcedreturns" && !notProblems(p.ImportPath) {
			mine = append(mine, p)
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("go list: %v", err)
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		return os.Open(exports[path])
	})
	found := map[string]*writtenFormat{}
	record := func(f string, pos token.Pos) {
		p := fset.Position(pos)
		rel, _ := filepath.Rel(root, p.Filename)
		if found[f] == nil {
			found[f] = &writtenFormat{Format: f}
		}
		found[f].Where = append(found[f].Where, rel+":"+strconv.Itoa(p.Line))
	}
	for _, pkg := range mine {
		var files []*ast.File
		for _, name := range pkg.GoFiles {
			f, err := parser.ParseFile(fset, filepath.Join(pkg.Dir, name), nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}}
		conf := types.Config{Importer: imp}
		if _, err := conf.Check(pkg.ImportPath, fset, files, info); err != nil {
			t.Fatalf("type-checking %s: %v", pkg.ImportPath, err)
		}
		constString := func(e ast.Expr) (string, bool) {
			tv := info.Types[e]
			if tv.Value == nil || tv.Value.Kind() != constant.String {
				return "", false
			}
			return constant.StringVal(tv.Value), true
		}
		for _, file := range files {
			ast.Inspect(file, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncDecl:
					if !strings.HasSuffix(n.Name.Name, "Problem") || n.Type.Results == nil || len(n.Type.Results.List) != 1 ||
						info.Types[n.Type.Results.List[0].Type].Type.String() != "string" || n.Body == nil {
						return true
					}
					ast.Inspect(n.Body, func(m ast.Node) bool {
						if ret, ok := m.(*ast.ReturnStmt); ok && len(ret.Results) == 1 {
							if s, ok := constString(ret.Results[0]); ok && s != "" {
								record(s, ret.Results[0].Pos())
							}
						}
						return true
					})
				case *ast.CompositeLit:
					if named, ok := info.Types[n].Type.(*types.Named); !ok || named.Obj().Pkg() == nil ||
						named.Obj().Pkg().Path() != "forcedreturns/models" || named.Obj().Name() != "FieldError" {
						return true
					}
					for _, el := range n.Elts {
						kv, ok := el.(*ast.KeyValueExpr)
						if !ok || kv.Key.(*ast.Ident).Name != "Message" {
							continue
						}
						if s, ok := constString(kv.Value); ok {
							record(s, kv.Value.Pos())
						} else if call, ok := kv.Value.(*ast.CallExpr); ok && calleeName(info, call) == "fmt.Sprintf" {
							if s, ok := constString(call.Args[0]); ok {
								record(s, call.Args[0].Pos())
							}
						}
					}
				case *ast.CallExpr:
					if strings.HasPrefix(pkg.ImportPath, "forcedreturns/internal/store") && calleeName(info, n) == "forcedreturns/models.Errorf" {
						code, _ := constString(n.Args[0])
						if s, ok := constString(n.Args[1]); ok && (code == "conflict" && strings.Contains(s, "already exists") || code == "not_found") {
							record(s, n.Args[1].Pos())
						}
						return true
					}
					if strings.HasPrefix(pkg.ImportPath, "forcedreturns/dashboard") && calleeName(info, n) == "forcedreturns/models.Errorf" {
						code, _ := constString(n.Args[0])
						if s, ok := constString(n.Args[1]); ok && (code == "not_found" || code == "invalid" && pkg.ImportPath == "forcedreturns/dashboard/api") {
							record(s, n.Args[1].Pos())
						}
						return true
					}
					if pkg.ImportPath == "forcedreturns/models" && calleeName(info, n) == "fmt.Errorf" {
						// %w wraps and %T names a Go type: not a parser's
						// problem with its input.
						if s, ok := constString(n.Args[0]); ok && !strings.Contains(s, "%w") && !strings.Contains(s, "%T") {
							record(s, n.Args[0].Pos())
						}
						return true
					}
					sig, ok := info.Types[n.Fun].Type.(*types.Signature)
					if !ok {
						return true
					}
					params := sig.Params()
					if i := formatParam(sig); i >= 0 && i < len(n.Args) && inModule(info, n) {
						if s, ok := constString(n.Args[i]); ok {
							record(s, n.Args[i].Pos())
						}
						return true
					}
					// Add(loc, message string) of a problem list.
					if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Add" && params.Len() == 2 && !sig.Variadic() &&
						params.At(1).Name() == "message" && len(n.Args) == 2 {
						if s, ok := constString(n.Args[1]); ok {
							record(s, n.Args[1].Pos())
						}
					}
				}
				return true
			})
		}
	}
	if len(found) < 50 {
		t.Fatalf("found only %d problem formats: is the search broken?", len(found))
	}
	return found
}

// notProblems are the packages that write no field problem a web user
// sees: the command line (English, on purpose), the export's README
// writer and the test database helper, whose functions also take a
// format.
func notProblems(path string) bool {
	return strings.HasPrefix(path, "forcedreturns/cmd/") || path == "forcedreturns/internal/export" || path == "forcedreturns/internal/store/storetest"
}

// formatParam is the index of a signature's format parameter when it is
// (…, format string, args ...any), else -1.
func formatParam(sig *types.Signature) int {
	n := sig.Params().Len()
	if !sig.Variadic() || n < 2 {
		return -1
	}
	p := sig.Params().At(n - 2)
	if p.Name() != "format" || p.Type().String() != "string" {
		return -1
	}
	return n - 2
}

// inModule reports whether call calls a function or method of the module
// or a function value (a closure passing a format on).
func inModule(info *types.Info, call *ast.CallExpr) bool {
	var id *ast.Ident
	switch f := call.Fun.(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return false
	}
	obj := info.Uses[id]
	if obj == nil || obj.Pkg() == nil {
		return false
	}
	if _, isVar := obj.(*types.Var); isVar {
		return true
	}
	// models.Errorf writes an error's summary, which the API and the
	// forms say by its kind (httpx.ErrorText); not a field problem.
	if obj.Pkg().Path() == "forcedreturns/models" && obj.Name() == "Errorf" {
		return false
	}
	return strings.HasPrefix(obj.Pkg().Path(), "forcedreturns/")
}

// calleeName is "pkg.Func" of a call to a package's function.
func calleeName(info *types.Info, call *ast.CallExpr) string {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	obj := info.Uses[sel.Sel]
	if obj == nil || obj.Pkg() == nil {
		return ""
	}
	if _, ok := obj.(*types.Func); !ok {
		return ""
	}
	return obj.Pkg().Path() + "." + obj.Name()
}
