package hops

import (
	"fmt"
	"time"
)

// seg is the Workspace ONE / AirWatch Secure Email Gateway (classic, on
// IIS): a reverse proxy in front of Exchange.
var seg = Profile{
	Kind:     "seg",
	Title:    "Workspace ONE / AirWatch Secure Email Gateway (classic, IIS)",
	Carriage: Terminates,
	Timers: []Timer{
		{
			Key: "eas_request", Setting: "easRequestTimeout (appSettings, minutes)", Unit: time.Minute,
			Meaning: "time after which the SEG aborts a proxied EAS request to Exchange",
			Default: 15 * time.Minute, Assumed: true,
			Source: "seed article (AirWatch-Specific Optimization); unconfirmed by the vendor (DOMAIN.md §4)",
			Idle:   true, OnExpiry: Abort,
			Set: func(h Hop, d time.Duration) Change {
				return segWebConfig(h, fmt.Sprintf(`<add key="easRequestTimeout" value="%s" />`, Minutes(d)), "appSettings")
			},
		},
		{
			Key: "execution", Setting: "httpRuntime executionTimeout (seconds)", Unit: time.Second,
			Meaning: "ASP.NET limit on how long a request may execute in the SEG listener; must exceed eas_request",
			// ASP.NET HttpRuntimeSection.ExecutionTimeout default 00:01:50,
			// enforced only with compilation debug="false"; the seed article
			// sets 3000 s. Whether the SEG's web.config sets it is unknown.
			Default: 110 * time.Second, Assumed: true,
			Source: "ASP.NET default 110 s, learn.microsoft.com/dotnet/api/system.web.configuration.httpruntimesection.executiontimeout; the SEG's own value is unconfirmed (DOMAIN.md §4)",
			Idle:   true, OnExpiry: Abort, Above: "eas_request",
			Set: func(h Hop, d time.Duration) Change {
				return segWebConfig(h, fmt.Sprintf(`<httpRuntime executionTimeout="%s" />`, Seconds(d)), "httpRuntime")
			},
		},
	},
	Advise: adviseSEG,
	Notes:  `An abort shows in AW.Eas.Web.Listener.log as "The request was aborted: The request was canceled."`,
}

// segWebConfig is the web.config change for the SEG; where says which
// element the line belongs to ("appSettings" or "httpRuntime").
func segWebConfig(h Hop, line, where string) Change {
	place := "under <appSettings>: replace the existing easRequestTimeout entry, or add it"
	if where == "httpRuntime" {
		place = "under <system.web>: set the executionTimeout attribute on the existing <httpRuntime> element (a second <httpRuntime> element breaks the file)"
	}
	return Change{
		Tool:     "web.config",
		Commands: []string{line, "iisreset /noforce"},
		Note:     fmt.Sprintf("in the Web Listener's web.config on every SEG server of %s, %s; keep a copy of the file first", nameOr(h.Name, "the SEG hop"), place),
	}
}

// adviseSEG: executionTimeout must exceed easRequestTimeout (seed article).
func adviseSEG(h Hop, t map[string]time.Duration) []Advice {
	req, ok1 := t["eas_request"]
	exe, ok2 := t["execution"]
	if !ok1 || !ok2 || exe > req {
		return nil
	}
	want := req + 5*time.Minute
	c := segWebConfig(h, fmt.Sprintf(`<httpRuntime executionTimeout="%s" />`, Seconds(want)), "httpRuntime")
	return []Advice{{
		Level: "error", Key: "execution",
		Message: fmt.Sprintf("executionTimeout %s is not above easRequestTimeout %s: ASP.NET kills the request before the SEG's own timer", Dur(exe), Dur(req)),
		Change:  &c,
	}}
}
