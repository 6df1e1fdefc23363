package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// SchemaError says a JSON document is not a hopaudit result of the schema
// this program reads.
type SchemaError struct {
	// Got is the document's schema field ("" when absent).
	Got string
}

func (e *SchemaError) Error() string {
	if e.Got == "" {
		return fmt.Sprintf("not a hopaudit result: no \"schema\" field (want %q)", Schema)
	}
	return fmt.Sprintf("schema %q is not supported (want %q)", e.Got, Schema)
}

// ReadJSON reads a result written by WriteJSON. Syntax and type errors
// carry the line and column; a document of another schema gives a
// *SchemaError. Unknown fields are ignored (newer writers may add some).
func ReadJSON(r io.Reader) (*Result, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var head struct {
		Schema *string `json:"schema"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, jsonPosError(data, err)
	}
	if head.Schema == nil || *head.Schema != Schema {
		got := ""
		if head.Schema != nil {
			got = *head.Schema
		}
		return nil, &SchemaError{Got: got}
	}
	res := &Result{}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(res); err != nil {
		return nil, jsonPosError(data, err)
	}
	if tok, err := dec.Token(); err != io.EOF {
		off := dec.InputOffset()
		if err != nil {
			return nil, jsonPosError(data, err)
		}
		return nil, fmt.Errorf("%s: unexpected %v after the result", lineCol(data, off), tok)
	}
	return res, nil
}

// jsonPosError prefixes a decoding error with its line:col.
func jsonPosError(data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		// Offset counts the offending byte: point at it.
		return fmt.Errorf("%s: %w", lineCol(data, se.Offset-1), err)
	case errors.As(err, &te):
		return fmt.Errorf("%s: %w", lineCol(data, te.Offset), err)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return fmt.Errorf("%s: truncated JSON: %w", lineCol(data, int64(len(data))), err)
	}
	return err
}

// lineCol renders a byte offset as "line L:C (byte N)", 1-based.
func lineCol(data []byte, off int64) string {
	off = min(max(off, 0), int64(len(data)))
	line, col := 1, 1
	for _, c := range data[:off] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("line %d:%d (byte %d)", line, col, off)
}
