package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os/exec"
	"runtime"

	"github.com/briefbook/briefbook/internal/cliflag"
	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/serve"
)

const serveUsage = "usage: briefbook serve [--source DIR] [--port 1313] [--bind 127.0.0.1] [--drafts] [--base-url URL] [--no-follow] [--open]\n\n" +
	"Serves the briefing book in the source folder from memory, rebuilding it\n" +
	"and reloading the open pages whenever its files change. Writes nothing.\n\nFlags:\n"

// serveFlags returns the flag set of the serve command, writing its errors
// and usage to w, the options it fills in, and the --open flag.
func serveFlags(w io.Writer) (*flag.FlagSet, *serve.Options, *bool) {
	opts := &serve.Options{}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(w)
	fs.StringVar(&opts.Source, "source", ".", "the book folder (`DIR`) to serve")
	fs.IntVar(&opts.Port, "port", 1313, "the TCP port (`N`) to listen on; 0 picks a free one")
	fs.StringVar(&opts.Bind, "bind", "127.0.0.1", "the address (`ADDR`) to listen on; anything but loopback shows the preview, drafts included, to the network")
	fs.BoolVar(&opts.Drafts, "drafts", false, "include draft briefs")
	fs.StringVar(&opts.BaseURL, "base-url", "", "the site's base `URL`, overriding briefbook.yaml's baseURL; the book is served under its path")
	fs.BoolVar(&opts.NoFollow, "no-follow", false, "keep the browser on its page when another brief is saved")
	open := fs.Bool("open", false, "open the book in the default browser")
	fs.Usage = func() {
		fmt.Fprint(w, serveUsage)
		cliflag.PrintDefaults(w, fs)
	}
	return fs, opts, open
}

// runServe runs the serve command until SIGINT or SIGTERM; a second one
// exits at once.
func runServe(args []string, stdout, stderr io.Writer) int {
	fs, opts, open := serveFlags(stderr)
	if err := cliflag.Parse(fs, args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "briefbook serve: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return exitUsage
	}
	if opts.Port < 0 || opts.Port > 65535 {
		fmt.Fprintf(stderr, "briefbook serve: --port: %d is not a TCP port\n", opts.Port)
		return exitUsage
	}
	var err error
	if opts.BaseURL, err = checkBaseURL(opts.BaseURL); err != nil {
		fmt.Fprintf(stderr, "briefbook serve: --base-url: %s\n", diag.Escape(err.Error()))
		return exitUsage
	}
	if err := checkSource(fs, opts.Source); err != nil {
		fmt.Fprintf(stderr, "briefbook serve: %s\n", diag.Escape(err.Error()))
		return exitFail
	}
	if opts.Today, err = today(); err != nil {
		fmt.Fprintf(stderr, "briefbook serve: %s\n", diag.Escape(err.Error()))
		return exitUsage
	}
	opts.Stdout, opts.Stderr = stdout, stderr
	if *open {
		opts.Ready = func(url string) { openBrowser(url, stderr) }
	}
	ctx, stop := onSignal(stderr, "") // serve writes nothing: nothing is left
	defer stop()
	if err := serve.Run(ctx, *opts); err != nil {
		fmt.Fprintf(stderr, "briefbook serve: %s\n", diag.Escape(err.Error()))
		return exitFail
	}
	fmt.Fprintln(stdout, "stopped")
	return exitOK
}

// openBrowser opens url in the default browser, warning if it cannot.
func openBrowser(url string, stderr io.Writer) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(stderr, "warning: cannot open a browser: %s\n", diag.Escape(err.Error()))
		return
	}
	go cmd.Wait()
}
