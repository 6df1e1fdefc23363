package topology

import _ "embed"

// Example is an annotated topology that `hopaudit init` writes: the path
// of the seed article with F5 and SEG defaults, so that check has
// something to say.
//
//go:embed example.yaml
var Example []byte
