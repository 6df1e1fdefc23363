package eas

import (
	"encoding/base64"
	"errors"
	"reflect"
	"testing"
)

func TestParseQuery(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Query
	}{
		{"plain MS-ASHTTP 4.1", "Cmd=FolderSync&User=fakename&DeviceId=v140Device&DeviceType=SmartPhone",
			Query{Cmd: "FolderSync", User: "fakename", DeviceID: "v140Device", DeviceType: "SmartPhone"}},
		{"plain ping with IIS log and escapes", "User=CONTOSO%5Calice&DeviceId=ApplF17XK0ABCD&DeviceType=iPhone&Cmd=Ping&Log=V141_Hb1680",
			Query{Cmd: "Ping", User: `CONTOSO\alice`, DeviceID: "ApplF17XK0ABCD", DeviceType: "iPhone"}},
		{"plain case-insensitive keys and command", "cmd=PING&user=bob&deviceid=d1&devicetype=Android",
			Query{Cmd: "Ping", User: "bob", DeviceID: "d1", DeviceType: "Android"}},
		{"plain send mail params", "Cmd=SmartReply&ItemId=5%3A12&CollectionId=5&SaveInSent=T",
			Query{Cmd: "SmartReply", ItemID: "5:12", CollectionID: "5", Options: OptionSaveInSent}},
		{"plain empty cmd value last", "User=x&Cmd=Ping&",
			Query{Cmd: "Ping", User: "x"}},
		// [MS-ASHTTP] section 2.2.1.1.1.1's own example.
		{"base64 MS-ASHTTP example", "jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l",
			Query{Cmd: "Sync", DeviceID: "v140Device", DeviceType: "SmartPhone", ProtocolVersion: "14.0", Encoded: true, Locale: 0x0409}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseQuery(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ParseQuery = %+v\nwant         %+v", got, tc.want)
			}
		})
	}
}

func TestBase64QueryRoundTrip(t *testing.T) {
	q := Query{Cmd: "Ping", User: "alice@contoso.example", DeviceID: "ApplF17XK0ABCD", DeviceType: "iPhone",
		ProtocolVersion: "14.1", PolicyKey: "3942919513", Encoded: true, Locale: 0x0409}
	s, err := EncodeQueryBase64(q)
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range []string{s, escapeBase64(s)} {
		got, err := ParseQuery(raw)
		if err != nil || !reflect.DeepEqual(got, q) {
			t.Errorf("ParseQuery(%s) = %+v, %v\nwant %+v", raw, got, err, q)
		}
	}
	// The MS-ASHTTP example encodes back to the same string.
	ex := Query{Cmd: "Sync", DeviceID: "v140Device", DeviceType: "SmartPhone", ProtocolVersion: "14.0", Locale: 0x0409}
	if s, err := EncodeQueryBase64(ex); err != nil || s != "jAAJBAp2MTQwRGV2aWNlAApTbWFydFBob25l" {
		t.Errorf("EncodeQueryBase64(example) = %q, %v", s, err)
	}
	// Binary device id (GUID) is shown in hex; the ping command code is 18.
	raw := []byte{141, 18, 0x09, 0x04, 2, 0x00, 0xff, 0, 3, 'W', 'P', '8', 8, 1, 'u', 7, 1, 1}
	got, err := ParseQuery(b64(raw))
	want := Query{Cmd: "Ping", DeviceID: "00ff", DeviceType: "WP8", User: "u", ProtocolVersion: "14.1", Encoded: true, Locale: 0x0409, Options: 1}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("binary id: %+v, %v", got, err)
	}
}

func escapeBase64(s string) string {
	out := []byte{}
	for _, c := range []byte(s) {
		switch c {
		case '+':
			out = append(out, "%2B"...)
		case '/':
			out = append(out, "%2F"...)
		case '=':
			out = append(out, "%3D"...)
		default:
			out = append(out, c)
		}
	}
	return string(out)
}

func TestParseQueryErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", "query: empty"},
		{"no cmd", "User=a&DeviceId=b", "query: no Cmd parameter"},
		{"bad escape", "Cmd=Ping&User=a%zz", "query: offset 14: User: bad escape in \"a%zz\""},
		{"not base64", "abc$", "base64 query: not base64 at character 3"},
		{"bad percent", "ab%zz", "base64 query: invalid URL escape \"%zz\""},
		{"short", b64([]byte{141, 18}), "base64 query: offset 0: version, command code and locale needs 4 bytes, 2 left"},
		{"unknown code", b64([]byte{141, 7, 9, 4, 0, 0, 0}), "base64 query: offset 1: unknown command code 7"},
		{"device id cut", b64([]byte{141, 18, 9, 4, 9, 'a'}), "base64 query: offset 5: device id needs 9 bytes, 1 left"},
		{"policy key len", b64([]byte{141, 18, 9, 4, 0, 2, 1, 2, 0}), "base64 query: offset 5: policy key length 2, want 0 or 4"},
		{"no device type", b64([]byte{141, 18, 9, 4, 0, 0}), "base64 query: offset 6: device type length needs 1 bytes, 0 left"},
		{"param cut", b64([]byte{141, 18, 9, 4, 0, 0, 0, 8, 5, 'a'}), "base64 query: offset 9: parameter 8 needs 5 bytes, 1 left"},
		{"options len", b64([]byte{141, 18, 9, 4, 0, 0, 0, 7, 2, 1, 1}), "base64 query: offset 8: Options length 2, want 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseQuery(tc.in)
			if err == nil || err.Error() != tc.want {
				t.Fatalf("error = %v\nwant    %s", err, tc.want)
			}
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Errorf("error %T is not a *QueryError", err)
			}
		})
	}
}

func TestEncodeQuery(t *testing.T) {
	q := Query{Cmd: "Ping", User: `CONTOSO\alice`, DeviceID: "dev1", DeviceType: "hopaudit"}
	if got, want := EncodeQueryPlain(q), "Cmd=Ping&User=CONTOSO%5Calice&DeviceId=dev1&DeviceType=hopaudit"; got != want {
		t.Errorf("EncodeQueryPlain = %q, want %q", got, want)
	}
	for _, tc := range []struct {
		q    Query
		want string
	}{
		{Query{Cmd: "Nope", ProtocolVersion: "14.1"}, `encode base64 query: unknown command "Nope"`},
		{Query{Cmd: "Ping", ProtocolVersion: "14"}, `encode base64 query: protocol version "14" is not M.m (e.g. 14.1)`},
		{Query{Cmd: "Ping", ProtocolVersion: "14.1", PolicyKey: "-1"}, `encode base64 query: policy key "-1" is not a 32-bit unsigned number`},
	} {
		if _, err := EncodeQueryBase64(tc.q); err == nil || err.Error() != tc.want {
			t.Errorf("EncodeQueryBase64(%+v) error = %v, want %s", tc.q, err, tc.want)
		}
	}
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
