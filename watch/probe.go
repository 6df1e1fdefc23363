package watch

import (
	"bufio"
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

// Result is one probe of one URL.
type Result struct {
	// Time the request started.
	Time time.Time `json:"time"`
	// URL probed, without user information.
	URL string `json:"url"`
	// Reachable is true for HTTP 200, 401 and 407.
	Reachable bool `json:"reachable"`
	// Status is the HTTP status, 0 when no answer came.
	Status int `json:"status"`
	// LatencyMS is the time to the response headers (or to the failure), in
	// milliseconds.
	LatencyMS float64 `json:"latency_ms"`
	// Error says why no answer came.
	Error string `json:"error,omitempty"`
}

// reachable reports whether an HTTP status means the service is there: 200, or
// an authentication challenge from the server (401) or a proxy (407).
func reachable(status int) bool {
	return status == http.StatusOK || status == http.StatusUnauthorized || status == http.StatusProxyAuthRequired
}

// newClient returns a client with keep-alive off (each probe connects anew),
// the environment's proxy, no redirects followed, and the request timeout.
func newClient(o Options) *http.Client {
	tr := &http.Transport{
		Proxy:             http.ProxyFromEnvironment,
		DialContext:       (&net.Dialer{Timeout: o.Timeout, KeepAlive: -1}).DialContext,
		DisableKeepAlives: true,
		TLSClientConfig:   &tls.Config{InsecureSkipVerify: o.Insecure},
	}
	return &http.Client{
		Transport:     tr,
		Timeout:       o.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// probeOne GETs u and measures the time to the response headers.
func probeOne(ctx context.Context, client *http.Client, u string) Result {
	r := Result{Time: time.Now(), URL: stripUser(u)}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	req.Header.Set("User-Agent", "hopaudit-watch")
	resp, err := client.Do(req)
	r.LatencyMS = float64(time.Since(r.Time).Microseconds()) / 1000
	if err != nil {
		r.Error = strings.ReplaceAll(err.Error(), u, r.URL)
		return r
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	r.Status, r.Reachable = resp.StatusCode, reachable(resp.StatusCode)
	return r
}

// stripUser removes user information (credentials) from a URL.
func stripUser(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	u.User = nil
	return u.String()
}

// loadURLs collects and checks the URLs of o, naming the file and line of a bad
// one.
func loadURLs(o Options) ([]string, error) {
	var urls []string
	for i, u := range o.URLs {
		if err := checkURL(u); err != nil {
			return nil, fmt.Errorf("argument %d: %w", i+1, err)
		}
		urls = append(urls, u)
	}
	if o.File != "" {
		fromFile, err := readURLFile(o.File)
		if err != nil {
			return nil, err
		}
		urls = append(urls, fromFile...)
	}
	if len(urls) == 0 {
		return nil, errNoURL
	}
	return urls, nil
}

// readURLFile reads one URL per line.
func readURLFile(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var urls []string
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		if err := checkURL(s); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		urls = append(urls, s)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return urls, nil
}

// checkURL accepts absolute http and https URLs.
func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http or https URL", stripUser(s))
	}
	return nil
}
