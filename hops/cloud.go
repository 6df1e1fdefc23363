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
		Meaning: "connection idle timeout of the load balancer; a target that does not answer a request within it gets the client a 504",
		// AWS API reference LoadBalancerAttribute: 1-4000 s, default 60. A
		// target that stays silent past the idle timeout gets the client a
		// 504 from the ALB (AWS Knowledge Center), so a held Ping ends in 504.
		Default: 60 * time.Second, Min: time.Second, Max: 4000 * time.Second,
		Source: "AWS ELB docs, ALB attributes (1-4000 s, default 60): docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html; 504 at expiry: repost.aws/knowledge-center/eks-http-504-errors",
		Idle:   true, OnExpiry: Answer5xx,
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
		// AWS API reference ListenerAttribute: 60-6000 s, default 350; TLS
		// listeners are fixed at 350 s. Expiry is silent; the next packet
		// gets a RST (DOMAIN.md §4).
		Default: 350 * time.Second, Min: 60 * time.Second, Max: 6000 * time.Second,
		Source: "AWS ELB docs, NLB TCP idle timeout (60-6000 s, default 350): docs.aws.amazon.com/elasticloadbalancing/latest/network/update-idle-timeout.html",
		Idle:   true, OnExpiry: SilentDrop,
		Set: func(h Hop, d time.Duration) Change {
			return Change{Tool: "aws", Commands: []string{fmt.Sprintf(
				"aws elbv2 modify-listener-attributes --listener-arn %s --attributes Key=tcp.idle_timeout.seconds,Value=%s",
				h.Str("listener_arn", "<listener-arn>"), Seconds(d))},
				Note: "TCP listeners only: a TLS listener's idle timeout is fixed at 350 s; above 350 s also check the targets' ENI connection tracking timeout (TcpEstablishedTimeout)"}
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
		Source: "Azure Load Balancer docs, TCP reset and idle timeout (4-100 min, default 4; silent drop unless TCP reset): learn.microsoft.com/azure/load-balancer/load-balancer-tcp-idle-timeout",
		Idle:   true, OnExpiry: SilentDrop,
		Set: func(h Hop, d time.Duration) Change {
			return Change{Tool: "az", Commands: []string{fmt.Sprintf(
				"az network lb rule update --resource-group %s --lb-name %s --name %s --idle-timeout %s --enable-tcp-reset true",
				h.Str("resource_group", "<rg>"), h.Str("lb_name", "<lb>"), h.Str("rule", "<rule>"), Minutes(d))},
				Note: "--enable-tcp-reset (Standard SKU) makes the load balancer send RST both ways at expiry instead of dropping silently; outbound and inbound NAT rules have their own idle timeout"}
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
		Default: 30 * time.Second, Min: time.Second, Max: 2147483647 * time.Second,
		Source: "Compute Engine API reference, BackendService timeoutSec (default 30 s, 1-2147483647 s): cloud.google.com/compute/docs/reference/rest/v1/backendServices",
		Idle:   true, OnExpiry: Answer5xx,
		Set: func(h Hop, d time.Duration) Change {
			return Change{Tool: "gcloud", Commands: []string{fmt.Sprintf(
				"gcloud compute backend-services update %s --global --timeout=%ss",
				h.Str("backend_service", "<backend-service>"), Seconds(d))},
				Note: "--global for a global backend service; a regional one takes --region=<region> instead"}
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
			Source:  "Citrix ADC docs, cltTimeout (default 180 s HTTP/SSL, 9000 s TCP): docs.citrix.com/en-us/citrix-adc/13/citrix-adc-cache-redirection-gen-wrapper-10-con/admin-cache-redirection-virtual-server/manage-client-connections.html",
			Idle:    true, OnExpiry: Close, Max: 31536000 * time.Second,
			Set: func(h Hop, d time.Duration) Change {
				return Change{Tool: "NetScaler CLI", Commands: []string{
					fmt.Sprintf("set lb vserver %s -cltTimeout %s", h.Str("vserver", "<vserver>"), Seconds(d)), "save ns config"},
					Note: "when a content switching virtual server fronts this one, its cltTimeout takes precedence: set it there (set cs vserver <name> -cltTimeout); new connections take the new value (CTX137362)"}
			},
		},
		{
			Key: "server_timeout", Setting: "service -svrTimeout", Unit: time.Second,
			Meaning: "idle time of a server connection of the service",
			Default: 360 * time.Second, Assumed: true,
			Source: "assumed: Citrix NITRO reference gives svrTimeout 0-31536000 s but no default (it depends on the service type); read it with show service <name>",
			Idle:   true, OnExpiry: Close, Max: 31536000 * time.Second,
			Set: func(h Hop, d time.Duration) Change {
				return Change{Tool: "NetScaler CLI", Commands: []string{
					fmt.Sprintf("set service %s -svrTimeout %s", h.Str("service", "<service>"), Seconds(d)), "save ns config"},
					Note: "for a service group use set servicegroup <name> -svrTimeout; new connections take the new value (CTX137362)"}
			},
		},
	},
	Settings: []Setting{
		{Key: "vserver", Meaning: "load-balancing virtual server", Type: "string"},
		{Key: "service", Meaning: "service (or service group) behind it", Type: "string"},
	},
}
