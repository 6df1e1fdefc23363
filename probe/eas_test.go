package probe_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hopaudit/hopaudit/eas"
	"github.com/hopaudit/hopaudit/eas/eastest"
	"github.com/hopaudit/hopaudit/probe"
	"github.com/hopaudit/hopaudit/probe/probetest"
)

const (
	testUser     = "alice@contoso.example"
	testPassword = "S3cret-pw-9f2Q"
	testToken    = "tok-7Hq2-SECRET"
)

// perDevice is a fake Exchange keeping state per DeviceId, as Exchange keeps a
// policy key per device: eastest.Server keeps one, so each device gets its own.
type perDevice struct {
	cfg eastest.Config
	mu  sync.Mutex
	m   map[string]*eastest.Server
}

func (p *perDevice) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q, _ := eas.ParseQuery(r.URL.RawQuery)
	p.mu.Lock()
	s, ok := p.m[q.DeviceID]
	if !ok {
		s = eastest.NewServer(p.cfg)
		p.m[q.DeviceID] = s
	}
	p.mu.Unlock()
	s.ServeHTTP(w, r)
}

// provisions counts the Provision requests over every device.
func (p *perDevice) provisions() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	n := 0
	for _, s := range p.m {
		n += s.Count("Provision")
	}
	return n
}

// fakeExchange serves a per-device fake with heartbeats of 1..3 s.
func fakeExchange(t *testing.T, cfg eastest.Config) (*httptest.Server, *perDevice) {
	t.Helper()
	if cfg.MinHeartbeat == 0 {
		cfg.MinHeartbeat, cfg.MaxHeartbeat = 1, 3
	}
	h := &perDevice{cfg: cfg, m: map[string]*eastest.Server{}}
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s, h
}

// runEAS runs an eas probe with Basic credentials.
func runEAS(t *testing.T, target string, auth eas.Credentials, holds ...float64) (probe.Result, probe.Options) {
	t.Helper()
	opts := probe.Options{Mode: probe.EAS, Target: target, Margin: time.Second,
		EAS: probe.EASOptions{Auth: auth, DeviceID: "hopauditT"}}
	for _, h := range holds {
		opts.Holds = append(opts.Holds, secs(h))
	}
	res, err := probe.Run(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	return res, opts
}

// noSecret fails when any rendering of v holds a secret.
func noSecret(t *testing.T, what string, outputs ...string) {
	t.Helper()
	for _, out := range outputs {
		for _, secret := range []string{testPassword, testToken} {
			if strings.Contains(out, secret) {
				t.Errorf("%s: a credential appears in the output:\n%s", what, out)
			}
		}
	}
}

// renderings returns the text, JSON and fmt renderings of a result and options.
func renderings(t *testing.T, res probe.Result, opts probe.Options) []string {
	t.Helper()
	var text bytes.Buffer
	if err := res.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	js, _ := json.Marshal(res)
	ojs, _ := json.Marshal(opts)
	return []string{text.String(), string(js), string(ojs), fmt.Sprintf("%v %+v %#v", opts, opts, opts)}
}

func TestEASPing(t *testing.T) {
	t.Parallel()
	srv, fake := fakeExchange(t, eastest.Config{Username: testUser, Password: testPassword})
	res, opts := runEAS(t, srv.URL+"/Microsoft-Server-ActiveSync", eas.BasicAuth(testUser, testPassword), 1, 2, 5)
	expect(t, res.Probes[0], probe.Answered, 1, true, 1)
	expect(t, res.Probes[1], probe.Answered, 1, true, 2)
	expect(t, res.Probes[2], probe.Answered, 5, false, 0)
	ev := strings.Join(res.Probes[2].Evidence, "; ")
	if !strings.Contains(ev, "ping: heartbeat 5s out of the server's range (status 5): maximum is 3s") ||
		!strings.Contains(ev, "the server required provisioning: both phases done") {
		t.Errorf("status 5 evidence = %q", ev)
	}
	if n := fake.provisions(); n != 6 {
		t.Errorf("%d Provision requests, want 6 (two phases for each of 3 devices)", n)
	}
	noSecret(t, "eas success", renderings(t, res, opts)...)
}

func TestEASBearerAndProvisionStatus(t *testing.T) {
	t.Parallel()
	srv, _ := fakeExchange(t, eastest.Config{Token: testToken, ProvisionStatus: true})
	res, opts := runEAS(t, srv.URL, eas.BearerToken(testToken), 1)
	expect(t, res.Probes[0], probe.Answered, 1, true, 1)
	noSecret(t, "bearer", renderings(t, res, opts)...)
}

func TestEASThroughIdleProxy(t *testing.T) {
	t.Parallel()
	srv, _ := fakeExchange(t, eastest.Config{})
	px := idleProxy(t, strings.TrimPrefix(srv.URL, "http://"), time.Second, probetest.EndRST)
	res, _ := runEAS(t, "http://"+px+"/Microsoft-Server-ActiveSync", eas.Credentials{}, 0+3)
	expect(t, res.Probes[0], probe.RST, 0, false, 1)
}

func TestEASFailures(t *testing.T) {
	t.Parallel()
	good, _ := fakeExchange(t, eastest.Config{})
	for _, tc := range []struct {
		name    string
		cfg     eastest.Config
		auth    eas.Credentials
		outcome probe.Outcome
		status  int
		want    string
	}{
		{"401", eastest.Config{Username: testUser, Password: "other"}, eas.BasicAuth(testUser, testPassword), probe.Error, 401,
			"options: HTTP 401 Unauthorized: the server rejected the credentials (user name, password or token)"},
		{"503", eastest.Config{RetryAfter: 30}, eas.BasicAuth(testUser, testPassword), probe.Error, 503,
			`options: HTTP 503 Service Unavailable (retry after "30"): the server is busy; it asks to retry after 30s`},
		{"451 followed", eastest.Config{RedirectTo: good.URL + "/Microsoft-Server-ActiveSync"}, eas.BasicAuth(testUser, testPassword), probe.Answered, 1,
			"HTTP 451: followed X-MS-Location to " + strings.TrimPrefix(good.URL, "http://")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, _ := fakeExchange(t, tc.cfg)
			res, opts := runEAS(t, srv.URL+"/Microsoft-Server-ActiveSync", tc.auth, 1)
			p := res.Probes[0]
			if p.Outcome != tc.outcome || p.Status != tc.status || !strings.Contains(strings.Join(p.Evidence, "; "), tc.want) {
				t.Errorf("got %s %d %q\nwant %s %d with %q", p.Outcome, p.Status, p.Evidence, tc.outcome, tc.status, tc.want)
			}
			noSecret(t, tc.name, renderings(t, res, opts)...)
		})
	}
}

func TestCredentialsFromEnv(t *testing.T) {
	env := map[string]string{probe.EnvUser: testUser, probe.EnvPassword: testPassword}
	c, ok := probe.CredentialsFromEnv(func(k string) string { return env[k] })
	if !ok || c.Username != testUser || c.Password != testPassword {
		t.Errorf("basic from env: ok=%v %v", ok, c)
	}
	env[probe.EnvToken] = testToken
	if c, ok := probe.CredentialsFromEnv(func(k string) string { return env[k] }); !ok || c.Token != testToken {
		t.Errorf("token from env: ok=%v %v", ok, c)
	}
	if _, ok := probe.CredentialsFromEnv(func(string) string { return "" }); ok {
		t.Error("empty environment gave credentials")
	}
}

func TestEASOverTLS(t *testing.T) {
	t.Parallel()
	h := &perDevice{cfg: eastest.Config{MinHeartbeat: 1, MaxHeartbeat: 3}, m: map[string]*eastest.Server{}}
	srv := httptest.NewTLSServer(h)
	t.Cleanup(srv.Close)
	opts := probe.Options{Mode: probe.EAS, Target: srv.URL, Holds: []time.Duration{secs(1)}, Margin: time.Second, Insecure: true}
	res, err := probe.Run(context.Background(), opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	expect(t, res.Probes[0], probe.Answered, 1, true, 1)
	if res.Probes[0].Target != srv.URL+"/Microsoft-Server-ActiveSync" && res.Probes[0].Target != srv.URL {
		t.Errorf("target %q", res.Probes[0].Target)
	}
}
