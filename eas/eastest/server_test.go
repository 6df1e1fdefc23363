package eastest

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hopaudit/hopaudit/eas"
)

func post(t *testing.T, h http.Handler, query string, hdr map[string]string, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "http://mail.example"+eas.ActiveSyncPath+"?"+query, bytes.NewReader(body))
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestServerOptionsAndAuth(t *testing.T) {
	s := NewServer(Config{Username: "u", Password: "p"})
	req := httptest.NewRequest(http.MethodOptions, "http://mail.example"+eas.ActiveSyncPath, nil)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != 401 || rec.Header().Get("WWW-Authenticate") == "" {
		t.Fatalf("unauthenticated OPTIONS: %d %v", rec.Code, rec.Header())
	}
	req.SetBasicAuth("u", "p")
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	if rec.Code != 200 || rec.Header().Get("MS-ASProtocolVersions") != "2.5,12.0,12.1,14.0,14.1" ||
		rec.Header().Get("MS-ASProtocolCommands") == "" {
		t.Fatalf("OPTIONS: %d %v", rec.Code, rec.Header())
	}
}

// provision drives both Provision phases by hand and returns the final key.
func provision(t *testing.T, s *Server, query string) string {
	t.Helper()
	body, _ := eas.EncodeProvisionRequest(eas.ProvisionRequest{PolicyType: eas.PolicyTypeWBXML})
	first, err := eas.ParseProvisionResponse(post(t, s, query, nil, body).Body.Bytes())
	if err != nil || !first.PolicyData || first.PolicyKey == "" {
		t.Fatalf("first phase: %+v, %v", first, err)
	}
	// A wrong key is refused with Policy Status 5.
	body, _ = eas.EncodeProvisionRequest(eas.ProvisionRequest{PolicyType: eas.PolicyTypeWBXML, PolicyKey: "1", Status: 1})
	if bad, _ := eas.ParseProvisionResponse(post(t, s, query, nil, body).Body.Bytes()); bad.PolicyStatus != 5 {
		t.Fatalf("wrong key acknowledged: %+v", bad)
	}
	body, _ = eas.EncodeProvisionRequest(eas.ProvisionRequest{PolicyType: eas.PolicyTypeWBXML, PolicyKey: first.PolicyKey, Status: 1})
	ack, err := eas.ParseProvisionResponse(post(t, s, query, nil, body).Body.Bytes())
	if err != nil || ack.PolicyData || ack.PolicyKey == "" || ack.PolicyKey == first.PolicyKey || ack.PolicyKey != s.PolicyKey() {
		t.Fatalf("acknowledgement: %+v, %v", ack, err)
	}
	return ack.PolicyKey
}

func TestServerBase64QueryAndPingLimits(t *testing.T) {
	s := NewServer(Config{TimeUnit: time.Millisecond, MaxFolders: 2, MinHeartbeat: 120})
	query, err := eas.EncodeQueryBase64(eas.Query{Cmd: "Provision", DeviceID: "dev1", DeviceType: "test", ProtocolVersion: "14.1", User: "u"})
	if err != nil {
		t.Fatal(err)
	}
	key := provision(t, s, query)
	if q := s.LastQuery(); !q.Encoded || q.Cmd != "Provision" || q.User != "u" {
		t.Fatalf("LastQuery = %+v", q)
	}
	pingQ := "Cmd=Ping&User=u&DeviceId=dev1&DeviceType=test"
	hdr := map[string]string{"X-MS-PolicyKey": key}
	three := []eas.PingFolder{{ID: "1", Class: "Calendar"}, {ID: "2", Class: "Contacts"}, {ID: "5", Class: "Email"}}
	tests := []struct {
		name string
		req  eas.PingRequest
		want eas.PingResponse
	}{
		{"too many folders", eas.PingRequest{HeartbeatInterval: 300, Folders: three}, eas.PingResponse{Status: eas.PingTooManyFolders, MaxFolders: 2}},
		{"below configured minimum", eas.PingRequest{HeartbeatInterval: 60, Folders: three[2:]}, eas.PingResponse{Status: eas.PingHeartbeatOutOfRange, HeartbeatInterval: 120}},
		{"held then expired", eas.PingRequest{HeartbeatInterval: 120, Folders: three[2:]}, eas.PingResponse{Status: eas.PingExpired}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body, _ := eas.EncodePingRequest(tc.req)
			rec := post(t, s, pingQ, hdr, body)
			got, err := eas.ParsePingResponse(rec.Body.Bytes())
			if err != nil || got.Status != tc.want.Status || got.MaxFolders != tc.want.MaxFolders || got.HeartbeatInterval != tc.want.HeartbeatInterval {
				t.Fatalf("Ping = %+v, %v; want %+v", got, err, tc.want)
			}
			if ct := rec.Header().Get("Content-Type"); ct != eas.ContentTypeWBXML {
				t.Errorf("Content-Type = %q", ct)
			}
		})
	}
	if rec := post(t, s, pingQ, nil, nil); rec.Code != 449 {
		t.Errorf("Ping without policy key: HTTP %d, want 449", rec.Code)
	}
	if n := s.Count("Ping"); n != 4 {
		t.Errorf("Count(Ping) = %d, want 4", n)
	}
}

func TestServerFailureModes(t *testing.T) {
	for _, tc := range []struct {
		cfg    Config
		code   int
		header string
		value  string
	}{
		{Config{RedirectTo: "https://mail2.example/Microsoft-Server-ActiveSync"}, 451, "X-MS-Location", "https://mail2.example/Microsoft-Server-ActiveSync"},
		{Config{RetryAfter: 45}, 503, "Retry-After", "45"},
	} {
		rec := post(t, NewServer(tc.cfg), "Cmd=FolderSync&User=u&DeviceId=d&DeviceType=t", nil, nil)
		if rec.Code != tc.code || rec.Header().Get(tc.header) != tc.value {
			t.Errorf("HTTP %d %s=%q, want %d %q", rec.Code, tc.header, rec.Header().Get(tc.header), tc.code, tc.value)
		}
	}
	rec := post(t, NewServer(Config{}), "", nil, nil)
	if b, _ := io.ReadAll(rec.Body); rec.Code != 400 || !bytes.Contains(b, []byte("query: empty")) {
		t.Errorf("no query: HTTP %d %q", rec.Code, b)
	}
}
