// Package eastest is a fake Exchange ActiveSync server for tests: an
// http.Handler that speaks enough of the protocol for eas.Client and the
// hopaudit probes (OPTIONS, Provision in two phases, FolderSync with
// SyncKey 0, Ping held for its heartbeat), with switches for the failure
// answers a prober must handle (401, 449, 451, 503, Ping Status 5).
//
// Time is scaled: a heartbeat of N seconds holds the Ping for N × TimeUnit,
// so tests run in milliseconds.
package eastest

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/hopaudit/hopaudit/eas"
)

// Config sets up a Server. Zero fields take the defaults given.
type Config struct {
	// Username and Password are the Basic credentials accepted; Token a
	// Bearer token accepted. With all three empty, any request is accepted.
	Username, Password, Token string
	// MinHeartbeat and MaxHeartbeat bound the Ping heartbeat, in seconds:
	// 60 and 3540 by default, Exchange's MinHeartbeatInterval and
	// MaxHeartbeatInterval defaults (DOMAIN.md section 2, Exchange event 1009).
	MinHeartbeat, MaxHeartbeat int
	// MaxFolders is the most folders one Ping may watch (default 200,
	// *unconfirmed* as Exchange's default; above it Ping answers Status 6).
	MaxFolders int
	// TimeUnit is how long one heartbeat second lasts (default time.Second).
	TimeUnit time.Duration
	// Folders is the hierarchy FolderSync returns (default DefaultFolders).
	Folders []eas.Folder
	// Versions is the MS-ASProtocolVersions answer to OPTIONS (default
	// "2.5,12.0,12.1,14.0,14.1").
	Versions string
	// RedirectTo, when set, answers every request 451 with this
	// X-MS-Location.
	RedirectTo string
	// RetryAfter, when positive, answers every request 503 with this
	// Retry-After in seconds.
	RetryAfter int
	// ProvisionStatus, when set, answers a missing or stale policy key
	// with HTTP 200 and the command's Status 142 (protocol 14.0 and later)
	// instead of HTTP 449.
	ProvisionStatus bool
}

// DefaultFolders is a small mailbox: Inbox is ServerId "5".
var DefaultFolders = []eas.Folder{
	{ServerID: "1", ParentID: "0", DisplayName: "Calendar", Type: eas.FolderCalendar},
	{ServerID: "2", ParentID: "0", DisplayName: "Contacts", Type: eas.FolderContacts},
	{ServerID: "5", ParentID: "0", DisplayName: "Inbox", Type: eas.FolderInbox},
	{ServerID: "6", ParentID: "0", DisplayName: "Sent Items", Type: eas.FolderSent},
}

// Server is the fake Exchange. Create it with NewServer; it is safe for
// concurrent use.
type Server struct {
	cfg Config

	mu        sync.Mutex
	tempKey   string
	finalKey  string
	nextKey   uint32
	cached    map[string]eas.PingRequest // last full Ping per DeviceId
	notify    chan struct{}
	changed   []string
	counts    map[string]int
	lastQuery eas.Query
}

// NewServer returns a Server for cfg with defaults filled in.
func NewServer(cfg Config) *Server {
	if cfg.MinHeartbeat == 0 {
		cfg.MinHeartbeat = 60
	}
	if cfg.MaxHeartbeat == 0 {
		cfg.MaxHeartbeat = 3540
	}
	if cfg.MaxFolders == 0 {
		cfg.MaxFolders = 200
	}
	if cfg.TimeUnit == 0 {
		cfg.TimeUnit = time.Second
	}
	if cfg.Folders == nil {
		cfg.Folders = DefaultFolders
	}
	if cfg.Versions == "" {
		cfg.Versions = "2.5,12.0,12.1,14.0,14.1"
	}
	return &Server{cfg: cfg, nextKey: 1307199584, cached: map[string]eas.PingRequest{},
		notify: make(chan struct{}), counts: map[string]int{}}
}

// PolicyKey returns the final policy key handed out by the last completed
// Provision ("" before).
func (s *Server) PolicyKey() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.finalKey
}

// Notify wakes every held Ping, which answers Status 2 naming folderIDs.
func (s *Server) Notify(folderIDs ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.changed = append([]string(nil), folderIDs...)
	close(s.notify)
	s.notify = make(chan struct{})
}

// Count returns how many requests for cmd ("Ping", "Options", ...) the
// server has received, whatever it answered.
func (s *Server) Count(cmd string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[cmd]
}

// LastQuery returns the query of the most recent command request.
func (s *Server) LastQuery() eas.Query {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastQuery
}

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	cmd := "Options"
	var q eas.Query
	if r.Method != http.MethodOptions {
		var err error
		if q, err = eas.ParseQuery(r.URL.RawQuery); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		cmd = q.Cmd
	}
	s.mu.Lock()
	s.counts[cmd]++
	s.lastQuery = q
	s.mu.Unlock()
	if s.refuse(w, r) {
		return
	}
	s.route(w, r, cmd, q)
}

// refuse writes the configured failure answers and 401; it reports whether
// it answered.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request) bool {
	switch {
	case s.cfg.RedirectTo != "":
		w.Header().Set("X-MS-Location", s.cfg.RedirectTo)
		w.WriteHeader(451)
	case s.cfg.RetryAfter > 0:
		w.Header().Set("Retry-After", strconv.Itoa(s.cfg.RetryAfter))
		w.WriteHeader(http.StatusServiceUnavailable)
	case !s.authorized(r):
		w.Header().Set("WWW-Authenticate", `Basic realm="eastest"`)
		w.WriteHeader(http.StatusUnauthorized)
	default:
		return false
	}
	return true
}

func (s *Server) authorized(r *http.Request) bool {
	c := s.cfg
	if c.Username == "" && c.Password == "" && c.Token == "" {
		return true
	}
	if user, pass, ok := r.BasicAuth(); ok {
		return (c.Username != "" || c.Password != "") && user == c.Username && pass == c.Password
	}
	return c.Token != "" && r.Header.Get("Authorization") == "Bearer "+c.Token
}

func (s *Server) route(w http.ResponseWriter, r *http.Request, cmd string, q eas.Query) {
	switch {
	case r.Method == http.MethodOptions:
		w.Header().Set("MS-ASProtocolVersions", s.cfg.Versions)
		w.Header().Set("MS-ASProtocolCommands", "Sync,FolderSync,Provision,Ping,Settings")
		w.WriteHeader(http.StatusOK)
	case r.Method != http.MethodPost:
		w.WriteHeader(http.StatusMethodNotAllowed)
	case cmd == "Provision":
		s.provision(w, r)
	case cmd == "FolderSync":
		s.folderSync(w, r)
	case cmd == "Ping":
		s.ping(w, r, q)
	default:
		w.WriteHeader(http.StatusNotImplemented)
	}
}

// writeWBXML returns a function that sends an encoder's result as a 200
// WBXML answer, or a 500 when encoding failed; use it as
// writeWBXML(w)(eas.EncodeX(...)).
func writeWBXML(w http.ResponseWriter) func([]byte, error) {
	return func(body []byte, err error) {
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", eas.ContentTypeWBXML)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	}
}
