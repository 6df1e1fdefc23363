package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hopaudit/hopaudit/capture/gen"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr string
	}{
		{in: "123", want: 123},
		{in: "2G", want: 2 << 30},
		{in: "2GB", want: 2 << 30},
		{in: "1.5gib", want: 3 << 29},
		{in: "500M", want: 500 << 20},
		{in: "64k", want: 64 << 10},
		{in: "", wantErr: `"" is not a size such as 500M or 2G`},
		{in: "-1G", wantErr: `"-1G" is not a size such as 500M or 2G`},
		{in: "2X", wantErr: `"2X" is not a size such as 500M or 2G`},
		{in: "G", wantErr: `"G" is not a size such as 500M or 2G`},
	}
	for _, tt := range tests {
		got, err := parseSize(tt.in)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("parseSize(%q) = %d, %v; want error %s", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

// TestSizeTarget checks that -size lands within 5% of the target.
func TestSizeTarget(t *testing.T) {
	const target = 8 << 20
	path := filepath.Join(t.TempDir(), "s.pcap")
	if code := run([]string{"-o", path, "-devices", "300", "-size", "8M"}); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if d := float64(st.Size())/target - 1; d > 0.05 || d < -0.05 {
		t.Errorf("%d bytes for a target of %d (%.1f%% off)", st.Size(), target, 100*d)
	}
	if n, err := pingsFor(gen.Config{Devices: 300}, 8<<20); err != nil || n < calibrationPings[1] {
		t.Errorf("pingsFor = %d, %v", n, err)
	}
}
