package main

import (
	"net/http/httptest"
	"testing"
	"time"
)

func TestHeartbeat(t *testing.T) {
	ping := func(hb string) []byte {
		b := []byte{0x03, 0x01, 0x6A, 0x00, 0x00, 0x0D, 0x45, 0x48, 0x03}
		b = append(b, hb...)
		return append(b, 0x00, 0x01, 0x01)
	}
	tests := []struct {
		name   string
		in     []byte
		want   time.Duration
		wantOK bool
	}{
		{"480", ping("480"), 480 * time.Second, true},
		{"20", ping("20"), 20 * time.Second, true},
		{"not a number", ping("x1"), 0, false},
		{"no wbxml header", []byte("480"), 0, false},
		{"no heartbeat", []byte{0x03, 0x01, 0x6A, 0x00, 0x00, 0x0D, 0x45, 0x01}, 0, false},
		{"unterminated", []byte{0x03, 0x01, 0x6A, 0x00, 0x48, 0x03, '4'}, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := heartbeat(tt.in)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("heartbeat = %v, %v; want %v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestPlan(t *testing.T) {
	h := &handler{maxHold: 30 * time.Second}
	body := []byte{0x03, 0x01, 0x6A, 0x00, 0x00, 0x0D, 0x45, 0x48, 0x03, '2', '0', 0x00, 0x01, 0x01}
	tests := []struct {
		query string
		want  plan
	}{
		{"", plan{hold: 20 * time.Second}},
		{"hold=5", plan{hold: 5 * time.Second}},
		{"hold=500", plan{hold: 30 * time.Second}},
		{"close=3", plan{hold: 20 * time.Second, end: 3 * time.Second, close: true}},
		{"reset=1.5", plan{hold: 20 * time.Second, end: 1500 * time.Millisecond, reset: true}},
		{"hold=-1", plan{hold: 20 * time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/Microsoft-Server-ActiveSync?Cmd=Ping&"+tt.query, nil)
			if got := h.plan(r, body); got != tt.want {
				t.Errorf("plan = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func FuzzHeartbeat(f *testing.F) {
	f.Add([]byte{0x03, 0x01, 0x6A, 0x00, 0x00, 0x0D, 0x45, 0x48, 0x03, '2', '0', 0x00, 0x01, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		if d, ok := heartbeat(b); ok && d < 0 {
			t.Fatalf("negative heartbeat %v", d)
		}
	})
}
