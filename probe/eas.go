package probe

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/hopaudit/hopaudit/eas"
)

// Environment variables CredentialsFromEnv reads.
const (
	EnvUser     = "HOPAUDIT_EAS_USER"
	EnvPassword = "HOPAUDIT_EAS_PASSWORD"
	EnvToken    = "HOPAUDIT_EAS_TOKEN"
)

// easStepTimeout bounds each setup command (OPTIONS, Provision, FolderSync).
const easStepTimeout = 30 * time.Second

// EASOptions configures the eas mode. Auth is never printed, logged or written
// to results (eas.Credentials redacts itself in every format).
type EASOptions struct {
	// User is the User query parameter; empty means Auth.Username.
	User string
	// Auth is Basic (user name and password) or a Bearer token.
	Auth eas.Credentials
	// DeviceID prefixes each probe's DeviceId (the probe's index is appended, so
	// concurrent Pings do not collide); empty means "hopaudit" and 8 random hex
	// digits. Each DeviceId is a device partnership on the server.
	DeviceID string
	// DeviceType is sent as DeviceType; empty means "hopaudit".
	DeviceType string
	// ProtocolVersion is sent as MS-ASProtocolVersion; empty means eas's default.
	ProtocolVersion string
}

// CredentialsFromEnv reads credentials from HOPAUDIT_EAS_TOKEN (Bearer) or
// HOPAUDIT_EAS_USER and HOPAUDIT_EAS_PASSWORD (Basic); ok is false when neither
// is set, and the caller should prompt without echo.
func CredentialsFromEnv(getenv func(string) string) (c eas.Credentials, ok bool) {
	if t := getenv(EnvToken); t != "" {
		return eas.BearerToken(t), true
	}
	u, p := getenv(EnvUser), getenv(EnvPassword)
	if u != "" && p != "" {
		return eas.BasicAuth(u, p), true
	}
	return eas.Credentials{Username: u}, false
}

// deviceBase returns the DeviceId prefix for a run.
func (o EASOptions) deviceBase() string {
	if o.DeviceID != "" {
		return o.DeviceID
	}
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return "hopaudit" + hex.EncodeToString(b)
}

// easSession is one probe's ActiveSync conversation.
type easSession struct {
	c           *eas.Client
	dial        *recDialer
	notes       []string
	redirected  bool
	provisioned bool
}

// recDialer dials with the run's dialer, keep-alive off, and remembers the last
// connection: the raw socket (its errors tell FIN from RST) and the plaintext
// layer (its last write is when the request was sent; a TLS close_notify
// written at close does not count).
type recDialer struct {
	d       Dialer
	tlsConf *tls.Config
	timeout time.Duration
	mu      sync.Mutex
	raw     *recConn
	plain   *recConn
}

// DialContext dials a plain connection and records it.
func (rd *recDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := rd.d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetKeepAlive(false)
	}
	raw := &recConn{Conn: c}
	rd.record(raw, raw)
	return raw, nil
}

// DialTLSContext dials, completes the TLS handshake and records both layers.
func (rd *recDialer) DialTLSContext(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := rd.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	conf := rd.tlsConf.Clone()
	if conf.ServerName == "" {
		conf.ServerName, _, _ = net.SplitHostPort(addr)
	}
	tc := tls.Client(c, conf)
	hctx, cancel := context.WithTimeout(ctx, rd.timeout)
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		_ = c.Close()
		return nil, err
	}
	plain := &recConn{Conn: tc}
	rd.record(c.(*recConn), plain)
	return plain, nil
}

func (rd *recDialer) record(raw, plain *recConn) {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	rd.raw, rd.plain = raw, plain
}

// conns returns the last raw and plaintext connections (nil before a dial).
func (rd *recDialer) conns() (raw, plain *recConn) {
	rd.mu.Lock()
	defer rd.mu.Unlock()
	return rd.raw, rd.plain
}

// newEASSession builds a client for j: its own transport (keep-alive off, no
// proxy, no timeout shorter than the hold), its own DeviceId.
func (r *runner) newEASSession(j job) *easSession {
	rd := &recDialer{d: r.opts.Dialer, timeout: r.opts.ConnectTimeout,
		tlsConf: &tls.Config{ServerName: r.opts.ServerName, InsecureSkipVerify: r.opts.Insecure, NextProtos: []string{"http/1.1"}}}
	tr := &http.Transport{DialContext: rd.DialContext, DialTLSContext: rd.DialTLSContext, DisableKeepAlives: true}
	base := *j.url
	base.User, base.RawQuery, base.Fragment = nil, "", ""
	if base.Path == "" || base.Path == "/" {
		base.Path = "/Microsoft-Server-ActiveSync"
	}
	e := r.opts.EAS
	user := e.User
	if user == "" {
		user = e.Auth.Username
	}
	deviceType := e.DeviceType
	if deviceType == "" {
		deviceType = "hopaudit"
	}
	c := &eas.Client{BaseURL: &base, User: user, Auth: e.Auth, DeviceID: fmt.Sprintf("%sp%02d", r.easDevice, j.idx),
		DeviceType: deviceType, ProtocolVersion: e.ProtocolVersion, UserAgent: "hopaudit-probe",
		HTTP: &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	return &easSession{c: c, dial: rd}
}

// call runs one command within timeout, following one 451 redirect and
// provisioning (both phases) once when the server asks for it.
func (s *easSession) call(ctx context.Context, timeout time.Duration, fn func(context.Context) error) error {
	for {
		cctx, cancel := context.WithTimeout(ctx, timeout)
		err := fn(cctx)
		cancel()
		switch {
		case err == nil:
			return nil
		case errors.Is(err, eas.ErrRedirect) && !s.redirected && s.c.FollowRedirect(err):
			s.redirected = true
			s.notes = append(s.notes, "HTTP 451: followed X-MS-Location to "+s.c.BaseURL.Host)
		case errors.Is(err, eas.ErrProvisionNeeded) && !s.provisioned:
			s.provisioned = true
			pctx, cancel := context.WithTimeout(ctx, easStepTimeout)
			_, perr := s.c.Provision(pctx)
			cancel()
			if perr != nil {
				return fmt.Errorf("provision: %w", perr)
			}
			s.notes = append(s.notes, "the server required provisioning: both phases done")
		default:
			return err
		}
	}
}

// setup runs OPTIONS and FolderSync (SyncKey 0) and returns the Inbox id.
func (s *easSession) setup(ctx context.Context) (string, error) {
	err := s.call(ctx, easStepTimeout, func(c context.Context) error {
		info, err := s.c.Options(c)
		if err == nil && len(info.Versions) > 0 {
			s.notes = append(s.notes, fmt.Sprintf("OPTIONS: versions %v", info.Versions))
		}
		return err
	})
	if err != nil {
		return "", err
	}
	var fs eas.FolderSyncResponse
	if err := s.call(ctx, easStepTimeout, func(c context.Context) (err error) { fs, err = s.c.FolderSync(c); return err }); err != nil {
		return "", err
	}
	inbox, ok := fs.Inbox()
	if !ok {
		return "", errors.New("foldersync: no Inbox in the folder hierarchy")
	}
	return inbox.ServerID, nil
}
