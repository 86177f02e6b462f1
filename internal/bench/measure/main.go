// Command measure runs commands several times and reports their wall time,
// CPU time and peak resident memory, from the kernel's own accounting of
// each child process (getrusage), like /usr/bin/time -v but repeatable:
//
//	measure [-n 3] [-warmup 1] [-label A,B] [-log FILE] [-tsv] -- command args... [:: command args...]
//
// Several commands, separated by "::", are run in turns (A, B, A, B...), so
// that a change in the machine's load affects them alike and their ratio
// stays meaningful. For each command measure prints the median wall time
// and median CPU time (user + system) of the n runs, and the largest peak
// RSS of any run. With -tsv it prints one line per command,
// "label<TAB>wall_s<TAB>cpu_s<TAB>rss_mib", on standard output for
// scripts; the human-readable lines always go to standard error. The
// commands' own output goes to -log (appended), or to standard error.
// measure fails if any run fails.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

// sample is what one run of the command cost.
type sample struct {
	wall, cpu time.Duration
	rssKiB    int64
}

func main() {
	n := flag.Int("n", 3, "measured runs")
	warmup := flag.Int("warmup", 0, "unmeasured runs first (to warm caches and output folders)")
	labels := flag.String("label", "", "comma-separated names of the commands (default: their program names)")
	logFile := flag.String("log", "", "append the command's output to this file")
	tsv := flag.Bool("tsv", false, "also print a tab-separated line on standard output")
	flag.Parse()
	cmds := split(flag.Args())
	names := strings.Split(*labels, ",")
	if len(cmds) == 0 || *n < 1 || (*labels != "" && len(names) != len(cmds)) {
		fmt.Fprintln(os.Stderr, "usage: measure [-n 3] [-warmup 1] [-label A,B] [-log FILE] [-tsv] -- command args... [:: command args...]")
		os.Exit(2)
	}
	if *labels == "" {
		names = make([]string, len(cmds))
		for i, c := range cmds {
			names[i] = c[0]
		}
	}
	out := io.Writer(os.Stderr)
	if *logFile != "" {
		f, err := os.OpenFile(*logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			fail(err)
		}
		defer f.Close()
		out = f
	}
	samples := make([][]sample, len(cmds))
	for i := range *warmup + *n {
		for k, args := range cmds {
			s, err := runOnce(args, out)
			if err != nil {
				fmt.Fprintf(os.Stderr, "measure: %s: run %d: %v\n", names[k], i+1, err)
				if *logFile != "" {
					fmt.Fprintf(os.Stderr, "see %s\n", *logFile)
				}
				os.Exit(1)
			}
			if i >= *warmup {
				samples[k] = append(samples[k], s)
			}
		}
	}
	for k, name := range names {
		wall, cpu, rss := summarize(samples[k])
		fmt.Fprintf(os.Stderr, "%s: wall %.2f s, CPU %.2f s, peak RSS %.0f MiB (median of %d)\n", name, wall, cpu, rss, *n)
		if *tsv {
			fmt.Printf("%s\t%.3f\t%.3f\t%.1f\n", name, wall, cpu, rss)
		}
	}
}

// split splits args into commands at each "::", dropping empty ones.
func split(args []string) [][]string {
	var cmds [][]string
	for len(args) > 0 {
		i := slices.Index(args, "::")
		if i < 0 {
			i = len(args)
		}
		if i > 0 {
			cmds = append(cmds, args[:i])
		}
		args = args[min(i+1, len(args)):]
	}
	return cmds
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "measure:", err)
	os.Exit(1)
}

// runOnce runs the command once, its output going to out.
func runOnce(args []string, out io.Writer) (sample, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdout, cmd.Stderr = out, out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return sample{}, err
	}
	s := sample{wall: wall, cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.rssKiB = int64(ru.Maxrss)
		if runtime.GOOS == "darwin" { // bytes there, KiB on Linux
			s.rssKiB /= 1024
		}
	}
	return s, nil
}

// summarize returns the median wall and CPU seconds and the largest peak
// RSS in MiB of samples.
func summarize(samples []sample) (wall, cpu, rssMiB float64) {
	walls := make([]time.Duration, len(samples))
	cpus := make([]time.Duration, len(samples))
	var rss int64
	for i, s := range samples {
		walls[i], cpus[i] = s.wall, s.cpu
		rss = max(rss, s.rssKiB)
	}
	return median(walls).Seconds(), median(cpus).Seconds(), float64(rss) / 1024
}

// median returns the middle value of ds (the mean of the two middle ones
// when there is an even number).
func median(ds []time.Duration) time.Duration {
	ds = slices.Clone(ds)
	slices.Sort(ds)
	m := len(ds) / 2
	if len(ds)%2 == 0 {
		return (ds[m-1] + ds[m]) / 2
	}
	return ds[m]
}
