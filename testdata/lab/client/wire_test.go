package main

import (
	"bytes"
	"testing"
)

// domainPing480 is the minimal Ping of DOMAIN.md section 2 (heartbeat 480,
// folder 5, class Email).
var domainPing480 = []byte{0x03, 0x01, 0x6A, 0x00, 0x00, 0x0D, 0x45, 0x48, 0x03, '4', '8', '0', 0x00, 0x01,
	0x49, 0x4A, 0x4B, 0x03, '5', 0x00, 0x01, 0x4C, 0x03, 'E', 'm', 'a', 'i', 'l', 0x00, 0x01, 0x01, 0x01, 0x01}

func TestPingBodyMatchesDomainBytes(t *testing.T) {
	if got := pingBody(480); !bytes.Equal(got, domainPing480) {
		t.Fatalf("pingBody(480) = % x\nwant            % x", got, domainPing480)
	}
}

func TestPingStatus(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"status 1", []byte{0x03, 0x01, 0x6A, 0x00, 0x00, 0x0D, 0x45, 0x47, 0x03, '1', 0x00, 0x01, 0x01}, "1"},
		{"html 504", []byte("<html>504</html>"), "-"},
		{"no status", []byte{0x03, 0x01, 0x6A, 0x00, 0x00, 0x0D, 0x45, 0x01}, "-"},
		{"unterminated", []byte{0x03, 0x01, 0x6A, 0x00, 0x47, 0x03, '2'}, "-"},
		{"empty", nil, "-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pingStatus(tt.in); got != tt.want {
				t.Errorf("pingStatus = %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzPingStatus(f *testing.F) {
	f.Add([]byte{0x03, 0x01, 0x6A, 0x00, 0x00, 0x0D, 0x45, 0x47, 0x03, '1', 0x00, 0x01, 0x01})
	f.Add(domainPing480)
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = pingStatus(b) // must not panic
	})
}
