package cli

import (
	"fmt"
	"time"

	"github.com/hopaudit/hopaudit/serve"
	"github.com/spf13/cobra"
)

func newServeCmd(f *Factory) *cobra.Command {
	o := serve.Options{}
	var format string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Answer held POSTs (ActiveSync Pings too) at the end of the path, and log how each ended",
		Long: fmt.Sprintf(`serve is a responder to place where the path ends (a test pool member behind
the VIP, or behind the gateway). It holds each POST for the seconds the request
asks (query parameter %q or header %q; an ActiveSync Ping without either is
held for its HeartbeatInterval), capped by --max-hold, then answers 200 (a WBXML
Ping Status 1 body on /Microsoft-Server-ActiveSync). To stand in for a server
that gives up early, %q ends the held request with a FIN and %q with a RST
after that many seconds, without answering. Each request is logged from
the server's side: the peer address it really came from (the SNAT or proxy
address), when it arrived, and how it ended: answered, or closed early by the
upstream with FIN or RST, after how long. Keep-alive is off; SIGINT or SIGTERM
shuts it down cleanly.`, serve.HoldParam, serve.HoldHeader, serve.CloseParam+"=SECONDS", serve.ResetParam+"=SECONDS"),
		Example: `  hopaudit serve --http :8080
  hopaudit serve --https :8443 --cert cert.pem --key key.pem --log-format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.LogFormat = serve.LogFormat(format)
			if o.HTTPAddr == "" && o.HTTPSAddr == "" {
				return usagef("give --http ADDR, --https ADDR or both")
			}
			if (o.CertFile == "") != (o.KeyFile == "") {
				return usagef("--cert and --key go together (neither: a self-signed certificate is generated)")
			}
			if o.LogFormat != serve.LogText && o.LogFormat != serve.LogJSON {
				return usagef("--log-format must be text or json, not %q", format)
			}
			return serve.Run(cmd.Context(), o, f.IO.Out)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.HTTPAddr, "http", "", "plain HTTP listen `ADDR` (host:port; :0 picks a port)")
	fl.StringVar(&o.HTTPSAddr, "https", "", "HTTPS listen `ADDR`")
	fl.StringVar(&o.CertFile, "cert", "", "PEM certificate `FILE` for HTTPS")
	fl.StringVar(&o.KeyFile, "key", "", "PEM key `FILE` for HTTPS")
	fl.DurationVar(&o.MaxHold, "max-hold", serve.DefaultMaxHold, "longest hold any request may ask for")
	fl.IntVar(&o.MaxConns, "max-conns", 0, "connections served at once (default 512; more get 503)")
	fl.DurationVar(&o.ShutdownGrace, "shutdown-grace", 5*time.Second, "how long shutdown waits")
	fl.StringVar(&format, "log-format", "text", "log lines: text or json")
	return cmd
}
