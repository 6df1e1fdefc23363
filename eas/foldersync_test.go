package eas

import (
	"bytes"
	"reflect"
	"testing"
)

func TestFolderSyncRequestGolden(t *testing.T) {
	// <FolderSync xmlns="FolderHierarchy"><SyncKey>0</SyncKey></FolderSync>
	want := []byte("\x03\x01\x6a\x00\x00\x07\x56\x52\x030\x00\x01\x01")
	got, err := EncodeFolderSyncRequest(FolderSyncRequest{SyncKey: "0"})
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("EncodeFolderSyncRequest = % x, %v; want % x", got, err, want)
	}
	r, err := ParseFolderSyncRequest(want)
	if err != nil || r.SyncKey != "0" {
		t.Fatalf("ParseFolderSyncRequest = %+v, %v", r, err)
	}
	if _, err := EncodeFolderSyncRequest(FolderSyncRequest{}); err == nil {
		t.Error("empty sync key encoded")
	}
}

func TestFolderSyncResponseRoundTripAndInbox(t *testing.T) {
	in := FolderSyncResponse{Status: 1, SyncKey: "1", Added: []Folder{
		{ServerID: "1", ParentID: "0", DisplayName: "Calendar", Type: FolderCalendar},
		{ServerID: "5", ParentID: "0", DisplayName: "Inbox", Type: FolderInbox},
		{ServerID: "12", ParentID: "5", DisplayName: "Projects", Type: FolderUserMail},
	}}
	b, err := EncodeFolderSyncResponse(in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseFolderSyncResponse(b)
	if err != nil || !reflect.DeepEqual(got, in) {
		t.Fatalf("round trip = %+v, %v", got, err)
	}
	inbox, ok := got.Inbox()
	if !ok || inbox.ServerID != "5" {
		t.Fatalf("Inbox() = %+v, %v", inbox, ok)
	}
	if _, ok := (FolderSyncResponse{Status: 1}).Inbox(); ok {
		t.Error("Inbox found in an empty hierarchy")
	}
}

func TestFolderSyncErrors(t *testing.T) {
	hdr := "\x03\x01\x6a\x00\x00\x07"
	tests := []struct {
		name  string
		parse func([]byte) error
		in    string
		want  string
	}{
		{"req no key", func(b []byte) error { _, err := ParseFolderSyncRequest(b); return err },
			hdr + "\x16", "foldersync request: offset 6: FolderSync without SyncKey"},
		{"resp no status", func(b []byte) error { _, err := ParseFolderSyncResponse(b); return err },
			hdr + "\x56\x52\x031\x00\x01\x01", "foldersync response: offset 6: FolderSync without Status"},
		{"resp add no id", func(b []byte) error { _, err := ParseFolderSyncResponse(b); return err },
			hdr + "\x56\x4c\x031\x00\x01\x4e\x4f\x4a\x032\x00\x01\x01\x01\x01", "foldersync response: offset 13: Add without ServerId"},
		{"resp bad type", func(b []byte) error { _, err := ParseFolderSyncResponse(b); return err },
			hdr + "\x56\x4c\x031\x00\x01\x4e\x4f\x48\x035\x00\x01\x4a\x03x\x00\x01\x01\x01\x01", "foldersync response: offset 19: FolderHierarchy:Type \"x\" is not a decimal number of 1 to 9 digits"},
		{"resp wrong root", func(b []byte) error { _, err := ParseFolderSyncResponse(b); return err },
			string(pingStatus1), "foldersync response: offset 6: root element is Ping:Ping, want FolderHierarchy:FolderSync"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.parse([]byte(tc.in))
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error = %v\nwant    %s", err, tc.want)
			}
		})
	}
}
