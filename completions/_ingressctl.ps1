
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'ingressctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'ingressctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'ingressctl' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Print an Ingress or RouteRule manifest built from flags')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check Ingress, RouteRule and TLS Secret manifests against the Istio ingress''s limits')
            [CompletionResult]::new('cert', 'cert', [CompletionResultType]::ParameterValue, 'Make certificates, keys and the istio-ingress-certs Secret')
            [CompletionResult]::new('host', 'host', [CompletionResultType]::ParameterValue, 'Find the ingress address (INGRESS_HOST) of a cluster')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Apply Ingress, RouteRule and TLS Secret manifests to the cluster (server-side apply)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete Ingresses, RouteRules and Secrets from the cluster')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Print or apply what runs `serve --kube` in a cluster (RBAC, Deployment, Service...)')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove what `install` made')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that an ingress answers as its manifests say (the guide''s curl checks)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the ingress proxy from Ingress, RouteRule, Service and TLS Secret manifests')
            [CompletionResult]::new('convert', 'convert', [CompletionResultType]::ParameterValue, 'Convert Ingress and RouteRule manifests to Istio''s or Gateway API''s current resources')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the version')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ingressctl;create' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ingress', 'ingress', [CompletionResultType]::ParameterValue, 'Print an Ingress for the Istio ingress (YAML by default)')
            [CompletionResult]::new('routerule', 'routerule', [CompletionResultType]::ParameterValue, 'Print a config.istio.io/v1alpha2 RouteRule')
            [CompletionResult]::new('route-rule', 'route-rule', [CompletionResultType]::ParameterValue, 'Print a config.istio.io/v1alpha2 RouteRule')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ingressctl;create;ingress' {
            [CompletionResult]::new('--rule', '--rule', [CompletionResultType]::ParameterName, 'A rule `HOST/PATH=SERVICE:PORT[,tls[=SECRET]]` (repeatable; host optional, port a number or name)')
            [CompletionResult]::new('--class', '--class', [CompletionResultType]::ParameterName, 'Ingress class (written as annotation, and as ingressClassName for v1)')
            [CompletionResult]::new('--annotation', '--annotation', [CompletionResultType]::ParameterName, 'An extra annotation `KEY=VALUE` (repeatable; Istio ignores all but the class)')
            [CompletionResult]::new('--default-backend', '--default-backend', [CompletionResultType]::ParameterName, 'Backend for requests no rule matches')
            [CompletionResult]::new('--api-version', '--api-version', [CompletionResultType]::ParameterName, 'Ingress API version to write')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, '`client`: with --apply read only, without it just print; `server`: the server checks and stores nothing (with or without --apply)')
            [CompletionResult]::new('--field-manager', '--field-manager', [CompletionResultType]::ParameterName, 'The field manager to apply as')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('--apply', '--apply', [CompletionResultType]::ParameterName, 'Create or update the object in the cluster instead of printing it')
            [CompletionResult]::new('--force-conflicts', '--force-conflicts', [CompletionResultType]::ParameterName, 'Take fields that another field manager owns (server-side apply conflicts)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;create;routerule' {
            [CompletionResult]::new('--destination', '--destination', [CompletionResultType]::ParameterName, 'The service the rule governs')
            [CompletionResult]::new('--destination-namespace', '--destination-namespace', [CompletionResultType]::ParameterName, 'Namespace of the destination service')
            [CompletionResult]::new('--precedence', '--precedence', [CompletionResultType]::ParameterName, 'Precedence (higher is evaluated first)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Apply only to requests from this service (e.g. istio-ingress)')
            [CompletionResult]::new('--source-namespace', '--source-namespace', [CompletionResultType]::ParameterName, 'Namespace of the source service')
            [CompletionResult]::new('--source-label', '--source-label', [CompletionResultType]::ParameterName, 'A source label `KEY=VALUE` (repeatable; e.g. istio=ingress)')
            [CompletionResult]::new('--match-exact', '--match-exact', [CompletionResultType]::ParameterName, 'Match the request path exactly')
            [CompletionResult]::new('--match-prefix', '--match-prefix', [CompletionResultType]::ParameterName, 'Match a path prefix')
            [CompletionResult]::new('--match-regex', '--match-regex', [CompletionResultType]::ParameterName, 'Match the path with a regex')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A header match `NAME=exact:V|prefix:V|regex:V` (repeatable; also scheme, method, authority)')
            [CompletionResult]::new('--route', '--route', [CompletionResultType]::ParameterName, 'A weighted route `[@SERVICE,][LABEL=VALUE,...=]WEIGHT` (repeatable; e.g. 100, version=v1=90)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, retries included (Go duration: 4s, 500ms)')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retry attempts')
            [CompletionResult]::new('--per-try-timeout', '--per-try-timeout', [CompletionResultType]::ParameterName, 'Timeout of each attempt')
            [CompletionResult]::new('--redirect-uri', '--redirect-uri', [CompletionResultType]::ParameterName, 'Answer 302 with this path')
            [CompletionResult]::new('--redirect-authority', '--redirect-authority', [CompletionResultType]::ParameterName, 'Answer 302 to this host')
            [CompletionResult]::new('--rewrite-uri', '--rewrite-uri', [CompletionResultType]::ParameterName, 'Rewrite the path (or matched prefix) before forwarding')
            [CompletionResult]::new('--rewrite-authority', '--rewrite-authority', [CompletionResultType]::ParameterName, 'Rewrite the Host before forwarding')
            [CompletionResult]::new('--fault-delay', '--fault-delay', [CompletionResultType]::ParameterName, 'Inject a delay `DURATION[@PERCENT]` (e.g. 5s@10)')
            [CompletionResult]::new('--fault-abort', '--fault-abort', [CompletionResultType]::ParameterName, 'Inject an abort `STATUS[@PERCENT]` (e.g. 503@10)')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Mirror (shadow) requests to this service')
            [CompletionResult]::new('--cors-allow-origin', '--cors-allow-origin', [CompletionResultType]::ParameterName, 'CORS: an allowed origin (repeatable; * for any)')
            [CompletionResult]::new('--cors-allow-method', '--cors-allow-method', [CompletionResultType]::ParameterName, 'CORS: an allowed method (repeatable)')
            [CompletionResult]::new('--cors-allow-header', '--cors-allow-header', [CompletionResultType]::ParameterName, 'CORS: an allowed request header (repeatable)')
            [CompletionResult]::new('--cors-expose-header', '--cors-expose-header', [CompletionResultType]::ParameterName, 'CORS: an exposed response header (repeatable)')
            [CompletionResult]::new('--cors-max-age', '--cors-max-age', [CompletionResultType]::ParameterName, 'CORS: preflight cache time (whole seconds, e.g. 24h)')
            [CompletionResult]::new('--cors-allow-credentials', '--cors-allow-credentials', [CompletionResultType]::ParameterName, 'CORS: allow credentials')
            [CompletionResult]::new('--append-header', '--append-header', [CompletionResultType]::ParameterName, 'A header `KEY=VALUE` added to forwarded requests (repeatable)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, '`client`: with --apply read only, without it just print; `server`: the server checks and stores nothing (with or without --apply)')
            [CompletionResult]::new('--field-manager', '--field-manager', [CompletionResultType]::ParameterName, 'The field manager to apply as')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('--websocket', '--websocket', [CompletionResultType]::ParameterName, 'Accept WebSocket upgrades')
            [CompletionResult]::new('--apply', '--apply', [CompletionResultType]::ParameterName, 'Create or update the object in the cluster instead of printing it')
            [CompletionResult]::new('--force-conflicts', '--force-conflicts', [CompletionResultType]::ParameterName, 'Take fields that another field manager owns (server-side apply conflicts)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;create;route-rule' {
            [CompletionResult]::new('--destination', '--destination', [CompletionResultType]::ParameterName, 'The service the rule governs')
            [CompletionResult]::new('--destination-namespace', '--destination-namespace', [CompletionResultType]::ParameterName, 'Namespace of the destination service')
            [CompletionResult]::new('--precedence', '--precedence', [CompletionResultType]::ParameterName, 'Precedence (higher is evaluated first)')
            [CompletionResult]::new('--source', '--source', [CompletionResultType]::ParameterName, 'Apply only to requests from this service (e.g. istio-ingress)')
            [CompletionResult]::new('--source-namespace', '--source-namespace', [CompletionResultType]::ParameterName, 'Namespace of the source service')
            [CompletionResult]::new('--source-label', '--source-label', [CompletionResultType]::ParameterName, 'A source label `KEY=VALUE` (repeatable; e.g. istio=ingress)')
            [CompletionResult]::new('--match-exact', '--match-exact', [CompletionResultType]::ParameterName, 'Match the request path exactly')
            [CompletionResult]::new('--match-prefix', '--match-prefix', [CompletionResultType]::ParameterName, 'Match a path prefix')
            [CompletionResult]::new('--match-regex', '--match-regex', [CompletionResultType]::ParameterName, 'Match the path with a regex')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A header match `NAME=exact:V|prefix:V|regex:V` (repeatable; also scheme, method, authority)')
            [CompletionResult]::new('--route', '--route', [CompletionResultType]::ParameterName, 'A weighted route `[@SERVICE,][LABEL=VALUE,...=]WEIGHT` (repeatable; e.g. 100, version=v1=90)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Request timeout, retries included (Go duration: 4s, 500ms)')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retry attempts')
            [CompletionResult]::new('--per-try-timeout', '--per-try-timeout', [CompletionResultType]::ParameterName, 'Timeout of each attempt')
            [CompletionResult]::new('--redirect-uri', '--redirect-uri', [CompletionResultType]::ParameterName, 'Answer 302 with this path')
            [CompletionResult]::new('--redirect-authority', '--redirect-authority', [CompletionResultType]::ParameterName, 'Answer 302 to this host')
            [CompletionResult]::new('--rewrite-uri', '--rewrite-uri', [CompletionResultType]::ParameterName, 'Rewrite the path (or matched prefix) before forwarding')
            [CompletionResult]::new('--rewrite-authority', '--rewrite-authority', [CompletionResultType]::ParameterName, 'Rewrite the Host before forwarding')
            [CompletionResult]::new('--fault-delay', '--fault-delay', [CompletionResultType]::ParameterName, 'Inject a delay `DURATION[@PERCENT]` (e.g. 5s@10)')
            [CompletionResult]::new('--fault-abort', '--fault-abort', [CompletionResultType]::ParameterName, 'Inject an abort `STATUS[@PERCENT]` (e.g. 503@10)')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'Mirror (shadow) requests to this service')
            [CompletionResult]::new('--cors-allow-origin', '--cors-allow-origin', [CompletionResultType]::ParameterName, 'CORS: an allowed origin (repeatable; * for any)')
            [CompletionResult]::new('--cors-allow-method', '--cors-allow-method', [CompletionResultType]::ParameterName, 'CORS: an allowed method (repeatable)')
            [CompletionResult]::new('--cors-allow-header', '--cors-allow-header', [CompletionResultType]::ParameterName, 'CORS: an allowed request header (repeatable)')
            [CompletionResult]::new('--cors-expose-header', '--cors-expose-header', [CompletionResultType]::ParameterName, 'CORS: an exposed response header (repeatable)')
            [CompletionResult]::new('--cors-max-age', '--cors-max-age', [CompletionResultType]::ParameterName, 'CORS: preflight cache time (whole seconds, e.g. 24h)')
            [CompletionResult]::new('--cors-allow-credentials', '--cors-allow-credentials', [CompletionResultType]::ParameterName, 'CORS: allow credentials')
            [CompletionResult]::new('--append-header', '--append-header', [CompletionResultType]::ParameterName, 'A header `KEY=VALUE` added to forwarded requests (repeatable)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, '`client`: with --apply read only, without it just print; `server`: the server checks and stores nothing (with or without --apply)')
            [CompletionResult]::new('--field-manager', '--field-manager', [CompletionResultType]::ParameterName, 'The field manager to apply as')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('--websocket', '--websocket', [CompletionResultType]::ParameterName, 'Accept WebSocket upgrades')
            [CompletionResult]::new('--apply', '--apply', [CompletionResultType]::ParameterName, 'Create or update the object in the cluster instead of printing it')
            [CompletionResult]::new('--force-conflicts', '--force-conflicts', [CompletionResultType]::ParameterName, 'Take fields that another field manager owns (server-side apply conflicts)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;create;help' {
            [CompletionResult]::new('ingress', 'ingress', [CompletionResultType]::ParameterValue, 'Print an Ingress for the Istio ingress (YAML by default)')
            [CompletionResult]::new('routerule', 'routerule', [CompletionResultType]::ParameterValue, 'Print a config.istio.io/v1alpha2 RouteRule')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ingressctl;create;help;ingress' {
            break
        }
        'ingressctl;create;help;routerule' {
            break
        }
        'ingressctl;create;help;help' {
            break
        }
        'ingressctl;validate' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'A manifest file, a directory of them, or - for standard input (repeatable)')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'A manifest file, a directory of them, or - for standard input (repeatable)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'The ingress to check against')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'The lowest severity that makes the exit status 3')
            [CompletionResult]::new('--ingress-class', '--ingress-class', [CompletionResultType]::ParameterName, 'The ingress class this controller owns (the annotation, `ingressClassName`, or an IngressClass whose controller is istio.io/ingress-controller)')
            [CompletionResult]::new('--ingress-name', '--ingress-name', [CompletionResultType]::ParameterName, 'A service name the ingress answers to in RouteRules'' match.source (repeatable) [default: istio-ingress, istio-ingressgateway]')
            [CompletionResult]::new('--ingress-label', '--ingress-label', [CompletionResultType]::ParameterName, 'A label the ingress carries for RouteRules'' match.source (repeatable) [default: istio=ingress, istio=ingressgateway]')
            [CompletionResult]::new('--assume-class', '--assume-class', [CompletionResultType]::ParameterName, 'Take the Ingresses of this class (ingress-nginx''s `nginx`, say) as if they were already of --ingress-class: a migration checked, converted or served before it is made (the files are not changed)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'Check the live cluster''s Ingresses, RouteRules, Services, Endpoints, certificate and ingress (with -f: the files against what is live)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'With --cluster: every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'With --cluster: every namespace')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Read directories recursively')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Read directories recursively')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;cert' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('gen', 'gen', [CompletionResultType]::ParameterValue, 'Generate a private key and a certificate (self-signed, a local CA, or CA-issued)')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Print the kubernetes.io/tls Secret for a certificate and key (it contains the key)')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show what certificates, keys and TLS Secrets hold, and whether they match')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ingressctl;cert;gen' {
            [CompletionResult]::new('--cn', '--cn', [CompletionResultType]::ParameterName, 'Subject common name (also written as a DNS SAN for leaf certificates)')
            [CompletionResult]::new('--san', '--san', [CompletionResultType]::ParameterName, 'Another subject alternative name: DNS name, wildcard or IP address (repeatable)')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'Validity in days [default: 365; 3650 with --ca]')
            [CompletionResult]::new('--key-type', '--key-type', [CompletionResultType]::ParameterName, 'Key type')
            [CompletionResult]::new('--ca-cert', '--ca-cert', [CompletionResultType]::ParameterName, 'Sign with this CA certificate (with --ca-key)')
            [CompletionResult]::new('--ca-key', '--ca-key', [CompletionResultType]::ParameterName, 'The CA''s private key (with --ca-cert)')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Directory for the files [default: the current directory; with --secret alone, no files are written]')
            [CompletionResult]::new('--cert-out', '--cert-out', [CompletionResultType]::ParameterName, 'Certificate file [default: OUT_DIR/tls.crt, or ca.crt with --ca]')
            [CompletionResult]::new('--key-out', '--key-out', [CompletionResultType]::ParameterName, 'Private key file, written 0600 [default: OUT_DIR/tls.key, or ca.key with --ca]')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Secret name (with --secret)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, '`client`: with --apply read only, without it just print; `server`: the server checks and stores nothing (with or without --apply)')
            [CompletionResult]::new('--field-manager', '--field-manager', [CompletionResultType]::ParameterName, 'The field manager to apply as')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Make a CA certificate (default files ca.crt and ca.key)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace existing files')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'Print the kubernetes.io/tls Secret on stdout (it contains the key); the files are written too only when --out-dir, --cert-out or --key-out is given')
            [CompletionResult]::new('--apply', '--apply', [CompletionResultType]::ParameterName, 'With --secret: create or update the Secret in the cluster instead of printing it')
            [CompletionResult]::new('--force-conflicts', '--force-conflicts', [CompletionResultType]::ParameterName, 'Take fields that another field manager owns (server-side apply conflicts)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;cert;secret' {
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Certificate (chain, leaf first), PEM')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key, PEM')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Secret name')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, '`client`: with --apply read only, without it just print; `server`: the server checks and stores nothing (with or without --apply)')
            [CompletionResult]::new('--field-manager', '--field-manager', [CompletionResultType]::ParameterName, 'The field manager to apply as')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('--apply', '--apply', [CompletionResultType]::ParameterName, 'Create or update the Secret in the cluster instead of printing it')
            [CompletionResult]::new('--force-conflicts', '--force-conflicts', [CompletionResultType]::ParameterName, 'Take fields that another field manager owns (server-side apply conflicts)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;cert;inspect' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;cert;help' {
            [CompletionResult]::new('gen', 'gen', [CompletionResultType]::ParameterValue, 'Generate a private key and a certificate (self-signed, a local CA, or CA-issued)')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Print the kubernetes.io/tls Secret for a certificate and key (it contains the key)')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show what certificates, keys and TLS Secrets hold, and whether they match')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ingressctl;cert;help;gen' {
            break
        }
        'ingressctl;cert;help;secret' {
            break
        }
        'ingressctl;cert;help;inspect' {
            break
        }
        'ingressctl;cert;help;help' {
            break
        }
        'ingressctl;host' {
            [CompletionResult]::new('--ingress', '--ingress', [CompletionResultType]::ParameterName, 'Read this Ingress''s load-balancer status first')
            [CompletionResult]::new('--gateway-namespace', '--gateway-namespace', [CompletionResultType]::ParameterName, 'Namespace of the ingress Service and pods')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'The ingress Service [default: istio-ingress, then istio-ingressgateway]')
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the ingress pods [default: the Service''s selector]')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the ingress pods [default: the Service''s selector]')
            [CompletionResult]::new('--port-name', '--port-name', [CompletionResultType]::ParameterName, 'Name of the Service''s HTTP port [default: http, then http2, then port 80]')
            [CompletionResult]::new('--ingress-class', '--ingress-class', [CompletionResultType]::ParameterName, 'The ingress class whose Ingresses are read')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Keep looking until an address appears or this much time has passed (e.g. 2m)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('--https', '--https', [CompletionResultType]::ParameterName, 'Print the HTTPS address (port 443 or the https node port)')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'Print `export INGRESS_HOST=...` and `export SECURE_INGRESS_HOST=...` for eval')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;apply' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'A manifest file, a directory of them, or - for standard input (repeatable)')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'A manifest file, a directory of them, or - for standard input (repeatable)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'The ingress the manifests are validated against')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, '`client`: with --apply read only, without it just print; `server`: the server checks and stores nothing (with or without --apply)')
            [CompletionResult]::new('--field-manager', '--field-manager', [CompletionResultType]::ParameterName, 'The field manager to apply as')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Read directories recursively')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Read directories recursively')
            [CompletionResult]::new('--no-validate', '--no-validate', [CompletionResultType]::ParameterName, 'Apply without validating first')
            [CompletionResult]::new('--force-conflicts', '--force-conflicts', [CompletionResultType]::ParameterName, 'Take fields that another field manager owns (server-side apply conflicts)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;delete' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Delete the objects these manifests describe (file, directory or -)')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Delete the objects these manifests describe (file, directory or -)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, '`server`: the server checks the delete and keeps the object')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Read directories recursively')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Read directories recursively')
            [CompletionResult]::new('--ignore-not-found', '--ignore-not-found', [CompletionResultType]::ParameterName, 'Exit 0 and say nothing about objects that are already gone')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('ingress', 'ingress', [CompletionResultType]::ParameterValue, 'Ingresses (networking.k8s.io/v1)')
            [CompletionResult]::new('ing', 'ing', [CompletionResultType]::ParameterValue, 'Ingresses (networking.k8s.io/v1)')
            [CompletionResult]::new('routerule', 'routerule', [CompletionResultType]::ParameterValue, 'RouteRules (config.istio.io/v1alpha2)')
            [CompletionResult]::new('route-rule', 'route-rule', [CompletionResultType]::ParameterValue, 'RouteRules (config.istio.io/v1alpha2)')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Secrets [default: istio-ingress-certs in istio-system]')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ingressctl;delete;ingress' {
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, '`server`: the server checks the delete and keeps the object')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('--ignore-not-found', '--ignore-not-found', [CompletionResultType]::ParameterName, 'Exit 0 and say nothing about objects that are already gone')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;delete;ing' {
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, '`server`: the server checks the delete and keeps the object')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('--ignore-not-found', '--ignore-not-found', [CompletionResultType]::ParameterName, 'Exit 0 and say nothing about objects that are already gone')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;delete;routerule' {
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, '`server`: the server checks the delete and keeps the object')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('--ignore-not-found', '--ignore-not-found', [CompletionResultType]::ParameterName, 'Exit 0 and say nothing about objects that are already gone')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;delete;route-rule' {
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, '`server`: the server checks the delete and keeps the object')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('--ignore-not-found', '--ignore-not-found', [CompletionResultType]::ParameterName, 'Exit 0 and say nothing about objects that are already gone')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;delete;secret' {
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, '`server`: the server checks the delete and keeps the object')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('--ignore-not-found', '--ignore-not-found', [CompletionResultType]::ParameterName, 'Exit 0 and say nothing about objects that are already gone')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;delete;help' {
            [CompletionResult]::new('ingress', 'ingress', [CompletionResultType]::ParameterValue, 'Ingresses (networking.k8s.io/v1)')
            [CompletionResult]::new('routerule', 'routerule', [CompletionResultType]::ParameterValue, 'RouteRules (config.istio.io/v1alpha2)')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Secrets [default: istio-ingress-certs in istio-system]')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ingressctl;delete;help;ingress' {
            break
        }
        'ingressctl;delete;help;routerule' {
            break
        }
        'ingressctl;delete;help;secret' {
            break
        }
        'ingressctl;delete;help;help' {
            break
        }
        'ingressctl;install' {
            [CompletionResult]::new('--image', '--image', [CompletionResultType]::ParameterName, 'The container image of ingressctl')
            [CompletionResult]::new('--replicas', '--replicas', [CompletionResultType]::ParameterName, 'Replicas of the ingress')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, '`client`: with --apply read only, without it just print; `server`: the server checks and stores nothing (with or without --apply)')
            [CompletionResult]::new('--field-manager', '--field-manager', [CompletionResultType]::ParameterName, 'The field manager to apply as')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('--apply', '--apply', [CompletionResultType]::ParameterName, 'Apply to the cluster instead of printing')
            [CompletionResult]::new('--force-conflicts', '--force-conflicts', [CompletionResultType]::ParameterName, 'Take fields that another field manager owns (server-side apply conflicts)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;uninstall' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;verify' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Derive checks from these manifests (Ingress, RouteRule; file, directory or -)')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Derive checks from these manifests (Ingress, RouteRule; file, directory or -)')
            [CompletionResult]::new('--checks', '--checks', [CompletionResultType]::ParameterName, 'A check file (YAML, ${VAR} from the environment)')
            [CompletionResult]::new('--ingress-host', '--ingress-host', [CompletionResultType]::ParameterName, 'The ingress address for derived checks: HOST[:PORT] (port 80 by default)')
            [CompletionResult]::new('--secure-ingress-host', '--secure-ingress-host', [CompletionResultType]::ParameterName, 'The HTTPS address for derived checks [default: the ingress host, port 443]')
            [CompletionResult]::new('--ingress-class', '--ingress-class', [CompletionResultType]::ParameterName, 'The ingress class this controller owns (the annotation, `ingressClassName`, or an IngressClass whose controller is istio.io/ingress-controller)')
            [CompletionResult]::new('--ingress-name', '--ingress-name', [CompletionResultType]::ParameterName, 'A service name the ingress answers to in RouteRules'' match.source (repeatable) [default: istio-ingress, istio-ingressgateway]')
            [CompletionResult]::new('--ingress-label', '--ingress-label', [CompletionResultType]::ParameterName, 'A label the ingress carries for RouteRules'' match.source (repeatable) [default: istio=ingress, istio=ingressgateway]')
            [CompletionResult]::new('--assume-class', '--assume-class', [CompletionResultType]::ParameterName, 'Take the Ingresses of this class (ingress-nginx''s `nginx`, say) as if they were already of --ingress-class: a migration checked, converted or served before it is made (the files are not changed)')
            [CompletionResult]::new('--annotations', '--annotations', [CompletionResultType]::ParameterName, 'Also derive checks from another controller''s annotations (ingress-nginx''s rewrites, redirects, HTTPS redirect, canary, CORS, timeouts); they hold against either ingress')
            [CompletionResult]::new('--canary-marker', '--canary-marker', [CompletionResultType]::ParameterName, 'Text only a canary''s answers carry (in the body or a header value): without it the canary checks of --annotations are left out')
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Acceptable statuses for URL checks: codes and classes, comma-separated')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Method')
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'Method')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'A request header ''Name: value'' (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'A request header ''Name: value'' (repeatable)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Request body')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Request body')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Trust only this CA bundle (PEM)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Client certificate (PEM), with --key')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Client key (PEM)')
            [CompletionResult]::new('--resolve', '--resolve', [CompletionResultType]::ParameterName, 'Resolve HOST:PORT to ADDR (repeatable; Host and SNI stay HOST)')
            [CompletionResult]::new('--connect-to', '--connect-to', [CompletionResultType]::ParameterName, 'Connect to HOST2:PORT2 for HOST1:PORT1 (repeatable; Host and SNI stay HOST1)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Per-request timeout')
            [CompletionResult]::new('--expect-header', '--expect-header', [CompletionResultType]::ParameterName, 'Expect a response header: NAME, NAME=VALUE or NAME~REGEX (repeatable)')
            [CompletionResult]::new('--expect-body', '--expect-body', [CompletionResultType]::ParameterName, 'Expect the body to contain TEXT, or to match ~REGEX')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'Fail when the answer takes longer')
            [CompletionResult]::new('--min-time', '--min-time', [CompletionResultType]::ParameterName, 'Fail when the answer comes sooner (e.g. a timeout that fires too early)')
            [CompletionResult]::new('--expect-redirect', '--expect-redirect', [CompletionResultType]::ParameterName, 'Expect a redirect (3xx) to this URL')
            [CompletionResult]::new('--retry', '--retry', [CompletionResultType]::ParameterName, 'Retry a failing check this many times')
            [CompletionResult]::new('--retry-interval', '--retry-interval', [CompletionResultType]::ParameterName, 'Pause between retries')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Retry failing checks until they pass or this much time has passed (with --retry, whichever ends first)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Checks run at the same time')
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Also write a JUnit XML report')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'Derive checks from the live cluster''s Ingresses and RouteRules')
            [CompletionResult]::new('-I', '-I ', [CompletionResultType]::ParameterName, 'Send HEAD (curl -I)')
            [CompletionResult]::new('--head', '--head', [CompletionResultType]::ParameterName, 'Send HEAD (curl -I)')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Accept any server certificate')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept any server certificate')
            [CompletionResult]::new('--http2', '--http2', [CompletionResultType]::ParameterName, 'Use HTTP/2 (prior knowledge on http://, ALPN on https://)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'List the checks without sending anything')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;serve' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Manifests: Ingress, RouteRule, Service, Endpoints, Pod, TLS Secret (file or directory; repeatable)')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Manifests: Ingress, RouteRule, Service, Endpoints, Pod, TLS Secret (file or directory; repeatable)')
            [CompletionResult]::new('--annotations', '--annotations', [CompletionResultType]::ParameterName, 'Carry another controller''s annotations over as route rules (ingress-nginx''s rewrite-target, redirects, canary, CORS, timeouts...; see docs/migrate-from-ingress-nginx.md)')
            [CompletionResult]::new('--watch-namespace', '--watch-namespace', [CompletionResultType]::ParameterName, 'With --kube: watch one namespace [default: every namespace]')
            [CompletionResult]::new('--publish-service', '--publish-service', [CompletionResultType]::ParameterName, 'With --kube: write this Service''s LoadBalancer address into the status of the Ingresses served (one replica writes, elected through a Lease)')
            [CompletionResult]::new('--secret-poll-interval', '--secret-poll-interval', [CompletionResultType]::ParameterName, 'With --kube: how often the TLS Secrets in use are read again (they are not watched)')
            [CompletionResult]::new('--election-namespace', '--election-namespace', [CompletionResultType]::ParameterName, 'With --kube: the namespace of the status Lease [default: POD_NAMESPACE, else istio-system]')
            [CompletionResult]::new('--publish-address', '--publish-address', [CompletionResultType]::ParameterName, 'With --kube: write this address (IP or host name) into the Ingresses'' status')
            [CompletionResult]::new('--election-id', '--election-id', [CompletionResultType]::ParameterName, 'The status writer''s Lease: NAME in the namespace of the certificate (istio-system)')
            [CompletionResult]::new('--lease-duration', '--lease-duration', [CompletionResultType]::ParameterName, 'How long the status Lease holds without renewal')
            [CompletionResult]::new('--http-addr', '--http-addr', [CompletionResultType]::ParameterName, 'Plain HTTP (and h2c) listener [default: port 80 where it can be bound (root), else 8080; on 127.0.0.1, or 0.0.0.0 in a container]. Also :PORT and localhost:PORT')
            [CompletionResult]::new('--https-addr', '--https-addr', [CompletionResultType]::ParameterName, 'HTTPS listener [default: port 443 where it can be bound (root), else 8443; on 127.0.0.1, or 0.0.0.0 in a container]')
            [CompletionResult]::new('--admin-addr', '--admin-addr', [CompletionResultType]::ParameterName, 'Admin listener (/healthz/ready, /healthz/live, /stats/prometheus, /config_dump)')
            [CompletionResult]::new('--ingress-class', '--ingress-class', [CompletionResultType]::ParameterName, 'The ingress class this controller owns (the annotation, `ingressClassName`, or an IngressClass whose controller is istio.io/ingress-controller)')
            [CompletionResult]::new('--ingress-name', '--ingress-name', [CompletionResultType]::ParameterName, 'A service name the ingress answers to in RouteRules'' match.source (repeatable) [default: istio-ingress, istio-ingressgateway]')
            [CompletionResult]::new('--ingress-label', '--ingress-label', [CompletionResultType]::ParameterName, 'A label the ingress carries for RouteRules'' match.source (repeatable) [default: istio=ingress, istio=ingressgateway]')
            [CompletionResult]::new('--assume-class', '--assume-class', [CompletionResultType]::ParameterName, 'Take the Ingresses of this class (ingress-nginx''s `nginx`, say) as if they were already of --ingress-class: a migration checked, converted or served before it is made (the files are not changed)')
            [CompletionResult]::new('--backend', '--backend', [CompletionResultType]::ParameterName, 'Addresses for a service: SERVICE[:PORT]=HOST:PORT[,HOST:PORT...] (round-robin; repeatable)')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Default certificate (PEM), for clients without SNI and hosts without their own')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'Key of --tls-cert')
            [CompletionResult]::new('--cert-dir', '--cert-dir', [CompletionResultType]::ParameterName, 'Directory with tls.crt and tls.key used as the default certificate when present (the guide''s Secret mount)')
            [CompletionResult]::new('--no-route-status', '--no-route-status', [CompletionResultType]::ParameterName, 'Status for requests no route matches (Envoy: 404; the guide''s transcript: 403)')
            [CompletionResult]::new('--upstream-timeout', '--upstream-timeout', [CompletionResultType]::ParameterName, 'Upstream timeout when no route rule sets one (the era''s default)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Upstream connect timeout')
            [CompletionResult]::new('--header-read-timeout', '--header-read-timeout', [CompletionResultType]::ParameterName, 'Time a client has to send a request head (the first one counted from the accept, TLS handshake included): slowloris bound')
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'Most client connections open at once, HTTP and HTTPS together; more wait in the kernel''s accept queue (the admin listener is not counted)')
            [CompletionResult]::new('--max-header-bytes', '--max-header-bytes', [CompletionResultType]::ParameterName, 'Largest request head accepted; larger gets 431')
            [CompletionResult]::new('--idle-timeout', '--idle-timeout', [CompletionResultType]::ParameterName, 'Close connections idle this long (no traffic, no request in flight)')
            [CompletionResult]::new('--drain-timeout', '--drain-timeout', [CompletionResultType]::ParameterName, 'After SIGTERM, how long in-flight requests may finish')
            [CompletionResult]::new('--access-log-format', '--access-log-format', [CompletionResultType]::ParameterName, 'Access log on stdout')
            [CompletionResult]::new('--log-format', '--log-format', [CompletionResultType]::ParameterName, 'Operator log on stderr (levels: -q warnings, default info, -v debug, -vv trace; or RUST_LOG, e.g. RUST_LOG=ingressctl=debug,kube=info)')
            [CompletionResult]::new('--lb-policy', '--lb-policy', [CompletionResultType]::ParameterName, 'How requests are spread over a service''s endpoints (endpoints that refuse or reset connections are left out for a while either way)')
            [CompletionResult]::new('--watch-interval', '--watch-interval', [CompletionResultType]::ParameterName, 'How often watched files are checked for changes')
            [CompletionResult]::new('--cluster-domain', '--cluster-domain', [CompletionResultType]::ParameterName, 'Cluster DNS domain for upstreams without addresses (SERVICE.NAMESPACE.svc.DOMAIN)')
            [CompletionResult]::new('--workers', '--workers', [CompletionResultType]::ParameterName, 'Worker threads [default: one per core]')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Read directories recursively')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Read directories recursively')
            [CompletionResult]::new('--demo', '--demo', [CompletionResultType]::ParameterName, 'Serve the guide''s Ingresses in front of a built-in httpbin, with a generated certificate')
            [CompletionResult]::new('--kube', '--kube', [CompletionResultType]::ParameterName, 'Watch the cluster (kubeconfig or in-cluster account) instead of files: Ingresses of the class, RouteRules, Services, EndpointSlices, Pods, and the TLS Secrets they name')
            [CompletionResult]::new('--tls-only-https', '--tls-only-https', [CompletionResultType]::ParameterName, 'Serve the rules of Ingresses with `tls` on the HTTPS listener only (the guide''s era); by default they are served on both listeners, as today''s Istio does')
            [CompletionResult]::new('--https-redirect', '--https-redirect', [CompletionResultType]::ParameterName, 'Answer plain-HTTP requests for the rules of Ingresses with `tls` with a 301 to HTTPS')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;convert' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Ingress and RouteRule manifests (file, directory or -; repeatable)')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Ingress and RouteRule manifests (file, directory or -; repeatable)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Target APIs')
            [CompletionResult]::new('--gateway-api-channel', '--gateway-api-channel', [CompletionResultType]::ParameterName, 'The Gateway API channel the cluster''s CRDs come from (experimental adds HTTPRoute retry)')
            [CompletionResult]::new('--annotations', '--annotations', [CompletionResultType]::ParameterName, 'Carry another controller''s annotations over (ingress-nginx''s, as RouteRules first: each annotation not carried is named on stderr, and under `warnings` with -o json)')
            [CompletionResult]::new('--ingress-class', '--ingress-class', [CompletionResultType]::ParameterName, 'The ingress class this controller owns (the annotation, `ingressClassName`, or an IngressClass whose controller is istio.io/ingress-controller)')
            [CompletionResult]::new('--ingress-name', '--ingress-name', [CompletionResultType]::ParameterName, 'A service name the ingress answers to in RouteRules'' match.source (repeatable) [default: istio-ingress, istio-ingressgateway]')
            [CompletionResult]::new('--ingress-label', '--ingress-label', [CompletionResultType]::ParameterName, 'A label the ingress carries for RouteRules'' match.source (repeatable) [default: istio=ingress, istio=ingressgateway]')
            [CompletionResult]::new('--assume-class', '--assume-class', [CompletionResultType]::ParameterName, 'Take the Ingresses of this class (ingress-nginx''s `nginx`, say) as if they were already of --ingress-class: a migration checked, converted or served before it is made (the files are not changed)')
            [CompletionResult]::new('--gateway', '--gateway', [CompletionResultType]::ParameterName, 'Name of the generated Gateway')
            [CompletionResult]::new('--gateway-namespace', '--gateway-namespace', [CompletionResultType]::ParameterName, 'Namespace of the generated Gateway')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Read directories recursively')
            [CompletionResult]::new('--recursive', '--recursive', [CompletionResultType]::ParameterName, 'Read directories recursively')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;completion' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;version' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the objects to create or read')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'kubeconfig context to use (cluster commands)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file (cluster commands)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format for data on stdout')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the cluster on each call (e.g. 30s; 0 waits forever) [default: 10s]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour on a terminal (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and problems')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more about what is happening (repeat for more)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'ingressctl;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Print an Ingress or RouteRule manifest built from flags')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check Ingress, RouteRule and TLS Secret manifests against the Istio ingress''s limits')
            [CompletionResult]::new('cert', 'cert', [CompletionResultType]::ParameterValue, 'Make certificates, keys and the istio-ingress-certs Secret')
            [CompletionResult]::new('host', 'host', [CompletionResultType]::ParameterValue, 'Find the ingress address (INGRESS_HOST) of a cluster')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Apply Ingress, RouteRule and TLS Secret manifests to the cluster (server-side apply)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete Ingresses, RouteRules and Secrets from the cluster')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Print or apply what runs `serve --kube` in a cluster (RBAC, Deployment, Service...)')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Remove what `install` made')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that an ingress answers as its manifests say (the guide''s curl checks)')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the ingress proxy from Ingress, RouteRule, Service and TLS Secret manifests')
            [CompletionResult]::new('convert', 'convert', [CompletionResultType]::ParameterValue, 'Convert Ingress and RouteRule manifests to Istio''s or Gateway API''s current resources')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the version')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'ingressctl;help;create' {
            [CompletionResult]::new('ingress', 'ingress', [CompletionResultType]::ParameterValue, 'Print an Ingress for the Istio ingress (YAML by default)')
            [CompletionResult]::new('routerule', 'routerule', [CompletionResultType]::ParameterValue, 'Print a config.istio.io/v1alpha2 RouteRule')
            break
        }
        'ingressctl;help;create;ingress' {
            break
        }
        'ingressctl;help;create;routerule' {
            break
        }
        'ingressctl;help;validate' {
            break
        }
        'ingressctl;help;cert' {
            [CompletionResult]::new('gen', 'gen', [CompletionResultType]::ParameterValue, 'Generate a private key and a certificate (self-signed, a local CA, or CA-issued)')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Print the kubernetes.io/tls Secret for a certificate and key (it contains the key)')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show what certificates, keys and TLS Secrets hold, and whether they match')
            break
        }
        'ingressctl;help;cert;gen' {
            break
        }
        'ingressctl;help;cert;secret' {
            break
        }
        'ingressctl;help;cert;inspect' {
            break
        }
        'ingressctl;help;host' {
            break
        }
        'ingressctl;help;apply' {
            break
        }
        'ingressctl;help;delete' {
            [CompletionResult]::new('ingress', 'ingress', [CompletionResultType]::ParameterValue, 'Ingresses (networking.k8s.io/v1)')
            [CompletionResult]::new('routerule', 'routerule', [CompletionResultType]::ParameterValue, 'RouteRules (config.istio.io/v1alpha2)')
            [CompletionResult]::new('secret', 'secret', [CompletionResultType]::ParameterValue, 'Secrets [default: istio-ingress-certs in istio-system]')
            break
        }
        'ingressctl;help;delete;ingress' {
            break
        }
        'ingressctl;help;delete;routerule' {
            break
        }
        'ingressctl;help;delete;secret' {
            break
        }
        'ingressctl;help;install' {
            break
        }
        'ingressctl;help;uninstall' {
            break
        }
        'ingressctl;help;verify' {
            break
        }
        'ingressctl;help;serve' {
            break
        }
        'ingressctl;help;convert' {
            break
        }
        'ingressctl;help;completion' {
            break
        }
        'ingressctl;help;version' {
            break
        }
        'ingressctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
