package eas

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ContentTypeWBXML is the Content-Type of ActiveSync command bodies
// ([MS-ASHTTP] section 4.1 shows it on requests and responses).
const ContentTypeWBXML = "application/vnd.ms-sync.wbxml"

// maxResponseBody bounds how much of a response body the Client reads.
const maxResponseBody = 1 << 20

// Client speaks ActiveSync to one server for the live prober: OPTIONS,
// Provision, FolderSync and Ping. Set the fields, then call the methods; the
// zero value is not usable (BaseURL is required). A Client is not safe for
// concurrent use: Provision and FollowRedirect change it.
//
// Auth never appears in errors, logs or fmt output of the Client.
type Client struct {
	// BaseURL is the ActiveSync endpoint, e.g.
	// https://mail.contoso.example/Microsoft-Server-ActiveSync. It must not
	// carry user info: credentials go in Auth.
	BaseURL *url.URL
	// User is the User query parameter ("alice@contoso.example").
	User string
	Auth Credentials
	// DeviceID and DeviceType identify the partnership; ProtocolVersion is
	// sent as MS-ASProtocolVersion ("14.0" when empty).
	DeviceID        string
	DeviceType      string
	ProtocolVersion string
	// PolicyKey is sent as X-MS-PolicyKey when set; Provision fills it.
	PolicyKey string
	// UserAgent is sent as User-Agent ("hopaudit" when empty).
	UserAgent string
	// HTTP sends the requests; http.DefaultClient when nil. The prober
	// injects one whose dialer has keep-alive off.
	HTTP *http.Client `json:"-"`
}

// ResponseMeta describes the HTTP exchange of a command: status, headers and
// timing. Sent is when the request was handed to the transport, Received when
// the whole response body had been read.
type ResponseMeta struct {
	StatusCode int
	Status     string // "200 OK"
	Proto      string
	Header     http.Header
	Sent       time.Time
	Received   time.Time
}

// Elapsed returns Received - Sent.
func (m *ResponseMeta) Elapsed() time.Duration { return m.Received.Sub(m.Sent) }

// String summarises the client without credentials.
func (c *Client) String() string {
	base := "<nil>"
	if c.BaseURL != nil {
		base = c.BaseURL.Redacted()
	}
	return fmt.Sprintf("eas.Client{BaseURL: %s, User: %q, Auth: %v, DeviceID: %q, DeviceType: %q, ProtocolVersion: %q}",
		base, c.User, c.Auth, c.DeviceID, c.DeviceType, c.protocolVersion())
}

// Format prints String for every verb, so no fmt verb reaches Auth's secret
// fields through the Client.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// GoString returns String, for %#v.
func (c *Client) GoString() string { return c.String() }

func (c *Client) protocolVersion() string {
	if c.ProtocolVersion == "" {
		return "14.0"
	}
	return c.ProtocolVersion
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP == nil {
		return http.DefaultClient
	}
	return c.HTTP
}

// commandURL returns BaseURL with the plain query for cmd.
func (c *Client) commandURL(cmd string) (string, error) {
	if c.BaseURL == nil {
		return "", errors.New("eas client: no BaseURL")
	}
	if c.BaseURL.User != nil {
		return "", errors.New("eas client: BaseURL must not hold user info; put credentials in Auth")
	}
	u := *c.BaseURL
	if cmd != "" {
		u.RawQuery = EncodeQueryPlain(Query{Cmd: cmd, User: c.User, DeviceID: c.DeviceID, DeviceType: c.DeviceType})
	}
	return u.String(), nil
}

// do sends one command and reads the whole answer (at most 1 MiB). A non-200
// status becomes a *StatusError. lowerCmd names the command in errors.
func (c *Client) do(ctx context.Context, method, cmd string, body []byte) ([]byte, *ResponseMeta, error) {
	target, err := c.commandURL(cmd)
	if err != nil {
		return nil, nil, err
	}
	name := cmd
	if name == "" {
		name = "Options"
	}
	req, err := http.NewRequestWithContext(ctx, method, target, bytes.NewReader(body))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", lower(name), err)
	}
	c.setHeaders(req, body != nil)
	meta := &ResponseMeta{Sent: time.Now()}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", lower(name), err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody+1))
	meta.Received = time.Now()
	meta.StatusCode, meta.Status, meta.Proto, meta.Header = resp.StatusCode, resp.Status, resp.Proto, resp.Header
	if err != nil {
		return nil, meta, fmt.Errorf("%s: read response body: %w", lower(name), err)
	}
	if len(data) > maxResponseBody {
		return nil, meta, fmt.Errorf("%s: response body larger than %d bytes", lower(name), maxResponseBody)
	}
	if resp.StatusCode != http.StatusOK {
		return data, meta, statusError(name, resp, meta.Received)
	}
	return data, meta, nil
}

func (c *Client) setHeaders(req *http.Request, hasBody bool) {
	ua := c.UserAgent
	if ua == "" {
		ua = "hopaudit"
	}
	req.Header.Set("User-Agent", ua)
	req.Header.Set("MS-ASProtocolVersion", c.protocolVersion())
	if hasBody {
		req.Header.Set("Content-Type", ContentTypeWBXML)
	}
	if c.PolicyKey != "" {
		req.Header.Set("X-MS-PolicyKey", c.PolicyKey)
	}
	c.Auth.apply(req)
}

func statusError(cmd string, resp *http.Response, now time.Time) *StatusError {
	e := &StatusError{Cmd: cmd, StatusCode: resp.StatusCode, Status: resp.Status}
	if resp.StatusCode == http.StatusServiceUnavailable {
		e.RetryAfterRaw = resp.Header.Get("Retry-After")
		e.RetryAfter = parseRetryAfter(e.RetryAfterRaw, now)
	}
	if resp.StatusCode == 451 {
		e.Location = resp.Header.Get("X-MS-Location")
	}
	return e
}

// FollowRedirect points the client at the X-MS-Location of err when err is
// a 451 *StatusError carrying an absolute http(s) URL, and reports whether it
// did. [MS-ASHTTP] section 3.1.5.2.2 says later requests should use that URL;
// a caller follows at most one redirect per command to avoid loops.
func (c *Client) FollowRedirect(err error) bool {
	var se *StatusError
	if !errors.As(err, &se) || se.StatusCode != 451 || se.Location == "" {
		return false
	}
	u, perr := url.Parse(se.Location)
	if perr != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return false
	}
	u.RawQuery = ""
	c.BaseURL = u
	return true
}

// checkWBXML rejects a 200 answer that is not WBXML (an HTML page from a
// proxy, an empty body).
func checkWBXML(cmd string, body []byte, meta *ResponseMeta) error {
	ct := meta.Header.Get("Content-Type")
	if len(body) == 0 {
		return fmt.Errorf("%s: HTTP 200 with an empty body", lower(cmd))
	}
	if !strings.HasPrefix(strings.ToLower(ct), ContentTypeWBXML) {
		return fmt.Errorf("%s: HTTP 200 with Content-Type %q, not %s", lower(cmd), ct, ContentTypeWBXML)
	}
	return nil
}
