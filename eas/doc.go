// Package eas is the Exchange ActiveSync codec shared by the capture analyzer,
// the live prober and the test responder.
//
// It holds:
//
//   - a WBXML decoder and encoder for the subset ActiveSync uses
//     ([MS-ASWBXML]; WBXML 1.3 with no string table and no attributes),
//     with names for code pages 0 AirSync, 7 FolderHierarchy, 13 Ping and
//     14 Provision;
//   - the Ping, FolderSync and Provision command bodies ([MS-ASCMD],
//     [MS-ASPROV]);
//   - the request query string in its plain and base64 forms ([MS-ASHTTP]
//     section 2.2.1.1.1);
//   - small, truncation-tolerant parsers for HTTP/1.1 request and response
//     heads as they appear in captured snippets;
//   - an ActiveSync client for live probes (Client), with a fake Exchange
//     server for tests in the eastest sub-package.
//
// Parsers never panic on bad input: they return errors that name the byte
// offset, typed where callers branch (*SyntaxError, *DocError, *QueryError,
// ErrNotHTTP). Values decoded from WBXML are copied into strings, so results
// never alias the caller's buffer unless a field's doc says so.
//
// [MS-ASWBXML]: https://learn.microsoft.com/en-us/openspecs/exchange_server_protocols/ms-aswbxml
// [MS-ASCMD]: https://learn.microsoft.com/en-us/openspecs/exchange_server_protocols/ms-ascmd
// [MS-ASPROV]: https://learn.microsoft.com/en-us/openspecs/exchange_server_protocols/ms-asprov
// [MS-ASHTTP]: https://learn.microsoft.com/en-us/openspecs/exchange_server_protocols/ms-ashttp
package eas
