package eas

import (
	"fmt"
	"strconv"
)

// decodeRoot decodes body and checks that its root element is want.
func decodeRoot(doc string, body []byte, want Tag) (*Node, error) {
	if len(body) == 0 {
		return nil, docErr(doc, -1, "empty body")
	}
	root, err := Decode(body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", doc, err)
	}
	if root.Tag != want {
		return nil, docErr(doc, root.Offset, "root element is %v, want %v", root.Tag, want)
	}
	return root, nil
}

// maxNumberDigits bounds the decimal numbers read from documents (status
// codes, intervals, folder types); 9 digits cannot overflow an int32.
const maxNumberDigits = 9

// nodeUint reads n's text as a non-negative decimal number of at most
// maxNumberDigits digits.
func nodeUint(doc string, n *Node) (int, error) {
	s := n.Text
	if len(s) == 0 || len(s) > maxNumberDigits {
		return 0, docErr(doc, n.Offset, "%s %q is not a decimal number of 1 to %d digits", n.Tag, clip(s), maxNumberDigits)
	}
	v := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, docErr(doc, n.Offset, "%s %q is not a decimal number of 1 to %d digits", n.Tag, clip(s), maxNumberDigits)
		}
		v = v*10 + int(c-'0')
	}
	return v, nil
}

// childText returns the text of n's first child with tag t as a string, and
// whether that child exists.
func childText(n *Node, t Tag) (string, bool) {
	c := n.Child(t)
	if c == nil {
		return "", false
	}
	return string(c.Text), true
}

// clip shortens a quoted value in an error message to 32 bytes.
func clip(b []byte) string {
	const max = 32
	if len(b) > max {
		return string(b[:max]) + "..."
	}
	return string(b)
}

func itoa(v int) string { return strconv.Itoa(v) }
