package eas_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hopaudit/hopaudit/eas"
	"github.com/hopaudit/hopaudit/eas/eastest"
)

const (
	testPassword = "Pa55-word-never-shown"
	testToken    = "tok-3f9a-never-shown"
)

// secretCheck collects every error and printed form a test produces and
// fails if any holds a credential.
type secretCheck struct {
	t    *testing.T
	seen []string
}

func (s *secretCheck) add(v ...any) {
	for _, x := range v {
		if x != nil {
			s.seen = append(s.seen, fmt.Sprint(x))
		}
	}
}

func (s *secretCheck) verify() {
	s.t.Helper()
	for _, text := range s.seen {
		for _, secret := range []string{testPassword, testToken} {
			if strings.Contains(text, secret) {
				s.t.Errorf("credential leaked in %q", text)
			}
		}
	}
}

func start(t *testing.T, cfg eastest.Config) (*eastest.Server, *httptest.Server) {
	t.Helper()
	if cfg.TimeUnit == 0 {
		cfg.TimeUnit = time.Millisecond
	}
	fake := eastest.NewServer(cfg)
	ts := httptest.NewServer(fake)
	t.Cleanup(ts.Close)
	return fake, ts
}

func newClient(t *testing.T, ts *httptest.Server, auth eas.Credentials) *eas.Client {
	t.Helper()
	u, err := url.Parse(ts.URL + eas.ActiveSyncPath)
	if err != nil {
		t.Fatal(err)
	}
	return &eas.Client{BaseURL: u, User: "alice@contoso.example", Auth: auth,
		DeviceID: "hopaudit0001", DeviceType: "hopaudit", HTTP: ts.Client()}
}

func basicCfg() eastest.Config {
	return eastest.Config{Username: "alice@contoso.example", Password: testPassword}
}

func TestClientFullFlow(t *testing.T) {
	fake, ts := start(t, basicCfg())
	c := newClient(t, ts, eas.BasicAuth("alice@contoso.example", testPassword))
	sc := &secretCheck{t: t}
	defer sc.verify()
	ctx := context.Background()

	info, err := c.Options(ctx)
	sc.add(err)
	if err != nil || len(info.Versions) != 5 || info.Versions[4] != "14.1" {
		t.Fatalf("Options = %+v, %v", info, err)
	}
	_, err = c.FolderSync(ctx)
	sc.add(err)
	if !errors.Is(err, eas.ErrProvisionNeeded) || err.Error() != "foldersync: HTTP 449 (provisioning needed)" {
		t.Fatalf("FolderSync before Provision: %v", err)
	}
	key, err := c.Provision(ctx)
	sc.add(err)
	if err != nil || key == "" || key != fake.PolicyKey() || c.PolicyKey != key {
		t.Fatalf("Provision = %q, %v (server %q)", key, err, fake.PolicyKey())
	}
	fs, err := c.FolderSync(ctx)
	sc.add(err)
	inbox, ok := fs.Inbox()
	if err != nil || !ok || inbox.ServerID != "5" {
		t.Fatalf("FolderSync = %+v, %v", fs, err)
	}
	folders := []eas.PingFolder{{ID: inbox.ServerID, Class: "Email"}}
	resp, meta, err := c.Ping(ctx, 60*time.Second, folders)
	sc.add(err)
	if err != nil || resp.Status != eas.PingExpired || meta.StatusCode != 200 {
		t.Fatalf("Ping = %+v, %v", resp, err)
	}
	if meta.Elapsed() < 60*time.Millisecond {
		t.Errorf("Ping returned after %v, before its scaled heartbeat of 60ms", meta.Elapsed())
	}
	// The repeated, empty Ping reuses the cached heartbeat and folders.
	resp, _, err = c.Ping(ctx, 0, nil)
	sc.add(err)
	if err != nil || resp.Status != eas.PingExpired {
		t.Fatalf("empty Ping = %+v, %v", resp, err)
	}
	if q := fake.LastQuery(); q.Cmd != "Ping" || q.User != "alice@contoso.example" || q.DeviceID != "hopaudit0001" {
		t.Errorf("server saw query %+v", q)
	}
}

func provisioned(t *testing.T, cfg eastest.Config) (*eastest.Server, *eas.Client) {
	t.Helper()
	fake, ts := start(t, cfg)
	c := newClient(t, ts, eas.BasicAuth("alice@contoso.example", testPassword))
	if _, err := c.Provision(context.Background()); err != nil {
		t.Fatal(err)
	}
	return fake, c
}

func TestClientPingChanges(t *testing.T) {
	fake, c := provisioned(t, basicCfg())
	done := make(chan struct{})
	var resp eas.PingResponse
	var err error
	go func() {
		defer close(done)
		resp, _, err = c.Ping(context.Background(), 3540*time.Second, []eas.PingFolder{{ID: "5", Class: "Email"}})
	}()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for waiting := true; waiting; {
		select {
		case <-done:
			waiting = false
		case <-tick.C:
			fake.Notify("5")
		}
	}
	if err != nil || resp.Status != eas.PingChanges || len(resp.Folders) != 1 || resp.Folders[0] != "5" {
		t.Fatalf("Ping = %+v, %v", resp, err)
	}
}

func TestClientPingStatuses(t *testing.T) {
	_, c := provisioned(t, basicCfg())
	ctx := context.Background()
	inbox := []eas.PingFolder{{ID: "5", Class: "Email"}}
	tests := []struct {
		name      string
		heartbeat time.Duration
		folders   []eas.PingFolder
		status    eas.PingStatus
		wantErr   string
		limit     int
		tooShort  bool
	}{
		{"missing parameters", 0, nil, eas.PingMissingParameters, "", 0, false},
		{"too short", 30 * time.Second, inbox, eas.PingHeartbeatOutOfRange,
			"ping: heartbeat 30s out of the server's range (status 5): minimum is 60s", 60, true},
		{"too long", 4000 * time.Second, inbox, eas.PingHeartbeatOutOfRange,
			"ping: heartbeat 4000s out of the server's range (status 5): maximum is 3540s", 3540, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, _, err := c.Ping(ctx, tc.heartbeat, tc.folders)
			if resp.Status != tc.status {
				t.Fatalf("status = %v, want %v", resp.Status, tc.status)
			}
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var he *eas.HeartbeatError
			if !errors.As(err, &he) || err.Error() != tc.wantErr || he.Limit != tc.limit || he.TooShort() != tc.tooShort {
				t.Fatalf("error = %v (%+v)", err, he)
			}
		})
	}
	if _, _, err := c.Ping(ctx, 500*time.Millisecond, inbox); err == nil ||
		err.Error() != "ping: heartbeat 500ms is not 0 or at least 1s" {
		t.Errorf("sub-second heartbeat: %v", err)
	}
}

func TestClientProvisionStatus142(t *testing.T) {
	cfg := basicCfg()
	cfg.ProvisionStatus = true
	_, ts := start(t, cfg)
	c := newClient(t, ts, eas.BasicAuth("alice@contoso.example", testPassword))
	_, err := c.FolderSync(context.Background())
	if !errors.Is(err, eas.ErrProvisionNeeded) || err.Error() != "foldersync: HTTP 200 OK, status 142 (device not provisioned)" {
		t.Fatalf("FolderSync: %v", err)
	}
	resp, _, err := c.Ping(context.Background(), 60*time.Second, []eas.PingFolder{{ID: "5", Class: "Email"}})
	if !errors.Is(err, eas.ErrProvisionNeeded) || resp.Status != eas.StatusDeviceNotProvisioned {
		t.Fatalf("Ping: %+v, %v", resp, err)
	}
}

func TestClientRedirect451(t *testing.T) {
	target, tsB := start(t, basicCfg())
	_, tsA := start(t, eastest.Config{RedirectTo: tsB.URL + eas.ActiveSyncPath})
	c := newClient(t, tsA, eas.BasicAuth("alice@contoso.example", testPassword))
	_, err := c.Options(context.Background())
	var se *eas.StatusError
	wantErr := fmt.Sprintf("options: HTTP 451 (redirect to %q)", tsB.URL+eas.ActiveSyncPath)
	if !errors.Is(err, eas.ErrRedirect) || !errors.As(err, &se) || err.Error() != wantErr {
		t.Fatalf("Options via A: %v", err)
	}
	if !c.FollowRedirect(err) || c.BaseURL.String() != tsB.URL+eas.ActiveSyncPath {
		t.Fatalf("FollowRedirect: BaseURL %v", c.BaseURL)
	}
	if _, err := c.Options(context.Background()); err != nil {
		t.Fatalf("Options via B: %v", err)
	}
	if target.Count("Options") != 1 {
		t.Errorf("B saw %d OPTIONS, want 1", target.Count("Options"))
	}
	if c.FollowRedirect(errors.New("other")) {
		t.Error("FollowRedirect followed a non-451 error")
	}
}

func TestClientUnavailable503(t *testing.T) {
	_, ts := start(t, eastest.Config{RetryAfter: 30})
	c := newClient(t, ts, eas.Credentials{})
	_, _, err := c.Ping(context.Background(), 60*time.Second, nil)
	var se *eas.StatusError
	if !errors.Is(err, eas.ErrUnavailable) || !errors.As(err, &se) || se.RetryAfter != 30*time.Second ||
		err.Error() != `ping: HTTP 503 Service Unavailable (retry after "30")` {
		t.Fatalf("Ping: %v", err)
	}
}

func TestClientAuth(t *testing.T) {
	cfg := basicCfg()
	cfg.Token = testToken
	_, ts := start(t, cfg)
	sc := &secretCheck{t: t}
	defer sc.verify()
	for _, tc := range []struct {
		name string
		auth eas.Credentials
		ok   bool
	}{
		{"basic", eas.BasicAuth("alice@contoso.example", testPassword), true},
		{"bearer", eas.BearerToken(testToken), true},
		{"bad password", eas.BasicAuth("alice@contoso.example", testPassword+"x"), false},
		{"bad token", eas.BearerToken(testToken + "x"), false},
		{"none", eas.Credentials{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, ts, tc.auth)
			_, err := c.Options(context.Background())
			sc.add(err, c)
			if tc.ok != (err == nil) {
				t.Fatalf("Options: %v", err)
			}
			if !tc.ok && (!errors.Is(err, eas.ErrUnauthorized) || err.Error() != "options: HTTP 401 Unauthorized") {
				t.Fatalf("error = %v", err)
			}
		})
	}
}

func TestCredentialsNeverPrinted(t *testing.T) {
	u, _ := url.Parse("https://mail.contoso.example/Microsoft-Server-ActiveSync")
	sc := &secretCheck{t: t}
	defer sc.verify()
	for _, auth := range []eas.Credentials{eas.BasicAuth(`CONTOSO\alice`, testPassword), eas.BearerToken(testToken)} {
		c := &eas.Client{BaseURL: u, User: "alice", Auth: auth}
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T %v"} {
			sc.add(fmt.Sprintf(verb, c), fmt.Sprintf(verb, *c), fmt.Sprintf(verb, auth), fmt.Sprintf(verb, &auth))
			sc.add(fmt.Sprintf(verb, struct{ A eas.Credentials }{auth}))
		}
		for _, v := range []any{c, auth, struct{ Auth eas.Credentials }{auth}} {
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			sc.add(string(b))
		}
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("probe", "auth", auth, "client", c)
		slog.New(slog.NewTextHandler(&buf, nil)).Info("probe", "auth", auth)
		sc.add(buf.String())
	}
	if got := eas.BasicAuth("bob", testPassword).String(); got != `basic user "bob" (password redacted)` {
		t.Errorf("String = %q", got)
	}
	badURL, _ := url.Parse("https://bob:" + testPassword + "@mail.contoso.example/Microsoft-Server-ActiveSync")
	c := &eas.Client{BaseURL: badURL}
	_, err := c.Options(context.Background())
	sc.add(err, c)
	if err == nil || err.Error() != "eas client: BaseURL must not hold user info; put credentials in Auth" {
		t.Errorf("user info in BaseURL: %v", err)
	}
}
