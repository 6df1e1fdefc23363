package hops

import (
	"fmt"
	"time"
)

// awsALB: Application Load Balancer, a full proxy.
var awsALB = Profile{
	Kind:     "aws-alb",
	Title:    "AWS Application Load Balancer",
	Carriage: Terminates,
	Timers: []Timer{{
		Key: "idle", Setting: "idle_timeout.timeout_seconds", Unit: time.Second,
		Meaning: "connection idle timeout of the load balancer",
		Default: 60 * time.Second, Min: time.Second, Max: 4000 * time.Second,
		Source: "AWS ELB docs, Application Load Balancer attributes (DOMAIN.md §4)",
		Idle:   true, OnExpiry: Close,
		Set: func(h Hop, d time.Duration) Change {
			return Change{Tool: "aws", Commands: []string{fmt.Sprintf(
				"aws elbv2 modify-load-balancer-attributes --load-balancer-arn %s --attributes Key=idle_timeout.timeout_seconds,Value=%s",
				h.Str("arn", "<alb-arn>"), Seconds(d))}}
		},
	}},
	Settings: []Setting{{Key: "arn", Meaning: "load balancer ARN", Type: "string"}},
}

// awsNLB: Network Load Balancer, forwards the connection.
var awsNLB = Profile{
	Kind:     "aws-nlb",
	Title:    "AWS Network Load Balancer",
	Carriage: Forwards,
	Timers: []Timer{{
		Key: "tcp_idle", Setting: "tcp.idle_timeout.seconds (listener)", Unit: time.Second,
		Meaning: "TCP flow idle timeout of the listener",
		Default: 350 * time.Second, Min: 60 * time.Second, Max: 6000 * time.Second,
		Source: "AWS ELB docs, Network Load Balancer listener attributes (DOMAIN.md §4): silent, the next packet gets a RST",
		Idle:   true, OnExpiry: SilentDrop,
		Set: func(h Hop, d time.Duration) Change {
			return Change{Tool: "aws", Commands: []string{fmt.Sprintf(
				"aws elbv2 modify-listener-attributes --listener-arn %s --attributes Key=tcp.idle_timeout.seconds,Value=%s",
				h.Str("listener_arn", "<listener-arn>"), Seconds(d))}}
		},
	}},
	Settings: []Setting{{Key: "listener_arn", Meaning: "TCP listener ARN", Type: "string"}},
}

// azureLB: Azure Load Balancer, forwards the connection.
var azureLB = Profile{
	Kind:     "azure-lb",
	Title:    "Azure Load Balancer",
	Carriage: Forwards,
	Timers: []Timer{{
		Key: "idle", Setting: "IdleTimeoutInMinutes", Unit: time.Minute,
		Meaning: "idle timeout of the load-balancing rule",
		Default: 4 * time.Minute, Min: 4 * time.Minute, Max: 100 * time.Minute,
		Source: "Azure Load Balancer docs, TCP idle timeout (DOMAIN.md §4): silent unless EnableTcpReset",
		Idle:   true, OnExpiry: SilentDrop,
		Set: func(h Hop, d time.Duration) Change {
			return Change{Tool: "az", Commands: []string{fmt.Sprintf(
				"az network lb rule update --resource-group %s --lb-name %s --name %s --idle-timeout %s --enable-tcp-reset true",
				h.Str("resource_group", "<rg>"), h.Str("lb_name", "<lb>"), h.Str("rule", "<rule>"), Minutes(d))},
				Note: "--enable-tcp-reset makes expiry visible to both sides at once instead of a silent drop"}
		},
	}},
	Settings: []Setting{
		{Key: "resource_group", Meaning: "resource group", Type: "string"},
		{Key: "lb_name", Meaning: "load balancer name", Type: "string"},
		{Key: "rule", Meaning: "load-balancing rule name", Type: "string"},
		{Key: "tcp_reset", Meaning: "EnableTcpReset on the rule", Type: "bool"},
	},
	Notes: "With EnableTcpReset the load balancer sends RST both ways at expiry; without it the flow is dropped silently.",
}

// gcpLB: Google Cloud backend service (external Application Load Balancer).
var gcpLB = Profile{
	Kind:     "gcp-lb",
	Title:    "Google Cloud load balancer backend service",
	Carriage: Terminates,
	Timers: []Timer{{
		Key: "backend_timeout", Setting: "timeoutSec", Unit: time.Second,
		Meaning: "time the load balancer waits for the backend to answer a request",
		Default: 30 * time.Second,
		Source:  "GCP backend service docs, timeoutSec (DOMAIN.md §4)",
		Idle:    true, OnExpiry: Answer5xx,
		Set: func(h Hop, d time.Duration) Change {
			return Change{Tool: "gcloud", Commands: []string{fmt.Sprintf(
				"gcloud compute backend-services update %s --global --timeout=%ss",
				h.Str("backend_service", "<backend-service>"), Seconds(d))}}
		},
	}},
	Settings: []Setting{{Key: "backend_service", Meaning: "backend service name", Type: "string"}},
}

// citrixADC: Citrix ADC / NetScaler, a full proxy.
var citrixADC = Profile{
	Kind:     "citrix-adc",
	Title:    "Citrix ADC (NetScaler)",
	Carriage: Terminates,
	Timers: []Timer{
		{
			Key: "client_timeout", Setting: "lb vserver -cltTimeout", Unit: time.Second,
			Meaning: "idle time of a client connection on the virtual server",
			Default: 180 * time.Second,
			Source:  "Citrix docs: cltTimeout 180 s for HTTP, 9000 s for TCP (DOMAIN.md §4)",
			Idle:    true, OnExpiry: Close,
			Set: func(h Hop, d time.Duration) Change {
				return Change{Tool: "NetScaler CLI", Commands: []string{
					fmt.Sprintf("set lb vserver %s -cltTimeout %s", h.Str("vserver", "<vserver>"), Seconds(d)), "save ns config"}}
			},
		},
		{
			Key: "server_timeout", Setting: "service -svrTimeout", Unit: time.Second,
			Meaning: "idle time of a server connection of the service",
			Default: 360 * time.Second, Assumed: true,
			Source: "Citrix docs (DOMAIN.md §4 gives the HTTP/TCP client defaults only); declare the real value",
			Idle:   true, OnExpiry: Close,
			Set: func(h Hop, d time.Duration) Change {
				return Change{Tool: "NetScaler CLI", Commands: []string{
					fmt.Sprintf("set service %s -svrTimeout %s", h.Str("service", "<service>"), Seconds(d)), "save ns config"}}
			},
		},
	},
	Settings: []Setting{
		{Key: "vserver", Meaning: "load-balancing virtual server", Type: "string"},
		{Key: "service", Meaning: "service (or service group) behind it", Type: "string"},
	},
}
