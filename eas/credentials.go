package eas

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
)

// Credentials authenticate a Client: HTTP Basic with Username and Password,
// or a Bearer token (OAuth) when Token is set. The zero value sends no
// Authorization header.
//
// Credentials never print: String, GoString, Format (every fmt verb),
// MarshalJSON and LogValue all give a redacted summary that names the scheme
// and the user name only.
type Credentials struct {
	Username string // Basic user name: "CONTOSO\alice" or "alice@contoso.example"
	Password string
	Token    string // Bearer token; takes precedence over Basic when set
}

// BasicAuth returns Basic credentials.
func BasicAuth(username, password string) Credentials {
	return Credentials{Username: username, Password: password}
}

// BearerToken returns Bearer credentials.
func BearerToken(token string) Credentials { return Credentials{Token: token} }

// String returns a redacted summary: `basic user "alice" (password
// redacted)`, "bearer token (redacted)" or "no credentials".
func (c Credentials) String() string {
	switch {
	case c.Token != "":
		return "bearer token (redacted)"
	case c.Username != "" || c.Password != "":
		return fmt.Sprintf("basic user %q (password redacted)", c.Username)
	}
	return "no credentials"
}

// GoString returns the same redacted summary as String, for %#v.
func (c Credentials) GoString() string { return "eas.Credentials{" + c.String() + "}" }

// Format writes the redacted summary for every verb, so no fmt verb can
// reach the secret fields.
func (c Credentials) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, c.GoString())
		return
	}
	_, _ = io.WriteString(f, c.String())
}

// MarshalJSON encodes the redacted summary as a JSON string.
func (c Credentials) MarshalJSON() ([]byte, error) { return json.Marshal(c.String()) }

// LogValue makes log/slog print the redacted summary.
func (c Credentials) LogValue() slog.Value { return slog.StringValue(c.String()) }

// apply sets the Authorization header on req.
func (c Credentials) apply(req *http.Request) {
	switch {
	case c.Token != "":
		req.Header.Set("Authorization", "Bearer "+c.Token)
	case c.Username != "" || c.Password != "":
		req.SetBasicAuth(c.Username, c.Password)
	}
}
