package eas

import (
	"bytes"
	"fmt"
)

// El returns an element node with the given children.
func El(t Tag, children ...*Node) *Node { return &Node{Tag: t, Children: children} }

// Str returns an element node whose content is the string s (encoded as
// STR_I, so s must not contain NUL).
func Str(t Tag, s string) *Node { return &Node{Tag: t, Text: []byte(s)} }

// Encode writes root as an ActiveSync WBXML document: Header, then the tree,
// switching code pages only when a tag's page differs from the current one
// (the initial page is 0). An element with neither text nor children is
// written without the content bit. Text goes out as one STR_I, or as one
// OPAQUE when Node.Opaque is set. Errors: a tag token outside 0x05..0x3F,
// NUL in non-opaque text, nesting deeper than MaxDepth, a nil node.
func Encode(root *Node) ([]byte, error) {
	e := encoder{}
	e.buf.Write(Header)
	if err := e.node(root, 0); err != nil {
		return nil, err
	}
	return e.buf.Bytes(), nil
}

type encoder struct {
	buf  bytes.Buffer
	page byte
}

func (e *encoder) node(n *Node, depth int) error {
	if n == nil {
		return fmt.Errorf("wbxml encode: nil element")
	}
	if depth >= MaxDepth {
		return fmt.Errorf("wbxml encode: %v: elements nested deeper than %d", n.Tag, MaxDepth)
	}
	if tok := n.Tag.Token(); tok < 0x05 || tok > 0x3F {
		return fmt.Errorf("wbxml encode: %v: tag token 0x%02x outside 0x05..0x3f", n.Tag, tok)
	}
	if p := n.Tag.Page(); p != e.page {
		e.buf.WriteByte(tokSwitchPage)
		e.buf.WriteByte(p)
		e.page = p
	}
	hasContent := len(n.Text) > 0 || len(n.Children) > 0 || n.Opaque
	if !hasContent {
		e.buf.WriteByte(n.Tag.Token())
		return nil
	}
	e.buf.WriteByte(n.Tag.Token() | bitContent)
	if err := e.text(n); err != nil {
		return err
	}
	for _, c := range n.Children {
		if err := e.node(c, depth+1); err != nil {
			return err
		}
	}
	e.buf.WriteByte(tokEnd)
	return nil
}

func (e *encoder) text(n *Node) error {
	if n.Opaque {
		if uint64(len(n.Text)) > 0xFFFFFFFF {
			return fmt.Errorf("wbxml encode: %v: opaque data of %d bytes is too long", n.Tag, len(n.Text))
		}
		e.buf.WriteByte(tokOpaque)
		e.mbUint32(uint32(len(n.Text)))
		e.buf.Write(n.Text)
		return nil
	}
	if len(n.Text) == 0 {
		return nil
	}
	if bytes.IndexByte(n.Text, 0) >= 0 {
		return fmt.Errorf("wbxml encode: %v: text contains NUL", n.Tag)
	}
	e.buf.WriteByte(tokStrI)
	e.buf.Write(n.Text)
	e.buf.WriteByte(0)
	return nil
}

// mbUint32 writes v as a WBXML multi-byte integer, most significant group
// first.
func (e *encoder) mbUint32(v uint32) {
	var tmp [5]byte
	i := len(tmp) - 1
	tmp[i] = byte(v & 0x7F)
	for v >>= 7; v > 0; v >>= 7 {
		i--
		tmp[i] = byte(v&0x7F) | 0x80
	}
	e.buf.Write(tmp[i:])
}
