package eas

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

func TestPingGoldenRoundTrip(t *testing.T) {
	req := PingRequest{HeartbeatInterval: 480, Folders: []PingFolder{{ID: "5", Class: "Email"}}}
	got, err := EncodePingRequest(req)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, minimalPing) {
		t.Errorf("EncodePingRequest = % x\nwant                % x", got, minimalPing)
	}
	back, err := ParsePingRequest(minimalPing)
	if err != nil || !reflect.DeepEqual(back, req) {
		t.Errorf("ParsePingRequest = %+v, %v", back, err)
	}

	resp := PingResponse{Status: PingExpired}
	got, err = EncodePingResponse(resp)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, pingStatus1) {
		t.Errorf("EncodePingResponse = % x\nwant                 % x", got, pingStatus1)
	}
	backResp, err := ParsePingResponse(pingStatus1)
	if err != nil || !reflect.DeepEqual(backResp, resp) {
		t.Errorf("ParsePingResponse = %+v, %v", backResp, err)
	}
}

func TestPingResponseRoundTrip(t *testing.T) {
	for _, r := range []PingResponse{
		{Status: PingChanges, Folders: []string{"5", "12"}},
		{Status: PingHeartbeatOutOfRange, HeartbeatInterval: 3540},
		{Status: PingTooManyFolders, MaxFolders: 200},
		{Status: StatusDeviceNotProvisioned},
	} {
		b, err := EncodePingResponse(r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParsePingResponse(b)
		if err != nil || !reflect.DeepEqual(got, r) {
			t.Errorf("round trip of %+v = %+v, %v", r, got, err)
		}
	}
}

func TestEmptyPingRequest(t *testing.T) {
	r, err := ParsePingRequest(nil)
	if err != nil || r.HeartbeatInterval != 0 || r.Folders != nil {
		t.Fatalf("ParsePingRequest(nil) = %+v, %v", r, err)
	}
	b, err := EncodePingRequest(PingRequest{})
	if err != nil || b != nil {
		t.Fatalf("EncodePingRequest(zero) = %x, %v", b, err)
	}
	// A Ping with only a heartbeat (folders cached by the server).
	b, err = EncodePingRequest(PingRequest{HeartbeatInterval: 1740})
	if err != nil {
		t.Fatal(err)
	}
	if r, err = ParsePingRequest(b); err != nil || r.HeartbeatInterval != 1740 || r.Heartbeat().Seconds() != 1740 {
		t.Fatalf("heartbeat-only Ping = %+v, %v", r, err)
	}
}

func TestPingParseErrors(t *testing.T) {
	hdr := "\x03\x01\x6a\x00\x00\x0d"
	tests := []struct {
		name  string
		parse func([]byte) error
		in    string
		want  string
	}{
		{"req truncated", parseReq, hdr + "\x45\x48\x03480", "ping request: wbxml: offset 12: unexpected end of input in inline string started at offset 8"},
		{"req wrong root", parseReq, "\x03\x01\x6a\x00\x00\x07\x56\x52\x030\x00\x01\x01", "ping request: offset 6: root element is FolderHierarchy:FolderSync, want Ping:Ping"},
		{"req bad heartbeat", parseReq, hdr + "\x45\x48\x0348x\x00\x01\x01", "ping request: offset 7: Ping:HeartbeatInterval \"48x\" is not a decimal number of 1 to 9 digits"},
		{"req empty heartbeat", parseReq, hdr + "\x45\x08\x01", "ping request: offset 7: Ping:HeartbeatInterval \"\" is not a decimal number of 1 to 9 digits"},
		{"req huge heartbeat", parseReq, hdr + "\x45\x48\x031234567890\x00\x01\x01", "ping request: offset 7: Ping:HeartbeatInterval \"1234567890\" is not a decimal number of 1 to 9 digits"},
		{"req folder no id", parseReq, hdr + "\x45\x49\x4a\x4c\x03Email\x00\x01\x01\x01\x01", "ping request: offset 8: Folder without Id"},
		{"resp empty", parseResp, "", "ping response: empty body"},
		{"resp no status", parseResp, hdr + "\x45\x48\x0360\x00\x01\x01", "ping response: offset 6: Ping without Status"},
		{"resp bad status", parseResp, hdr + "\x45\x47\x03-1\x00\x01\x01", "ping response: offset 7: Ping:Status \"-1\" is not a decimal number of 1 to 9 digits"},
		{"resp not wbxml", parseResp, "<Ping/>", "ping response: wbxml: offset 0: WBXML version 0x3c not supported (want 0x03)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.parse([]byte(tc.in))
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error = %v\nwant    %s", err, tc.want)
			}
			var se *SyntaxError
			var de *DocError
			if !errors.As(err, &se) && !errors.As(err, &de) {
				t.Errorf("error %T is neither *SyntaxError nor *DocError", err)
			}
		})
	}
}

func parseReq(b []byte) error  { _, err := ParsePingRequest(b); return err }
func parseResp(b []byte) error { _, err := ParsePingResponse(b); return err }

func TestPingStatusString(t *testing.T) {
	for s, want := range map[PingStatus]string{
		1: "expired, no changes", 2: "changes", 3: "missing parameters", 4: "syntax error",
		5: "heartbeat out of range", 6: "too many folders", 7: "folder sync needed",
		8: "server error", 9: "unknown status 9", 142: "device not provisioned",
	} {
		if got := s.String(); got != want {
			t.Errorf("PingStatus(%d).String() = %q, want %q", int(s), got, want)
		}
	}
	if !StatusPolicyRefresh.NeedsProvisioning() || PingServerError.NeedsProvisioning() {
		t.Error("NeedsProvisioning wrong")
	}
}

func TestEncodePingErrors(t *testing.T) {
	if _, err := EncodePingRequest(PingRequest{HeartbeatInterval: -1}); err == nil ||
		err.Error() != "encode ping request: negative HeartbeatInterval -1" {
		t.Errorf("error = %v", err)
	}
	if _, err := EncodePingResponse(PingResponse{}); err == nil {
		t.Error("zero status encoded without error")
	}
}
