package serve

import (
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
)

// hostCheck says which Host headers the server answers to: the names it
// can be reached by, each with its port. A page of another site that a
// DNS name pointed at 127.0.0.1 (DNS rebinding) sends that name as Host,
// and gets 403.
type hostCheck struct {
	names map[string]bool // lower case; IPv6 addresses in brackets
	port  string
}

// newHostCheck returns the check for a server bound to bind on port:
// the bound name, localhost, 127.0.0.1 and [::1]; and, when bind is an
// unspecified address (0.0.0.0, ::), this machine's addresses and name.
func newHostCheck(bind string, port int) hostCheck {
	h := hostCheck{names: map[string]bool{}, port: strconv.Itoa(port)}
	add := func(name string) {
		name = strings.ToLower(strings.TrimSuffix(name, "."))
		if ip := net.ParseIP(name); ip != nil && ip.To4() == nil {
			name = "[" + ip.String() + "]"
		}
		h.names[name] = true
	}
	for _, n := range []string{bind, "localhost", "127.0.0.1", "::1"} {
		add(n)
	}
	if ip := net.ParseIP(bind); ip != nil && ip.IsUnspecified() {
		if addrs, err := net.InterfaceAddrs(); err == nil {
			for _, a := range addrs {
				if n, ok := a.(*net.IPNet); ok {
					add(n.IP.String())
				}
			}
		}
		if name, err := os.Hostname(); err == nil {
			add(name)
		}
	}
	return h
}

// host reports whether a Host header names this server: one of its names
// with its port, or without a port when the port is 80.
func (h hostCheck) host(hostHeader string) bool {
	name, port, err := net.SplitHostPort(hostHeader)
	if err != nil {
		name, port = hostHeader, "80"
	}
	if port != h.port {
		return false
	}
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	if ip := net.ParseIP(name); ip != nil && ip.To4() == nil {
		name = "[" + ip.String() + "]"
	}
	return h.names[name]
}

// origin reports whether a request may open the events stream: it has no
// Origin header (same-origin EventSource requests send none) or its Origin
// is this server's, and the browser does not say it comes from another
// site.
func (h hostCheck) origin(r *http.Request) bool {
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
	default:
		return false
	}
	o := r.Header.Get("Origin")
	if o == "" {
		return true
	}
	u, err := url.Parse(o)
	if err != nil || u.Scheme != "http" || u.Path != "" || u.User != nil {
		return false
	}
	return h.host(u.Host)
}

// isLoopback reports whether bind listens on loopback only.
func isLoopback(bind string) bool {
	if strings.EqualFold(bind, "localhost") {
		return true
	}
	ip := net.ParseIP(bind)
	return ip != nil && ip.IsLoopback()
}
