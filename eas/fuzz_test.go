package eas

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

func wbxmlSeeds(f *testing.F) {
	resp5, _ := EncodePingResponse(PingResponse{Status: 5, HeartbeatInterval: 60})
	fs, _ := EncodeFolderSyncResponse(FolderSyncResponse{Status: 1, SyncKey: "1", Added: []Folder{{ServerID: "5", ParentID: "0", DisplayName: "Inbox", Type: 2}}})
	prov, _ := EncodeProvisionResponse(ProvisionResponse{Status: 1, PolicyType: PolicyTypeWBXML, PolicyStatus: 1, PolicyKey: "1", PolicyData: true})
	for _, s := range [][]byte{minimalPing, pingStatus1, resp5, fs, prov,
		[]byte("\x03\x01\x6a\x00\x45\xc3\x03a\x00b\x01"), []byte("\x03\x01\x6a\x00\x85"), []byte("\x03\x01\x6a\x00\x45\x03ab\x00\x03cd\x00\x01")} {
		f.Add(s)
	}
}

// sameTree compares two trees, ignoring offsets and nil-versus-empty text.
func sameTree(a, b *Node) bool {
	if a.Tag != b.Tag || a.Opaque != b.Opaque || !bytes.Equal(a.Text, b.Text) || len(a.Children) != len(b.Children) {
		return false
	}
	for i := range a.Children {
		if !sameTree(a.Children[i], b.Children[i]) {
			return false
		}
	}
	return true
}

func FuzzWBXML(f *testing.F) {
	wbxmlSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		orig := append([]byte(nil), b...)
		root, err := Decode(b)
		if !bytes.Equal(b, orig) {
			t.Fatal("Decode modified its input")
		}
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Offset < 0 || se.Offset > len(b) {
				t.Fatalf("bad error %T %v", err, err)
			}
			return
		}
		enc, err := Encode(root)
		if err != nil {
			t.Fatalf("Encode of a decoded tree: %v", err)
		}
		again, err := Decode(enc)
		if err != nil {
			t.Fatalf("Decode(Encode(tree)): %v", err)
		}
		if !sameTree(root, again) {
			t.Fatal("tree changed across Encode/Decode")
		}
	})
}

func FuzzParsePingRequest(f *testing.F) {
	wbxmlSeeds(f)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParsePingRequest(b)
		if err != nil {
			var se *SyntaxError
			var de *DocError
			if !errors.As(err, &se) && !errors.As(err, &de) {
				t.Fatalf("untyped error %T %v", err, err)
			}
			return
		}
		enc, err := EncodePingRequest(r)
		if err != nil {
			return // an opaque Id holding NUL cannot be written as STR_I
		}
		back, err := ParsePingRequest(enc)
		if err != nil || !reflect.DeepEqual(normPing(back), normPing(r)) {
			t.Fatalf("round trip: %+v, %v; want %+v", back, err, r)
		}
	})
}

func normPing(r PingRequest) PingRequest {
	if len(r.Folders) == 0 {
		r.Folders = nil
	}
	return r
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"Cmd=FolderSync&User=fakename&DeviceId=v140Device&DeviceType=SmartPhone",
		"User=CONTOSO%5Calice&DeviceId=A&DeviceType=iPhone&Cmd=Ping&Log=V141_Hb1680",
		"Cmd=SmartReply&ItemId=5%3A12&CollectionId=5&SaveInSent=T",
		"jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l", "jRIJBAJ2MQQBAgMEAWMIAXU=", "abc$", "Cmd=",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("untyped error %T %v", err, err)
			}
			return
		}
		if q.Cmd == "" {
			t.Fatal("parsed query without Cmd")
		}
		if q.Encoded {
			return
		}
		back, err := ParseQuery(EncodeQueryPlain(q))
		if err != nil || back != q {
			t.Fatalf("plain round trip: %+v, %v; want %+v", back, err, q)
		}
	})
}

func headSeeds(f *testing.F) {
	for _, s := range []string{pingRequestHead, pingResponseHead,
		"OPTIONS /Microsoft-Server-ActiveSync HTTP/1.1\nHost: h\n\n",
		"POST /Microsoft-Server-ActiveSync?jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
		"HTTP/1.1 451 \r\nX-MS-Location: https://m/\r\nContent-Length: 0\r\n\r\n",
		"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 30\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		"\x16\x03\x01\x02\x00", "PRI * HTTP/2.0\r\n\r\n", "POST /Microsoft-Server-Act"} {
		f.Add([]byte(s))
	}
}

func checkHeadErr(t *testing.T, err error) {
	var he *HeadError
	if !errors.As(err, &he) {
		t.Fatalf("untyped error %T %v", err, err)
	}
	if errors.Is(err, ErrNotHTTP) != he.NotHTTP {
		t.Fatal("ErrNotHTTP and NotHTTP disagree")
	}
}

func checkBody(t *testing.T, in, body []byte, headDone, bodyDone bool, length int64) {
	if !headDone && body != nil {
		t.Fatal("body without a complete head")
	}
	if len(body) > 0 && !bytes.Contains(in, body) {
		t.Fatal("body is not part of the input")
	}
	if bodyDone && length >= 0 && int64(len(body)) != length {
		t.Fatalf("complete body of %d bytes, Content-Length %d", len(body), length)
	}
}

func FuzzParseRequestHead(f *testing.F) {
	headSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseRequestHead(b)
		if err != nil {
			checkHeadErr(t, err)
			return
		}
		checkBody(t, b, r.Body, r.HeadComplete, r.BodyComplete, r.ContentLength)
		if r.HasPing && !r.BodyComplete {
			t.Fatal("Ping parsed from an incomplete body")
		}
	})
}

func FuzzParseResponseHead(f *testing.F) {
	headSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseResponseHead(b)
		if err != nil {
			checkHeadErr(t, err)
			return
		}
		length := r.ContentLength
		if r.Status < 200 || r.Status == 204 || r.Status == 304 {
			length = -1 // no body whatever Content-Length says
		}
		checkBody(t, b, r.Body, r.HeadComplete, r.BodyComplete, length)
		if r.HeadComplete && (r.Status < 100 || r.Status > 999) {
			t.Fatalf("status %d", r.Status)
		}
	})
}
