package hops

import (
	"fmt"
	"time"
)

// client is the device side: it opens the connection and sends the Ping.
var client = Profile{
	Kind:     "client",
	Title:    "mobile devices (ActiveSync clients)",
	Carriage: Endpoint,
	Notes:    "Clients shrink their heartbeat after a Ping is cut and retry; some iOS versions reload the mailbox after a series of HTTP 500s (DOMAIN.md §6).",
}

// exchange is the server that must end every long-poll.
var exchange = Profile{
	Kind:     "exchange",
	Title:    "Exchange Client Access (IIS, Microsoft-Server-ActiveSync)",
	Carriage: Endpoint,
	Timers: []Timer{
		{
			Key: "max_heartbeat", Setting: "MaxHeartbeatInterval", Unit: time.Second,
			Meaning:  "longest Ping heartbeat the server grants; it answers 200 Status 1 when it runs out",
			Default:  3540 * time.Second,
			Source:   "Exchange event 1009 (MSExchange ActiveSync InvalidHbiLimits): default maximum 3540 s, minimum 60 s (DOMAIN.md §2)",
			OnExpiry: Answers,
			Set:      exchangeWebConfig("MaxHeartbeatInterval"),
		},
		{
			Key: "min_heartbeat", Setting: "MinHeartbeatInterval", Unit: time.Second,
			Meaning:  "shortest Ping heartbeat the server accepts (shorter gets Ping Status 5)",
			Default:  60 * time.Second,
			Source:   "Exchange event 1009 (MSExchange ActiveSync InvalidHbiLimits): default minimum 60 s (DOMAIN.md §2)",
			OnExpiry: Answers,
			Set:      exchangeWebConfig("MinHeartbeatInterval"),
		},
	},
	Notes: "The server answers at the heartbeat; every box on the path must stay open longer. IIS connectionTimeout (120 s) does not govern a held Ping (DOMAIN.md §3).",
}

func exchangeWebConfig(key string) func(Hop, time.Duration) Change {
	return func(h Hop, d time.Duration) Change {
		return Change{
			Tool: "PowerShell",
			Commands: []string{
				`$cfg = Join-Path $env:ExchangeInstallPath 'ClientAccess\Sync\web.config'`,
				fmt.Sprintf(`if (-not (Select-String -Path $cfg -SimpleMatch 'key="%s"')) { throw "%s is not in ${cfg}: add it under appSettings by hand" }`, key, key),
				`Copy-Item $cfg ("$cfg." + (Get-Date -Format yyyyMMddHHmmss) + ".bak")`,
				fmt.Sprintf(`(Get-Content $cfg) -replace '(key="%s" value=")\d+(")', '${1}%s${2}' | Set-Content -Encoding UTF8 $cfg`, key, Seconds(d)),
				`Restart-WebAppPool MSExchangeSyncAppPool`,
			},
			Note: fmt.Sprintf("on every Exchange server of %s that runs the ActiveSync back end (the Sync virtual directory's web.config, appSettings); the path and key names follow Exchange event 1009 and common practice, not a Microsoft page: check them on one server first; keep MinHeartbeatInterval below MaxHeartbeatInterval or Exchange falls back to 60/3540 s (event 1009)", nameOr(h.Name, "the Exchange hop")),
		}
	}
}

func nameOr(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
