// Command testsum reads `go test -json` on standard input and prints what a
// person needs from it: one line per package (ok, FAIL, or no tests), the
// whole output of every failed or skipped-under-CI test, and at the end a
// count of packages, tests (top-level and subtests) and outcomes. With
// -totals FILE it also writes the counts there as numbers, for .ci/test.sh's last line.
// With -slowest N it prints only the N slowest tests of the run (top-level
// tests, by their own elapsed time, which includes their subtests), for
// .ci/slowest.sh and the end of .ci/test.sh.
//
// It lives under .ci so that `go test ./...` never builds it (Go skips
// directories that begin with a dot) and it needs nothing beyond the
// standard library.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"
)

// event is one line of `go test -json` (see `go doc test2json`).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	Elapsed float64
	Time    time.Time
}

// counts are the totals of a run.
type counts struct {
	Packages, PackagesFailed         int
	Tests, Subtests, Failed, Skipped int
}

func main() {
	totals := flag.String("totals", "", "write the totals to this file: packages tests subtests failed skipped")
	slowest := flag.Int("slowest", 0, "print only the N slowest top-level tests")
	flag.Parse()
	if *slowest > 0 {
		if err := printSlowest(os.Stdin, os.Stdout, *slowest); err != nil {
			fmt.Fprintln(os.Stderr, "testsum:", err)
			os.Exit(2)
		}
		return
	}
	c, err := summarise(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsum:", err)
		os.Exit(2)
	}
	if *totals != "" {
		line := fmt.Sprintf("%d %d %d %d %d\n", c.Packages, c.Tests, c.Subtests, c.Failed, c.Skipped)
		if err := os.WriteFile(*totals, []byte(line), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "testsum:", err)
			os.Exit(2)
		}
	}
	fmt.Printf("go test: %d packages, %d tests and %d subtests, %d failed, %d skipped\n",
		c.Packages, c.Tests, c.Subtests, c.Failed, c.Skipped)
	if c.Failed > 0 || c.PackagesFailed > 0 {
		os.Exit(1)
	}
}

// summarise streams events from r and prints per-package lines and the
// output of failures to w as the packages finish.
func summarise(r io.Reader, w io.Writer) (counts, error) {
	var c counts
	output := map[string]*strings.Builder{} // package + "\x00" + test → its lines
	packages := map[string]bool{}           // packages already counted
	var skippedNames []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if err := json.Unmarshal(line, &e); err != nil || e.Action == "" {
			// Build errors and other plain lines arrive unwrapped.
			fmt.Fprintln(w, string(line))
			continue
		}
		key := e.Package + "\x00" + e.Test
		switch e.Action {
		case "build-output":
			fmt.Fprint(w, e.Output)
		case "output":
			b := output[key]
			if b == nil {
				b = &strings.Builder{}
				output[key] = b
			}
			b.WriteString(e.Output)
		case "pass", "fail", "skip":
			if e.Test == "" {
				// A package may come in more than one run (the browser
				// tests run apart): count it once.
				if !packages[e.Package] {
					packages[e.Package] = true
					c.Packages++
				}
				status := "ok  "
				switch {
				case e.Action == "fail":
					status = "FAIL"
					c.PackagesFailed++
					if b := output[key]; b != nil {
						fmt.Fprint(w, b.String())
					}
				case e.Action == "skip":
					status = "--  " // no test files
				}
				fmt.Fprintf(w, "%s %s %.1fs\n", status, e.Package, e.Elapsed)
				break
			}
			if strings.Contains(e.Test, "/") {
				c.Subtests++
			} else {
				c.Tests++
			}
			switch e.Action {
			case "fail":
				c.Failed++
				if b := output[key]; b != nil {
					fmt.Fprint(w, b.String())
				}
			case "skip":
				c.Skipped++
				skippedNames = append(skippedNames, e.Package+" "+e.Test+": "+lastLine(output[key]))
			}
			delete(output, key)
		}
	}
	if len(skippedNames) > 0 {
		sort.Strings(skippedNames)
		fmt.Fprintf(w, "skipped (%d):\n", len(skippedNames))
		for _, s := range skippedNames {
			fmt.Fprintln(w, "  "+s)
		}
	}
	return c, sc.Err()
}

// lastLine is the reason a skipped test gave: the last line it printed
// before the "--- SKIP" line.
func lastLine(b *strings.Builder) string {
	if b == nil {
		return ""
	}
	var keep string
	for _, l := range strings.Split(b.String(), "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "--- SKIP") || strings.HasPrefix(t, "=== ") {
			continue
		}
		keep = t
	}
	return keep
}

// timing is one finished test and how long it took.
type timing struct {
	pkg, test string
	elapsed   float64
}

// printSlowest prints the n slowest top-level tests of the run on r, the
// slowest first, with their package and seconds, and the share of the
// run's test time the list accounts for. A test running in parallel with
// others counts its own wall time, so the shares are only a guide. A
// test's time is from its start (or, if it paused to run in parallel,
// from when it went on) to its end: go test gives a test whose
// subtests run in parallel the time of its own function alone (0.00s
// when its subtests do all the work).
func printSlowest(r io.Reader, w io.Writer, n int) error {
	var all []timing
	var total float64
	started := map[string]time.Time{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var e event
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Test == "" || strings.Contains(e.Test, "/") {
			continue
		}
		key := e.Package + "\x00" + e.Test
		switch e.Action {
		case "run", "cont":
			// A parallel test waits (pause) until the tests before it
			// end: its time runs from when it goes on (cont).
			started[key] = e.Time
		case "pass", "fail":
			elapsed := e.Elapsed
			if t0, ok := started[key]; ok && !t0.IsZero() && !e.Time.IsZero() {
				elapsed = max(elapsed, e.Time.Sub(t0).Seconds())
			}
			all = append(all, timing{e.Package, e.Test, elapsed})
			total += elapsed
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].elapsed > all[j].elapsed })
	all = all[:min(n, len(all))]
	var sum float64
	for _, t := range all {
		sum += t.elapsed
	}
	share := 0.0
	if total > 0 {
		share = 100 * sum / total
	}
	fmt.Fprintf(w, "slowest %d tests (%.0fs, %.0f%% of the %.0fs the run's tests took one after another):\n", len(all), sum, share, total)
	for _, t := range all {
		fmt.Fprintf(w, "  %6.1fs  %s %s\n", t.elapsed, strings.TrimPrefix(t.pkg, "forcedreturns/"), t.test)
	}
	return nil
}
