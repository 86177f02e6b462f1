// Command measure runs a command several times and reports its wall time,
// CPU time and peak resident memory, from the kernel's own accounting of
// the child process (getrusage), like /usr/bin/time -v but repeatable:
//
//	measure [-n 3] [-warmup 1] [-label NAME] [-log FILE] [-tsv] -- command args...
//
// It prints the median wall time and median CPU time (user + system) of the
// n runs, and the largest peak RSS of any run. With -tsv it prints one
// line, "label<TAB>wall_s<TAB>cpu_s<TAB>rss_mib", on standard output for
// scripts; the human-readable line always goes to standard error. The
// command's own output goes to -log (appended), or to standard error.
// measure fails, printing the end of the log, if any run fails.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"slices"
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
	label := flag.String("label", "", "name to print (default: the command)")
	logFile := flag.String("log", "", "append the command's output to this file")
	tsv := flag.Bool("tsv", false, "also print a tab-separated line on standard output")
	flag.Parse()
	args := flag.Args()
	if len(args) == 0 || *n < 1 {
		fmt.Fprintln(os.Stderr, "usage: measure [-n 3] [-warmup 1] [-label NAME] [-log FILE] [-tsv] -- command args...")
		os.Exit(2)
	}
	if *label == "" {
		*label = args[0]
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
	var samples []sample
	for i := range *warmup + *n {
		s, err := runOnce(args, out)
		if err != nil {
			fmt.Fprintf(os.Stderr, "measure: %s: run %d: %v\n", *label, i+1, err)
			if *logFile != "" {
				fmt.Fprintf(os.Stderr, "see %s\n", *logFile)
			}
			os.Exit(1)
		}
		if i >= *warmup {
			samples = append(samples, s)
		}
	}
	wall, cpu, rss := summarize(samples)
	fmt.Fprintf(os.Stderr, "%s: wall %.2f s, CPU %.2f s, peak RSS %.0f MiB (median of %d)\n", *label, wall, cpu, rss, len(samples))
	if *tsv {
		fmt.Printf("%s\t%.3f\t%.3f\t%.1f\n", *label, wall, cpu, rss)
	}
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
