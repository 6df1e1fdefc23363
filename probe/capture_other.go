//go:build !linux

package probe

import (
	"fmt"
	"runtime"
)

// capturer is not available off Linux.
type capturer struct{}

// startCapture reports that live capture needs Linux.
func startCapture(string, endpointSet) (*capturer, error) {
	return nil, fmt.Errorf("%w (this is %s)", ErrCaptureUnsupported, runtime.GOOS)
}

func (c *capturer) stop() (CaptureInfo, error) { return CaptureInfo{}, nil }
