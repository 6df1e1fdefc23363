package serve

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseHold(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    time.Duration
		wantErr string
	}{
		{"300", 300 * time.Second, ""},
		{"2.5", 2500 * time.Millisecond, ""},
		{" 5m ", 5 * time.Minute, ""},
		{"1m30s", 90 * time.Second, ""},
		{"0", 0, ""},
		{"", 0, "empty hold"},
		{"-1", 0, `hold "-1": out of range`},
		{"-5s", 0, `hold "-5s": negative`},
		{"NaN", 0, `hold "NaN": out of range`},
		{"1e300", 0, `hold "1e300": out of range`},
		{"soon", 0, `hold "soon": want seconds or a duration like 5m`},
	} {
		got, err := ParseHold(tc.in)
		if tc.wantErr != "" {
			if err == nil || err.Error() != tc.wantErr {
				t.Errorf("ParseHold(%q) error = %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("ParseHold(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

// ping480 is DOMAIN.md's minimal Ping: heartbeat 480, folder 5.
var ping480 = []byte("\x03\x01\x6A\x00\x00\x0D\x45\x48\x03480\x00\x01\x49\x4A\x4B\x035\x00\x01\x4C\x03Email\x00\x01\x01\x01\x01")

func TestPingHeartbeat(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		want int
		ok   bool
	}{
		{"minimal ping", ping480, 480, true},
		{"string table skipped", []byte("\x03\x01\x6A\x02ab\x00\x0D\x45\x48\x0360\x00\x01\x01"), 60, true},
		{"opaque skipped", []byte("\x03\x01\x6A\x00\x00\x0D\x45\xC3\x02zz\x48\x0399\x00\x01\x01"), 99, true},
		{"status answer has none", PingStatus1, 0, false},
		{"wrong page", []byte("\x03\x01\x6A\x00\x00\x07\x45\x48\x03480\x00\x01\x01"), 0, false},
		{"not a number", []byte("\x03\x01\x6A\x00\x00\x0D\x45\x48\x03abc\x00\x01\x01"), 0, false},
		{"unterminated string", []byte("\x03\x01\x6A\x00\x00\x0D\x45\x48\x03480"), 0, false},
		{"empty", nil, 0, false},
		{"truncated header", []byte{0x03, 0x81}, 0, false},
		{"huge string table", []byte{0x03, 0x01, 0x6A, 0x8F, 0xFF, 0xFF, 0xFF, 0x7F}, 0, false},
	} {
		got, ok := PingHeartbeat(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: PingHeartbeat = %d, %v; want %d, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

func FuzzPingHeartbeat(f *testing.F) {
	f.Add(ping480)
	f.Add(PingStatus1)
	f.Fuzz(func(t *testing.T, b []byte) {
		if n, ok := PingHeartbeat(b); ok && n < 0 {
			t.Fatalf("negative heartbeat %d", n)
		}
	})
}

func TestEventText(t *testing.T) {
	e := Event{
		Arrived: time.Date(2026, 11, 25, 2, 40, 0, 123e6, time.UTC), Peer: "198.51.100.7:40000",
		Method: "POST", Path: "/Microsoft-Server-ActiveSync?Cmd=Ping", HoldS: 300, Outcome: RST, AfterS: 299.98,
	}
	var b bytes.Buffer
	if err := e.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	const want = "2026-11-25T02:40:00.123Z peer=198.51.100.7:40000 http POST /Microsoft-Server-ActiveSync?Cmd=Ping hold=300.000s rst after=299.980s\n"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
}

func TestValidate(t *testing.T) {
	err := Options{CertFile: "c.pem", LogFormat: "xml"}.validate()
	want := strings.Join([]string{
		"no listener: set an HTTP or HTTPS address",
		"certificate and key must be given together",
		`log format "xml": want text or json`,
	}, "\n")
	if err == nil || err.Error() != want {
		t.Errorf("validate = %v, want %q", err, want)
	}
}

func TestLoadTLSFromFiles(t *testing.T) {
	cert, err := SelfSigned()
	if err != nil {
		t.Fatal(err)
	}
	key, err := x509.MarshalPKCS8PrivateKey(cert.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "c.pem"), filepath.Join(dir, "k.pem")
	_ = os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]}), 0o600)
	_ = os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: key}), 0o600)
	conf, fp, err := loadTLS(certFile, keyFile)
	if err != nil || len(conf.Certificates) != 1 || len(fp) != 64 {
		t.Fatalf("loadTLS = %v, %q, %v", conf, fp, err)
	}
	_, _, err = loadTLS(filepath.Join(dir, "missing.pem"), keyFile)
	if err == nil || !strings.HasPrefix(err.Error(), "load certificate "+filepath.Join(dir, "missing.pem")+": ") {
		t.Errorf("missing file error = %v", err)
	}
}
