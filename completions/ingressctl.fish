# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_ingressctl_global_optspecs
    string join \n n/namespace= context= kubeconfig= o/output= request-timeout= color= q/quiet v/verbose h/help V/version
end

function __fish_ingressctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_ingressctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_ingressctl_using_subcommand
    set -l cmd (__fish_ingressctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c ingressctl -n "__fish_ingressctl_needs_command" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_needs_command" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_needs_command" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_needs_command" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_needs_command" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_needs_command" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_needs_command" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_needs_command" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_needs_command" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_needs_command" -f -a "create" -d 'Print an Ingress or RouteRule manifest built from flags'
complete -c ingressctl -n "__fish_ingressctl_needs_command" -f -a "validate" -d 'Check Ingress, RouteRule and TLS Secret manifests against the Istio ingress\'s limits'
complete -c ingressctl -n "__fish_ingressctl_needs_command" -f -a "cert" -d 'Make certificates, keys and the istio-ingress-certs Secret'
complete -c ingressctl -n "__fish_ingressctl_needs_command" -f -a "host" -d 'Find the ingress address (INGRESS_HOST) of a cluster'
complete -c ingressctl -n "__fish_ingressctl_needs_command" -f -a "apply" -d 'Apply Ingress, RouteRule and TLS Secret manifests to the cluster (server-side apply)'
complete -c ingressctl -n "__fish_ingressctl_needs_command" -f -a "delete" -d 'Delete Ingresses, RouteRules and Secrets from the cluster'
complete -c ingressctl -n "__fish_ingressctl_needs_command" -f -a "install" -d 'Print or apply what runs `serve --kube` in a cluster (RBAC, Deployment, Service...)'
complete -c ingressctl -n "__fish_ingressctl_needs_command" -f -a "uninstall" -d 'Remove what `install` made'
complete -c ingressctl -n "__fish_ingressctl_needs_command" -f -a "verify" -d 'Check that an ingress answers as its manifests say (the guide\'s curl checks)'
complete -c ingressctl -n "__fish_ingressctl_needs_command" -f -a "serve" -d 'Run the ingress proxy from Ingress, RouteRule, Service and TLS Secret manifests'
complete -c ingressctl -n "__fish_ingressctl_needs_command" -f -a "convert" -d 'Convert Ingress and RouteRule manifests to Istio\'s or Gateway API\'s current resources'
complete -c ingressctl -n "__fish_ingressctl_needs_command" -f -a "completion" -d 'Print a shell completion script'
complete -c ingressctl -n "__fish_ingressctl_needs_command" -f -a "version" -d 'Print the version'
complete -c ingressctl -n "__fish_ingressctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and not __fish_seen_subcommand_from ingress routerule route-rule help" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and not __fish_seen_subcommand_from ingress routerule route-rule help" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and not __fish_seen_subcommand_from ingress routerule route-rule help" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and not __fish_seen_subcommand_from ingress routerule route-rule help" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and not __fish_seen_subcommand_from ingress routerule route-rule help" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and not __fish_seen_subcommand_from ingress routerule route-rule help" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and not __fish_seen_subcommand_from ingress routerule route-rule help" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and not __fish_seen_subcommand_from ingress routerule route-rule help" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and not __fish_seen_subcommand_from ingress routerule route-rule help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and not __fish_seen_subcommand_from ingress routerule route-rule help" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and not __fish_seen_subcommand_from ingress routerule route-rule help" -f -a "ingress" -d 'Print an Ingress for the Istio ingress (YAML by default)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and not __fish_seen_subcommand_from ingress routerule route-rule help" -f -a "routerule" -d 'Print a config.istio.io/v1alpha2 RouteRule'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and not __fish_seen_subcommand_from ingress routerule route-rule help" -f -a "route-rule" -d 'Print a config.istio.io/v1alpha2 RouteRule'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and not __fish_seen_subcommand_from ingress routerule route-rule help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l rule -d 'A rule `HOST/PATH=SERVICE:PORT[,tls[=SECRET]]` (repeatable; host optional, port a number or name)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l class -d 'Ingress class (written as annotation, and as ingressClassName for v1)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l annotation -d 'An extra annotation `KEY=VALUE` (repeatable; Istio ignores all but the class)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l default-backend -d 'Backend for requests no rule matches' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l api-version -d 'Ingress API version to write' -r -f -a "networking.k8s.io/v1\t'Today\'s API (Kubernetes 1.19+)'
extensions/v1beta1\t'The guide\'s era (served until Kubernetes 1.22)'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l dry-run -d '`client`: with --apply read only, without it just print; `server`: the server checks and stores nothing (with or without --apply)' -r -f -a "none\t'Write for real (the default)'
client\t'Read the live objects only, to say what would happen'
server\t'Send the writes with dryRun=All: the server checks them and stores nothing'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l field-manager -d 'The field manager to apply as' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l apply -d 'Create or update the object in the cluster instead of printing it'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -l force-conflicts -d 'Take fields that another field manager owns (server-side apply conflicts)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from ingress" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l destination -d 'The service the rule governs' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l destination-namespace -d 'Namespace of the destination service' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l precedence -d 'Precedence (higher is evaluated first)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l source -d 'Apply only to requests from this service (e.g. istio-ingress)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l source-namespace -d 'Namespace of the source service' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l source-label -d 'A source label `KEY=VALUE` (repeatable; e.g. istio=ingress)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l match-exact -d 'Match the request path exactly' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l match-prefix -d 'Match a path prefix' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l match-regex -d 'Match the path with a regex' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l header -d 'A header match `NAME=exact:V|prefix:V|regex:V` (repeatable; also scheme, method, authority)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l route -d 'A weighted route `[@SERVICE,][LABEL=VALUE,...=]WEIGHT` (repeatable; e.g. 100, version=v1=90)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l timeout -d 'Request timeout, retries included (Go duration: 4s, 500ms)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l retries -d 'Retry attempts' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l per-try-timeout -d 'Timeout of each attempt' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l redirect-uri -d 'Answer 302 with this path' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l redirect-authority -d 'Answer 302 to this host' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l rewrite-uri -d 'Rewrite the path (or matched prefix) before forwarding' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l rewrite-authority -d 'Rewrite the Host before forwarding' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l fault-delay -d 'Inject a delay `DURATION[@PERCENT]` (e.g. 5s@10)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l fault-abort -d 'Inject an abort `STATUS[@PERCENT]` (e.g. 503@10)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l mirror -d 'Mirror (shadow) requests to this service' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l cors-allow-origin -d 'CORS: an allowed origin (repeatable; * for any)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l cors-allow-method -d 'CORS: an allowed method (repeatable)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l cors-allow-header -d 'CORS: an allowed request header (repeatable)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l cors-expose-header -d 'CORS: an exposed response header (repeatable)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l cors-max-age -d 'CORS: preflight cache time (whole seconds, e.g. 24h)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l cors-allow-credentials -d 'CORS: allow credentials' -r -f -a "true\t''
false\t''"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l append-header -d 'A header `KEY=VALUE` added to forwarded requests (repeatable)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l dry-run -d '`client`: with --apply read only, without it just print; `server`: the server checks and stores nothing (with or without --apply)' -r -f -a "none\t'Write for real (the default)'
client\t'Read the live objects only, to say what would happen'
server\t'Send the writes with dryRun=All: the server checks them and stores nothing'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l field-manager -d 'The field manager to apply as' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l websocket -d 'Accept WebSocket upgrades'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l apply -d 'Create or update the object in the cluster instead of printing it'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -l force-conflicts -d 'Take fields that another field manager owns (server-side apply conflicts)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from routerule" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l destination -d 'The service the rule governs' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l destination-namespace -d 'Namespace of the destination service' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l precedence -d 'Precedence (higher is evaluated first)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l source -d 'Apply only to requests from this service (e.g. istio-ingress)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l source-namespace -d 'Namespace of the source service' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l source-label -d 'A source label `KEY=VALUE` (repeatable; e.g. istio=ingress)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l match-exact -d 'Match the request path exactly' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l match-prefix -d 'Match a path prefix' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l match-regex -d 'Match the path with a regex' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l header -d 'A header match `NAME=exact:V|prefix:V|regex:V` (repeatable; also scheme, method, authority)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l route -d 'A weighted route `[@SERVICE,][LABEL=VALUE,...=]WEIGHT` (repeatable; e.g. 100, version=v1=90)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l timeout -d 'Request timeout, retries included (Go duration: 4s, 500ms)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l retries -d 'Retry attempts' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l per-try-timeout -d 'Timeout of each attempt' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l redirect-uri -d 'Answer 302 with this path' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l redirect-authority -d 'Answer 302 to this host' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l rewrite-uri -d 'Rewrite the path (or matched prefix) before forwarding' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l rewrite-authority -d 'Rewrite the Host before forwarding' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l fault-delay -d 'Inject a delay `DURATION[@PERCENT]` (e.g. 5s@10)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l fault-abort -d 'Inject an abort `STATUS[@PERCENT]` (e.g. 503@10)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l mirror -d 'Mirror (shadow) requests to this service' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l cors-allow-origin -d 'CORS: an allowed origin (repeatable; * for any)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l cors-allow-method -d 'CORS: an allowed method (repeatable)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l cors-allow-header -d 'CORS: an allowed request header (repeatable)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l cors-expose-header -d 'CORS: an exposed response header (repeatable)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l cors-max-age -d 'CORS: preflight cache time (whole seconds, e.g. 24h)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l cors-allow-credentials -d 'CORS: allow credentials' -r -f -a "true\t''
false\t''"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l append-header -d 'A header `KEY=VALUE` added to forwarded requests (repeatable)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l dry-run -d '`client`: with --apply read only, without it just print; `server`: the server checks and stores nothing (with or without --apply)' -r -f -a "none\t'Write for real (the default)'
client\t'Read the live objects only, to say what would happen'
server\t'Send the writes with dryRun=All: the server checks them and stores nothing'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l field-manager -d 'The field manager to apply as' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l websocket -d 'Accept WebSocket upgrades'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l apply -d 'Create or update the object in the cluster instead of printing it'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -l force-conflicts -d 'Take fields that another field manager owns (server-side apply conflicts)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from route-rule" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from help" -f -a "ingress" -d 'Print an Ingress for the Istio ingress (YAML by default)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from help" -f -a "routerule" -d 'Print a config.istio.io/v1alpha2 RouteRule'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand create; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand validate" -s f -l filename -d 'A manifest file, a directory of them, or - for standard input (repeatable)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand validate" -l target -d 'The ingress to check against' -r -f -a "istio\t'The Istio 0.2/0.3 ingress of the guide, with its limits'
serve\t'ingressctl serve, which lifts some limits (regex paths, SNI, faults)'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand validate" -l fail-on -d 'The lowest severity that makes the exit status 3' -r -f -a "error\t'Exit 3 on errors only'
warning\t'Exit 3 on errors and warnings'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand validate" -l ingress-class -d 'The ingress class this controller owns (the annotation, `ingressClassName`, or an IngressClass whose controller is istio.io/ingress-controller)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand validate" -l ingress-name -d 'A service name the ingress answers to in RouteRules\' match.source (repeatable) [default: istio-ingress, istio-ingressgateway]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand validate" -l ingress-label -d 'A label the ingress carries for RouteRules\' match.source (repeatable) [default: istio=ingress, istio=ingressgateway]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand validate" -l assume-class -d 'Take the Ingresses of this class (ingress-nginx\'s `nginx`, say) as if they were already of --ingress-class: a migration checked, converted or served before it is made (the files are not changed)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand validate" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand validate" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand validate" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand validate" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand validate" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand validate" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand validate" -l cluster -d 'Check the live cluster\'s Ingresses, RouteRules, Services, Endpoints, certificate and ingress (with -f: the files against what is live)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand validate" -s A -l all-namespaces -d 'With --cluster: every namespace'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand validate" -s R -l recursive -d 'Read directories recursively'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand validate" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand validate" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand validate" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and not __fish_seen_subcommand_from gen secret inspect help" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and not __fish_seen_subcommand_from gen secret inspect help" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and not __fish_seen_subcommand_from gen secret inspect help" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and not __fish_seen_subcommand_from gen secret inspect help" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and not __fish_seen_subcommand_from gen secret inspect help" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and not __fish_seen_subcommand_from gen secret inspect help" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and not __fish_seen_subcommand_from gen secret inspect help" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and not __fish_seen_subcommand_from gen secret inspect help" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and not __fish_seen_subcommand_from gen secret inspect help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and not __fish_seen_subcommand_from gen secret inspect help" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and not __fish_seen_subcommand_from gen secret inspect help" -f -a "gen" -d 'Generate a private key and a certificate (self-signed, a local CA, or CA-issued)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and not __fish_seen_subcommand_from gen secret inspect help" -f -a "secret" -d 'Print the kubernetes.io/tls Secret for a certificate and key (it contains the key)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and not __fish_seen_subcommand_from gen secret inspect help" -f -a "inspect" -d 'Show what certificates, keys and TLS Secrets hold, and whether they match'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and not __fish_seen_subcommand_from gen secret inspect help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l cn -d 'Subject common name (also written as a DNS SAN for leaf certificates)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l san -d 'Another subject alternative name: DNS name, wildcard or IP address (repeatable)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l days -d 'Validity in days [default: 365; 3650 with --ca]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l key-type -d 'Key type' -r -f -a "rsa2048\t'RSA 2048 bits (the guide\'s openssl default)'
rsa3072\t'RSA 3072 bits'
rsa4096\t'RSA 4096 bits'
ecdsa-p256\t'ECDSA on P-256 with SHA-256'
ecdsa-p384\t'ECDSA on P-384 with SHA-384'
ed25519\t'Ed25519'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l ca-cert -d 'Sign with this CA certificate (with --ca-key)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l ca-key -d 'The CA\'s private key (with --ca-cert)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l out-dir -d 'Directory for the files [default: the current directory; with --secret alone, no files are written]' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l cert-out -d 'Certificate file [default: OUT_DIR/tls.crt, or ca.crt with --ca]' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l key-out -d 'Private key file, written 0600 [default: OUT_DIR/tls.key, or ca.key with --ca]' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l name -d 'Secret name (with --secret)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l dry-run -d '`client`: with --apply read only, without it just print; `server`: the server checks and stores nothing (with or without --apply)' -r -f -a "none\t'Write for real (the default)'
client\t'Read the live objects only, to say what would happen'
server\t'Send the writes with dryRun=All: the server checks them and stores nothing'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l field-manager -d 'The field manager to apply as' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l ca -d 'Make a CA certificate (default files ca.crt and ca.key)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l force -d 'Replace existing files'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l secret -d 'Print the kubernetes.io/tls Secret on stdout (it contains the key); the files are written too only when --out-dir, --cert-out or --key-out is given'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l apply -d 'With --secret: create or update the Secret in the cluster instead of printing it'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -l force-conflicts -d 'Take fields that another field manager owns (server-side apply conflicts)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from gen" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from secret" -l cert -d 'Certificate (chain, leaf first), PEM' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from secret" -l key -d 'Private key, PEM' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from secret" -l name -d 'Secret name' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from secret" -l dry-run -d '`client`: with --apply read only, without it just print; `server`: the server checks and stores nothing (with or without --apply)' -r -f -a "none\t'Write for real (the default)'
client\t'Read the live objects only, to say what would happen'
server\t'Send the writes with dryRun=All: the server checks them and stores nothing'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from secret" -l field-manager -d 'The field manager to apply as' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from secret" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from secret" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from secret" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from secret" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from secret" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from secret" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from secret" -l apply -d 'Create or update the Secret in the cluster instead of printing it'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from secret" -l force-conflicts -d 'Take fields that another field manager owns (server-side apply conflicts)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from secret" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from secret" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from secret" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from secret" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from inspect" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from inspect" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from inspect" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from inspect" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from inspect" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from inspect" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from inspect" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from inspect" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from inspect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from inspect" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from help" -f -a "gen" -d 'Generate a private key and a certificate (self-signed, a local CA, or CA-issued)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from help" -f -a "secret" -d 'Print the kubernetes.io/tls Secret for a certificate and key (it contains the key)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from help" -f -a "inspect" -d 'Show what certificates, keys and TLS Secrets hold, and whether they match'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand cert; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand host" -l ingress -d 'Read this Ingress\'s load-balancer status first' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand host" -l gateway-namespace -d 'Namespace of the ingress Service and pods' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand host" -l service -d 'The ingress Service [default: istio-ingress, then istio-ingressgateway]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand host" -s l -l selector -d 'Label selector of the ingress pods [default: the Service\'s selector]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand host" -l port-name -d 'Name of the Service\'s HTTP port [default: http, then http2, then port 80]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand host" -l ingress-class -d 'The ingress class whose Ingresses are read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand host" -l wait -d 'Keep looking until an address appears or this much time has passed (e.g. 2m)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand host" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand host" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand host" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand host" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand host" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand host" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand host" -l https -d 'Print the HTTPS address (port 443 or the https node port)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand host" -l export -d 'Print `export INGRESS_HOST=...` and `export SECURE_INGRESS_HOST=...` for eval'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand host" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand host" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand host" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand host" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand apply" -s f -l filename -d 'A manifest file, a directory of them, or - for standard input (repeatable)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand apply" -l target -d 'The ingress the manifests are validated against' -r -f -a "istio\t'The Istio 0.2/0.3 ingress of the guide, with its limits'
serve\t'ingressctl serve, which lifts some limits (regex paths, SNI, faults)'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand apply" -l dry-run -d '`client`: with --apply read only, without it just print; `server`: the server checks and stores nothing (with or without --apply)' -r -f -a "none\t'Write for real (the default)'
client\t'Read the live objects only, to say what would happen'
server\t'Send the writes with dryRun=All: the server checks them and stores nothing'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand apply" -l field-manager -d 'The field manager to apply as' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand apply" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand apply" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand apply" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand apply" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand apply" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand apply" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand apply" -s R -l recursive -d 'Read directories recursively'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand apply" -l no-validate -d 'Apply without validating first'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand apply" -l force-conflicts -d 'Take fields that another field manager owns (server-side apply conflicts)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand apply" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand apply" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand apply" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and not __fish_seen_subcommand_from ingress ing routerule route-rule secret help" -s f -l filename -d 'Delete the objects these manifests describe (file, directory or -)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and not __fish_seen_subcommand_from ingress ing routerule route-rule secret help" -l dry-run -d '`server`: the server checks the delete and keeps the object' -r -f -a "server\t'Send the delete with dryRun=All'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and not __fish_seen_subcommand_from ingress ing routerule route-rule secret help" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and not __fish_seen_subcommand_from ingress ing routerule route-rule secret help" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and not __fish_seen_subcommand_from ingress ing routerule route-rule secret help" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and not __fish_seen_subcommand_from ingress ing routerule route-rule secret help" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and not __fish_seen_subcommand_from ingress ing routerule route-rule secret help" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and not __fish_seen_subcommand_from ingress ing routerule route-rule secret help" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and not __fish_seen_subcommand_from ingress ing routerule route-rule secret help" -s R -l recursive -d 'Read directories recursively'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and not __fish_seen_subcommand_from ingress ing routerule route-rule secret help" -l ignore-not-found -d 'Exit 0 and say nothing about objects that are already gone'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and not __fish_seen_subcommand_from ingress ing routerule route-rule secret help" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and not __fish_seen_subcommand_from ingress ing routerule route-rule secret help" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and not __fish_seen_subcommand_from ingress ing routerule route-rule secret help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and not __fish_seen_subcommand_from ingress ing routerule route-rule secret help" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and not __fish_seen_subcommand_from ingress ing routerule route-rule secret help" -f -a "ingress" -d 'Ingresses (networking.k8s.io/v1)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and not __fish_seen_subcommand_from ingress ing routerule route-rule secret help" -f -a "ing" -d 'Ingresses (networking.k8s.io/v1)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and not __fish_seen_subcommand_from ingress ing routerule route-rule secret help" -f -a "routerule" -d 'RouteRules (config.istio.io/v1alpha2)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and not __fish_seen_subcommand_from ingress ing routerule route-rule secret help" -f -a "route-rule" -d 'RouteRules (config.istio.io/v1alpha2)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and not __fish_seen_subcommand_from ingress ing routerule route-rule secret help" -f -a "secret" -d 'Secrets [default: istio-ingress-certs in istio-system]'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and not __fish_seen_subcommand_from ingress ing routerule route-rule secret help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ingress" -l dry-run -d '`server`: the server checks the delete and keeps the object' -r -f -a "server\t'Send the delete with dryRun=All'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ingress" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ingress" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ingress" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ingress" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ingress" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ingress" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ingress" -l ignore-not-found -d 'Exit 0 and say nothing about objects that are already gone'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ingress" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ingress" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ingress" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ingress" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ing" -l dry-run -d '`server`: the server checks the delete and keeps the object' -r -f -a "server\t'Send the delete with dryRun=All'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ing" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ing" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ing" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ing" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ing" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ing" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ing" -l ignore-not-found -d 'Exit 0 and say nothing about objects that are already gone'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ing" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ing" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ing" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from ing" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from routerule" -l dry-run -d '`server`: the server checks the delete and keeps the object' -r -f -a "server\t'Send the delete with dryRun=All'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from routerule" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from routerule" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from routerule" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from routerule" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from routerule" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from routerule" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from routerule" -l ignore-not-found -d 'Exit 0 and say nothing about objects that are already gone'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from routerule" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from routerule" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from routerule" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from routerule" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from route-rule" -l dry-run -d '`server`: the server checks the delete and keeps the object' -r -f -a "server\t'Send the delete with dryRun=All'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from route-rule" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from route-rule" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from route-rule" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from route-rule" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from route-rule" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from route-rule" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from route-rule" -l ignore-not-found -d 'Exit 0 and say nothing about objects that are already gone'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from route-rule" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from route-rule" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from route-rule" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from route-rule" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from secret" -l dry-run -d '`server`: the server checks the delete and keeps the object' -r -f -a "server\t'Send the delete with dryRun=All'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from secret" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from secret" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from secret" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from secret" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from secret" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from secret" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from secret" -l ignore-not-found -d 'Exit 0 and say nothing about objects that are already gone'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from secret" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from secret" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from secret" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from secret" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from help" -f -a "ingress" -d 'Ingresses (networking.k8s.io/v1)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from help" -f -a "routerule" -d 'RouteRules (config.istio.io/v1alpha2)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from help" -f -a "secret" -d 'Secrets [default: istio-ingress-certs in istio-system]'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand delete; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand install" -l image -d 'The container image of ingressctl' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand install" -l replicas -d 'Replicas of the ingress' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand install" -l dry-run -d '`client`: with --apply read only, without it just print; `server`: the server checks and stores nothing (with or without --apply)' -r -f -a "none\t'Write for real (the default)'
client\t'Read the live objects only, to say what would happen'
server\t'Send the writes with dryRun=All: the server checks them and stores nothing'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand install" -l field-manager -d 'The field manager to apply as' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand install" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand install" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand install" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand install" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand install" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand install" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand install" -l apply -d 'Apply to the cluster instead of printing'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand install" -l force-conflicts -d 'Take fields that another field manager owns (server-side apply conflicts)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand install" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand install" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand install" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand install" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand uninstall" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand uninstall" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand uninstall" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand uninstall" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand uninstall" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand uninstall" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand uninstall" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand uninstall" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand uninstall" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand uninstall" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -s f -l filename -d 'Derive checks from these manifests (Ingress, RouteRule; file, directory or -)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l checks -d 'A check file (YAML, ${VAR} from the environment)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l ingress-host -d 'The ingress address for derived checks: HOST[:PORT] (port 80 by default)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l secure-ingress-host -d 'The HTTPS address for derived checks [default: the ingress host, port 443]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l ingress-class -d 'The ingress class this controller owns (the annotation, `ingressClassName`, or an IngressClass whose controller is istio.io/ingress-controller)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l ingress-name -d 'A service name the ingress answers to in RouteRules\' match.source (repeatable) [default: istio-ingress, istio-ingressgateway]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l ingress-label -d 'A label the ingress carries for RouteRules\' match.source (repeatable) [default: istio=ingress, istio=ingressgateway]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l assume-class -d 'Take the Ingresses of this class (ingress-nginx\'s `nginx`, say) as if they were already of --ingress-class: a migration checked, converted or served before it is made (the files are not changed)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l annotations -d 'Also derive checks from another controller\'s annotations (ingress-nginx\'s rewrites, redirects, HTTPS redirect, canary, CORS, timeouts); they hold against either ingress' -r -f -a "ingress-nginx\t'ingress-nginx\'s (`nginx.ingress.kubernetes.io/*`), as RouteRules'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l canary-marker -d 'Text only a canary\'s answers carry (in the body or a header value): without it the canary checks of --annotations are left out' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l expect -d 'Acceptable statuses for URL checks: codes and classes, comma-separated' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -s X -l request -d 'Method' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -s H -l header -d 'A request header \'Name: value\' (repeatable)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -s d -l data -d 'Request body' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l cacert -d 'Trust only this CA bundle (PEM)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l cert -d 'Client certificate (PEM), with --key' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l key -d 'Client key (PEM)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l resolve -d 'Resolve HOST:PORT to ADDR (repeatable; Host and SNI stay HOST)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l connect-to -d 'Connect to HOST2:PORT2 for HOST1:PORT1 (repeatable; Host and SNI stay HOST1)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l timeout -d 'Per-request timeout' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l expect-header -d 'Expect a response header: NAME, NAME=VALUE or NAME~REGEX (repeatable)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l expect-body -d 'Expect the body to contain TEXT, or to match ~REGEX' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l max-time -d 'Fail when the answer takes longer' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l min-time -d 'Fail when the answer comes sooner (e.g. a timeout that fires too early)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l expect-redirect -d 'Expect a redirect (3xx) to this URL' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l retry -d 'Retry a failing check this many times' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l retry-interval -d 'Pause between retries' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l wait -d 'Retry failing checks until they pass or this much time has passed (with --retry, whichever ends first)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l jobs -d 'Checks run at the same time' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l junit -d 'Also write a JUnit XML report' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l cluster -d 'Derive checks from the live cluster\'s Ingresses and RouteRules'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -s I -l head -d 'Send HEAD (curl -I)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -s k -l insecure -d 'Accept any server certificate'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l http2 -d 'Use HTTP/2 (prior knowledge on http://, ALPN on https://)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -l dry-run -d 'List the checks without sending anything'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand verify" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -s f -l filename -d 'Manifests: Ingress, RouteRule, Service, Endpoints, Pod, TLS Secret (file or directory; repeatable)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l annotations -d 'Carry another controller\'s annotations over as route rules (ingress-nginx\'s rewrite-target, redirects, canary, CORS, timeouts...; see docs/migrate-from-ingress-nginx.md)' -r -f -a "ingress-nginx\t'ingress-nginx\'s (`nginx.ingress.kubernetes.io/*`), as RouteRules'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l watch-namespace -d 'With --kube: watch one namespace [default: every namespace]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l publish-service -d 'With --kube: write this Service\'s LoadBalancer address into the status of the Ingresses served (one replica writes, elected through a Lease)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l secret-poll-interval -d 'With --kube: how often the TLS Secrets in use are read again (they are not watched)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l election-namespace -d 'With --kube: the namespace of the status Lease [default: POD_NAMESPACE, else istio-system]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l publish-address -d 'With --kube: write this address (IP or host name) into the Ingresses\' status' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l election-id -d 'The status writer\'s Lease: NAME in the namespace of the certificate (istio-system)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l lease-duration -d 'How long the status Lease holds without renewal' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l http-addr -d 'Plain HTTP (and h2c) listener [default: port 80 where it can be bound (root), else 8080; on 127.0.0.1, or 0.0.0.0 in a container]. Also :PORT and localhost:PORT' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l https-addr -d 'HTTPS listener [default: port 443 where it can be bound (root), else 8443; on 127.0.0.1, or 0.0.0.0 in a container]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l admin-addr -d 'Admin listener (/healthz/ready, /healthz/live, /stats/prometheus, /config_dump)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l ingress-class -d 'The ingress class this controller owns (the annotation, `ingressClassName`, or an IngressClass whose controller is istio.io/ingress-controller)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l ingress-name -d 'A service name the ingress answers to in RouteRules\' match.source (repeatable) [default: istio-ingress, istio-ingressgateway]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l ingress-label -d 'A label the ingress carries for RouteRules\' match.source (repeatable) [default: istio=ingress, istio=ingressgateway]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l assume-class -d 'Take the Ingresses of this class (ingress-nginx\'s `nginx`, say) as if they were already of --ingress-class: a migration checked, converted or served before it is made (the files are not changed)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l backend -d 'Addresses for a service: SERVICE[:PORT]=HOST:PORT[,HOST:PORT...] (round-robin; repeatable)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l tls-cert -d 'Default certificate (PEM), for clients without SNI and hosts without their own' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l tls-key -d 'Key of --tls-cert' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l cert-dir -d 'Directory with tls.crt and tls.key used as the default certificate when present (the guide\'s Secret mount)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l no-route-status -d 'Status for requests no route matches (Envoy: 404; the guide\'s transcript: 403)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l upstream-timeout -d 'Upstream timeout when no route rule sets one (the era\'s default)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l connect-timeout -d 'Upstream connect timeout' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l header-read-timeout -d 'Time a client has to send a request head (the first one counted from the accept, TLS handshake included): slowloris bound' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l max-connections -d 'Most client connections open at once, HTTP and HTTPS together; more wait in the kernel\'s accept queue (the admin listener is not counted)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l max-header-bytes -d 'Largest request head accepted; larger gets 431' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l idle-timeout -d 'Close connections idle this long (no traffic, no request in flight)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l drain-timeout -d 'After SIGTERM, how long in-flight requests may finish' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l access-log-format -d 'Access log on stdout' -r -f -a "text\t'Envoy\'s default text format'
json\t'One JSON object per line'
off\t'No access log'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l log-format -d 'Operator log on stderr (levels: -q warnings, default info, -v debug, -vv trace; or RUST_LOG, e.g. RUST_LOG=ingressctl=debug,kube=info)' -r -f -a "text\t'One line of text per event, prefixed with the command'
json\t'One JSON object per event (timestamp, level, target, fields)'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l lb-policy -d 'How requests are spread over a service\'s endpoints (endpoints that refuse or reset connections are left out for a while either way)' -r -f -a "round-robin\t'Each endpoint in turn'
least-request\t'The less busy of two endpoints taken in turn (fewest requests in flight)'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l watch-interval -d 'How often watched files are checked for changes' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l cluster-domain -d 'Cluster DNS domain for upstreams without addresses (SERVICE.NAMESPACE.svc.DOMAIN)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l workers -d 'Worker threads [default: one per core]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -s R -l recursive -d 'Read directories recursively'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l demo -d 'Serve the guide\'s Ingresses in front of a built-in httpbin, with a generated certificate'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l kube -d 'Watch the cluster (kubeconfig or in-cluster account) instead of files: Ingresses of the class, RouteRules, Services, EndpointSlices, Pods, and the TLS Secrets they name'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l tls-only-https -d 'Serve the rules of Ingresses with `tls` on the HTTPS listener only (the guide\'s era); by default they are served on both listeners, as today\'s Istio does'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -l https-redirect -d 'Answer plain-HTTP requests for the rules of Ingresses with `tls` with a 301 to HTTPS'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand serve" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -s f -l filename -d 'Ingress and RouteRule manifests (file, directory or -; repeatable)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -l to -d 'Target APIs' -r -f -a "istio\t'`networking.istio.io/v1` Gateway, VirtualService, DestinationRule'
gateway-api\t'`gateway.networking.k8s.io/v1` Gateway and HTTPRoute'
routerules\t'The Istio ingress of the guide: Ingresses with its class annotation, and RouteRules (`config.istio.io/v1alpha2`); with `--annotations ingress-nginx`, those carried'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -l gateway-api-channel -d 'The Gateway API channel the cluster\'s CRDs come from (experimental adds HTTPRoute retry)' -r -f -a "standard\t'The standard channel: no HTTPRoute `retry`'
experimental\t'The experimental channel: HTTPRoute `retry` too'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -l annotations -d 'Carry another controller\'s annotations over (ingress-nginx\'s, as RouteRules first: each annotation not carried is named on stderr, and under `warnings` with -o json)' -r -f -a "ingress-nginx\t'ingress-nginx\'s (`nginx.ingress.kubernetes.io/*`), as RouteRules'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -l ingress-class -d 'The ingress class this controller owns (the annotation, `ingressClassName`, or an IngressClass whose controller is istio.io/ingress-controller)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -l ingress-name -d 'A service name the ingress answers to in RouteRules\' match.source (repeatable) [default: istio-ingress, istio-ingressgateway]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -l ingress-label -d 'A label the ingress carries for RouteRules\' match.source (repeatable) [default: istio=ingress, istio=ingressgateway]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -l assume-class -d 'Take the Ingresses of this class (ingress-nginx\'s `nginx`, say) as if they were already of --ingress-class: a migration checked, converted or served before it is made (the files are not changed)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -l gateway -d 'Name of the generated Gateway' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -l gateway-namespace -d 'Namespace of the generated Gateway' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -s R -l recursive -d 'Read directories recursively'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand convert" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand completion" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand completion" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand completion" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand completion" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand completion" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand completion" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand completion" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand completion" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand completion" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand completion" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand version" -s n -l namespace -d 'Namespace of the objects to create or read' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand version" -l context -d 'kubeconfig context to use (cluster commands)' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand version" -l kubeconfig -d 'Path to the kubeconfig file (cluster commands)' -r -F
complete -c ingressctl -n "__fish_ingressctl_using_subcommand version" -s o -l output -d 'Output format for data on stdout' -r -f -a "yaml\t'YAML'
json\t'JSON'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand version" -l request-timeout -d 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]' -r
complete -c ingressctl -n "__fish_ingressctl_using_subcommand version" -l color -d 'When to use colour on a terminal (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr is a terminal and `NO_COLOR` is unset'
always\t'Always colour'
never\t'Never colour'"
complete -c ingressctl -n "__fish_ingressctl_using_subcommand version" -s q -l quiet -d 'Print only data and problems'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand version" -s v -l verbose -d 'Say more about what is happening (repeat for more)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand version" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand version" -s V -l version -d 'Print version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and not __fish_seen_subcommand_from create validate cert host apply delete install uninstall verify serve convert completion version help" -f -a "create" -d 'Print an Ingress or RouteRule manifest built from flags'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and not __fish_seen_subcommand_from create validate cert host apply delete install uninstall verify serve convert completion version help" -f -a "validate" -d 'Check Ingress, RouteRule and TLS Secret manifests against the Istio ingress\'s limits'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and not __fish_seen_subcommand_from create validate cert host apply delete install uninstall verify serve convert completion version help" -f -a "cert" -d 'Make certificates, keys and the istio-ingress-certs Secret'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and not __fish_seen_subcommand_from create validate cert host apply delete install uninstall verify serve convert completion version help" -f -a "host" -d 'Find the ingress address (INGRESS_HOST) of a cluster'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and not __fish_seen_subcommand_from create validate cert host apply delete install uninstall verify serve convert completion version help" -f -a "apply" -d 'Apply Ingress, RouteRule and TLS Secret manifests to the cluster (server-side apply)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and not __fish_seen_subcommand_from create validate cert host apply delete install uninstall verify serve convert completion version help" -f -a "delete" -d 'Delete Ingresses, RouteRules and Secrets from the cluster'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and not __fish_seen_subcommand_from create validate cert host apply delete install uninstall verify serve convert completion version help" -f -a "install" -d 'Print or apply what runs `serve --kube` in a cluster (RBAC, Deployment, Service...)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and not __fish_seen_subcommand_from create validate cert host apply delete install uninstall verify serve convert completion version help" -f -a "uninstall" -d 'Remove what `install` made'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and not __fish_seen_subcommand_from create validate cert host apply delete install uninstall verify serve convert completion version help" -f -a "verify" -d 'Check that an ingress answers as its manifests say (the guide\'s curl checks)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and not __fish_seen_subcommand_from create validate cert host apply delete install uninstall verify serve convert completion version help" -f -a "serve" -d 'Run the ingress proxy from Ingress, RouteRule, Service and TLS Secret manifests'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and not __fish_seen_subcommand_from create validate cert host apply delete install uninstall verify serve convert completion version help" -f -a "convert" -d 'Convert Ingress and RouteRule manifests to Istio\'s or Gateway API\'s current resources'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and not __fish_seen_subcommand_from create validate cert host apply delete install uninstall verify serve convert completion version help" -f -a "completion" -d 'Print a shell completion script'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and not __fish_seen_subcommand_from create validate cert host apply delete install uninstall verify serve convert completion version help" -f -a "version" -d 'Print the version'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and not __fish_seen_subcommand_from create validate cert host apply delete install uninstall verify serve convert completion version help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and __fish_seen_subcommand_from create" -f -a "ingress" -d 'Print an Ingress for the Istio ingress (YAML by default)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and __fish_seen_subcommand_from create" -f -a "routerule" -d 'Print a config.istio.io/v1alpha2 RouteRule'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and __fish_seen_subcommand_from cert" -f -a "gen" -d 'Generate a private key and a certificate (self-signed, a local CA, or CA-issued)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and __fish_seen_subcommand_from cert" -f -a "secret" -d 'Print the kubernetes.io/tls Secret for a certificate and key (it contains the key)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and __fish_seen_subcommand_from cert" -f -a "inspect" -d 'Show what certificates, keys and TLS Secrets hold, and whether they match'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and __fish_seen_subcommand_from delete" -f -a "ingress" -d 'Ingresses (networking.k8s.io/v1)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and __fish_seen_subcommand_from delete" -f -a "routerule" -d 'RouteRules (config.istio.io/v1alpha2)'
complete -c ingressctl -n "__fish_ingressctl_using_subcommand help; and __fish_seen_subcommand_from delete" -f -a "secret" -d 'Secrets [default: istio-ingress-certs in istio-system]'
