
use builtin;
use str;

set edit:completion:arg-completer[ingressctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'ingressctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'ingressctl'= {
            cand -n 'Namespace of the objects to create or read'
            cand --namespace 'Namespace of the objects to create or read'
            cand --context 'kubeconfig context to use (cluster commands)'
            cand --kubeconfig 'Path to the kubeconfig file (cluster commands)'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'When to use colour on a terminal (NO_COLOR is honoured with auto)'
            cand -q 'Print only data and problems'
            cand --quiet 'Print only data and problems'
            cand -v 'Say more about what is happening (repeat for more)'
            cand --verbose 'Say more about what is happening (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Print an Ingress or RouteRule manifest built from flags'
            cand validate 'Check Ingress, RouteRule and TLS Secret manifests against the Istio ingress''s limits'
            cand cert 'Make certificates, keys and the istio-ingress-certs Secret'
            cand host 'Find the ingress address (INGRESS_HOST) of a cluster'
            cand verify 'Check that an ingress answers as its manifests say (the seed''s curl checks)'
            cand serve 'Run the ingress proxy from Ingress, Service and TLS Secret manifests'
            cand completion 'Print a shell completion script'
            cand version 'Print the version'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ingressctl;create'= {
            cand -n 'Namespace of the objects to create or read'
            cand --namespace 'Namespace of the objects to create or read'
            cand --context 'kubeconfig context to use (cluster commands)'
            cand --kubeconfig 'Path to the kubeconfig file (cluster commands)'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'When to use colour on a terminal (NO_COLOR is honoured with auto)'
            cand -q 'Print only data and problems'
            cand --quiet 'Print only data and problems'
            cand -v 'Say more about what is happening (repeat for more)'
            cand --verbose 'Say more about what is happening (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand ingress 'Print an Ingress for the Istio ingress (YAML by default)'
            cand routerule 'Print a config.istio.io/v1alpha2 RouteRule'
            cand route-rule 'Print a config.istio.io/v1alpha2 RouteRule'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ingressctl;create;ingress'= {
            cand --rule 'A rule `HOST/PATH=SERVICE:PORT[,tls[=SECRET]]` (repeatable; host optional, port a number or name)'
            cand --class 'Ingress class (written as annotation, and as ingressClassName for v1)'
            cand --annotation 'An extra annotation `KEY=VALUE` (repeatable; Istio ignores all but the class)'
            cand --default-backend 'Backend for requests no rule matches'
            cand --api-version 'Ingress API version to write'
            cand -n 'Namespace of the objects to create or read'
            cand --namespace 'Namespace of the objects to create or read'
            cand --context 'kubeconfig context to use (cluster commands)'
            cand --kubeconfig 'Path to the kubeconfig file (cluster commands)'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'When to use colour on a terminal (NO_COLOR is honoured with auto)'
            cand --apply 'Create or update the object in the cluster instead of printing it'
            cand -q 'Print only data and problems'
            cand --quiet 'Print only data and problems'
            cand -v 'Say more about what is happening (repeat for more)'
            cand --verbose 'Say more about what is happening (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ingressctl;create;routerule'= {
            cand --destination 'The service the rule governs'
            cand --destination-namespace 'Namespace of the destination service'
            cand --precedence 'Precedence (higher is evaluated first)'
            cand --source 'Apply only to requests from this service (e.g. istio-ingress)'
            cand --source-namespace 'Namespace of the source service'
            cand --source-label 'A source label `KEY=VALUE` (repeatable; e.g. istio=ingress)'
            cand --match-exact 'Match the request path exactly'
            cand --match-prefix 'Match a path prefix'
            cand --match-regex 'Match the path with a regex'
            cand --header 'A header match `NAME=exact:V|prefix:V|regex:V` (repeatable; also scheme, method, authority)'
            cand --route 'A weighted route `[@SERVICE,][LABEL=VALUE,...=]WEIGHT` (repeatable; e.g. 100, version=v1=90)'
            cand --timeout 'Request timeout, retries included (Go duration: 4s, 500ms)'
            cand --retries 'Retry attempts'
            cand --per-try-timeout 'Timeout of each attempt'
            cand --redirect-uri 'Answer 302 with this path'
            cand --redirect-authority 'Answer 302 to this host'
            cand --rewrite-uri 'Rewrite the path (or matched prefix) before forwarding'
            cand --rewrite-authority 'Rewrite the Host before forwarding'
            cand --fault-delay 'Inject a delay `DURATION[@PERCENT]` (e.g. 5s@10)'
            cand --fault-abort 'Inject an abort `STATUS[@PERCENT]` (e.g. 503@10)'
            cand --mirror 'Mirror (shadow) requests to this service'
            cand --cors-allow-origin 'CORS: an allowed origin (repeatable; * for any)'
            cand --cors-allow-method 'CORS: an allowed method (repeatable)'
            cand --cors-allow-header 'CORS: an allowed request header (repeatable)'
            cand --cors-expose-header 'CORS: an exposed response header (repeatable)'
            cand --cors-max-age 'CORS: preflight cache time (whole seconds, e.g. 24h)'
            cand --cors-allow-credentials 'CORS: allow credentials'
            cand --append-header 'A header `KEY=VALUE` added to forwarded requests (repeatable)'
            cand -n 'Namespace of the objects to create or read'
            cand --namespace 'Namespace of the objects to create or read'
            cand --context 'kubeconfig context to use (cluster commands)'
            cand --kubeconfig 'Path to the kubeconfig file (cluster commands)'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'When to use colour on a terminal (NO_COLOR is honoured with auto)'
            cand --websocket 'Accept WebSocket upgrades'
            cand --apply 'Create or update the object in the cluster instead of printing it'
            cand -q 'Print only data and problems'
            cand --quiet 'Print only data and problems'
            cand -v 'Say more about what is happening (repeat for more)'
            cand --verbose 'Say more about what is happening (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ingressctl;create;route-rule'= {
            cand --destination 'The service the rule governs'
            cand --destination-namespace 'Namespace of the destination service'
            cand --precedence 'Precedence (higher is evaluated first)'
            cand --source 'Apply only to requests from this service (e.g. istio-ingress)'
            cand --source-namespace 'Namespace of the source service'
            cand --source-label 'A source label `KEY=VALUE` (repeatable; e.g. istio=ingress)'
            cand --match-exact 'Match the request path exactly'
            cand --match-prefix 'Match a path prefix'
            cand --match-regex 'Match the path with a regex'
            cand --header 'A header match `NAME=exact:V|prefix:V|regex:V` (repeatable; also scheme, method, authority)'
            cand --route 'A weighted route `[@SERVICE,][LABEL=VALUE,...=]WEIGHT` (repeatable; e.g. 100, version=v1=90)'
            cand --timeout 'Request timeout, retries included (Go duration: 4s, 500ms)'
            cand --retries 'Retry attempts'
            cand --per-try-timeout 'Timeout of each attempt'
            cand --redirect-uri 'Answer 302 with this path'
            cand --redirect-authority 'Answer 302 to this host'
            cand --rewrite-uri 'Rewrite the path (or matched prefix) before forwarding'
            cand --rewrite-authority 'Rewrite the Host before forwarding'
            cand --fault-delay 'Inject a delay `DURATION[@PERCENT]` (e.g. 5s@10)'
            cand --fault-abort 'Inject an abort `STATUS[@PERCENT]` (e.g. 503@10)'
            cand --mirror 'Mirror (shadow) requests to this service'
            cand --cors-allow-origin 'CORS: an allowed origin (repeatable; * for any)'
            cand --cors-allow-method 'CORS: an allowed method (repeatable)'
            cand --cors-allow-header 'CORS: an allowed request header (repeatable)'
            cand --cors-expose-header 'CORS: an exposed response header (repeatable)'
            cand --cors-max-age 'CORS: preflight cache time (whole seconds, e.g. 24h)'
            cand --cors-allow-credentials 'CORS: allow credentials'
            cand --append-header 'A header `KEY=VALUE` added to forwarded requests (repeatable)'
            cand -n 'Namespace of the objects to create or read'
            cand --namespace 'Namespace of the objects to create or read'
            cand --context 'kubeconfig context to use (cluster commands)'
            cand --kubeconfig 'Path to the kubeconfig file (cluster commands)'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'When to use colour on a terminal (NO_COLOR is honoured with auto)'
            cand --websocket 'Accept WebSocket upgrades'
            cand --apply 'Create or update the object in the cluster instead of printing it'
            cand -q 'Print only data and problems'
            cand --quiet 'Print only data and problems'
            cand -v 'Say more about what is happening (repeat for more)'
            cand --verbose 'Say more about what is happening (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ingressctl;create;help'= {
            cand ingress 'Print an Ingress for the Istio ingress (YAML by default)'
            cand routerule 'Print a config.istio.io/v1alpha2 RouteRule'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ingressctl;create;help;ingress'= {
        }
        &'ingressctl;create;help;routerule'= {
        }
        &'ingressctl;create;help;help'= {
        }
        &'ingressctl;validate'= {
            cand -f 'A manifest file, a directory of them, or - for standard input (repeatable)'
            cand --filename 'A manifest file, a directory of them, or - for standard input (repeatable)'
            cand --target 'The ingress to check against'
            cand --fail-on 'The lowest severity that makes the exit status 3'
            cand --ingress-class 'The ingress class this controller owns'
            cand -n 'Namespace of the objects to create or read'
            cand --namespace 'Namespace of the objects to create or read'
            cand --context 'kubeconfig context to use (cluster commands)'
            cand --kubeconfig 'Path to the kubeconfig file (cluster commands)'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'When to use colour on a terminal (NO_COLOR is honoured with auto)'
            cand -R 'Read directories recursively'
            cand --recursive 'Read directories recursively'
            cand -q 'Print only data and problems'
            cand --quiet 'Print only data and problems'
            cand -v 'Say more about what is happening (repeat for more)'
            cand --verbose 'Say more about what is happening (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ingressctl;cert'= {
            cand -n 'Namespace of the objects to create or read'
            cand --namespace 'Namespace of the objects to create or read'
            cand --context 'kubeconfig context to use (cluster commands)'
            cand --kubeconfig 'Path to the kubeconfig file (cluster commands)'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'When to use colour on a terminal (NO_COLOR is honoured with auto)'
            cand -q 'Print only data and problems'
            cand --quiet 'Print only data and problems'
            cand -v 'Say more about what is happening (repeat for more)'
            cand --verbose 'Say more about what is happening (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand gen 'Generate a private key and a certificate (self-signed, a local CA, or CA-issued)'
            cand secret 'Print the kubernetes.io/tls Secret for a certificate and key (it contains the key)'
            cand inspect 'Show what certificates, keys and TLS Secrets hold, and whether they match'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ingressctl;cert;gen'= {
            cand --cn 'Subject common name (also written as a DNS SAN for leaf certificates)'
            cand --san 'Another subject alternative name: DNS name, wildcard or IP address (repeatable)'
            cand --days 'Validity in days [default: 365; 3650 with --ca]'
            cand --key-type 'Key type'
            cand --ca-cert 'Sign with this CA certificate (with --ca-key)'
            cand --ca-key 'The CA''s private key (with --ca-cert)'
            cand --out-dir 'Directory for the files'
            cand --cert-out 'Certificate file [default: OUT_DIR/tls.crt, or ca.crt with --ca]'
            cand --key-out 'Private key file, written 0600 [default: OUT_DIR/tls.key, or ca.key with --ca]'
            cand --name 'Secret name (with --secret)'
            cand -n 'Namespace of the objects to create or read'
            cand --namespace 'Namespace of the objects to create or read'
            cand --context 'kubeconfig context to use (cluster commands)'
            cand --kubeconfig 'Path to the kubeconfig file (cluster commands)'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'When to use colour on a terminal (NO_COLOR is honoured with auto)'
            cand --ca 'Make a CA certificate (default files ca.crt and ca.key)'
            cand --force 'Replace existing files'
            cand --secret 'Also print the kubernetes.io/tls Secret on stdout (it contains the key)'
            cand -q 'Print only data and problems'
            cand --quiet 'Print only data and problems'
            cand -v 'Say more about what is happening (repeat for more)'
            cand --verbose 'Say more about what is happening (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ingressctl;cert;secret'= {
            cand --cert 'Certificate (chain, leaf first), PEM'
            cand --key 'Private key, PEM'
            cand --name 'Secret name'
            cand -n 'Namespace of the objects to create or read'
            cand --namespace 'Namespace of the objects to create or read'
            cand --context 'kubeconfig context to use (cluster commands)'
            cand --kubeconfig 'Path to the kubeconfig file (cluster commands)'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'When to use colour on a terminal (NO_COLOR is honoured with auto)'
            cand --apply 'Create or update the Secret in the cluster instead of printing it'
            cand -q 'Print only data and problems'
            cand --quiet 'Print only data and problems'
            cand -v 'Say more about what is happening (repeat for more)'
            cand --verbose 'Say more about what is happening (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ingressctl;cert;inspect'= {
            cand -n 'Namespace of the objects to create or read'
            cand --namespace 'Namespace of the objects to create or read'
            cand --context 'kubeconfig context to use (cluster commands)'
            cand --kubeconfig 'Path to the kubeconfig file (cluster commands)'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'When to use colour on a terminal (NO_COLOR is honoured with auto)'
            cand -q 'Print only data and problems'
            cand --quiet 'Print only data and problems'
            cand -v 'Say more about what is happening (repeat for more)'
            cand --verbose 'Say more about what is happening (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ingressctl;cert;help'= {
            cand gen 'Generate a private key and a certificate (self-signed, a local CA, or CA-issued)'
            cand secret 'Print the kubernetes.io/tls Secret for a certificate and key (it contains the key)'
            cand inspect 'Show what certificates, keys and TLS Secrets hold, and whether they match'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ingressctl;cert;help;gen'= {
        }
        &'ingressctl;cert;help;secret'= {
        }
        &'ingressctl;cert;help;inspect'= {
        }
        &'ingressctl;cert;help;help'= {
        }
        &'ingressctl;host'= {
            cand -n 'Namespace of the objects to create or read'
            cand --namespace 'Namespace of the objects to create or read'
            cand --context 'kubeconfig context to use (cluster commands)'
            cand --kubeconfig 'Path to the kubeconfig file (cluster commands)'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'When to use colour on a terminal (NO_COLOR is honoured with auto)'
            cand -q 'Print only data and problems'
            cand --quiet 'Print only data and problems'
            cand -v 'Say more about what is happening (repeat for more)'
            cand --verbose 'Say more about what is happening (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ingressctl;verify'= {
            cand -n 'Namespace of the objects to create or read'
            cand --namespace 'Namespace of the objects to create or read'
            cand --context 'kubeconfig context to use (cluster commands)'
            cand --kubeconfig 'Path to the kubeconfig file (cluster commands)'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'When to use colour on a terminal (NO_COLOR is honoured with auto)'
            cand -q 'Print only data and problems'
            cand --quiet 'Print only data and problems'
            cand -v 'Say more about what is happening (repeat for more)'
            cand --verbose 'Say more about what is happening (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ingressctl;serve'= {
            cand -f 'Manifests: Ingress, Service, Endpoints, TLS Secret (file, directory or -; repeatable)'
            cand --filename 'Manifests: Ingress, Service, Endpoints, TLS Secret (file, directory or -; repeatable)'
            cand --http-addr 'Plain HTTP (and h2c) listener [default: 0.0.0.0:8080, or :80 as root or in a container]'
            cand --https-addr 'HTTPS listener [default: 0.0.0.0:8443, or :443 as root or in a container]'
            cand --admin-addr 'Admin listener (/healthz/ready, /stats/prometheus, /config_dump)'
            cand --ingress-class 'The ingress class to serve'
            cand --backend 'Addresses for a service: SERVICE[:PORT]=HOST:PORT[,HOST:PORT...] (round-robin; repeatable)'
            cand --tls-cert 'Default certificate (PEM), for clients without SNI and hosts without their own'
            cand --tls-key 'Key of --tls-cert'
            cand --no-route-status 'Status for requests no route matches (Envoy: 404; the seed''s transcript: 403)'
            cand --upstream-timeout 'Upstream timeout when no route rule sets one (the era''s default)'
            cand --connect-timeout 'Upstream connect timeout'
            cand --header-read-timeout 'Time a client has to send a request head (and a TLS handshake): slowloris bound'
            cand --max-header-bytes 'Largest request head accepted; larger gets 431'
            cand --idle-timeout 'Close connections idle this long (no traffic, no request in flight)'
            cand --drain-timeout 'After SIGTERM, how long in-flight requests may finish'
            cand --access-log-format 'Access log on stdout'
            cand --watch-interval 'How often watched files are checked for changes'
            cand --cluster-domain 'Cluster DNS domain for upstreams without addresses (SERVICE.NAMESPACE.svc.DOMAIN)'
            cand --workers 'Worker threads [default: one per core]'
            cand -n 'Namespace of the objects to create or read'
            cand --namespace 'Namespace of the objects to create or read'
            cand --context 'kubeconfig context to use (cluster commands)'
            cand --kubeconfig 'Path to the kubeconfig file (cluster commands)'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'When to use colour on a terminal (NO_COLOR is honoured with auto)'
            cand -R 'Read directories recursively'
            cand --recursive 'Read directories recursively'
            cand --demo 'Serve the seed''s Ingresses in front of a built-in httpbin, with a generated certificate'
            cand -q 'Print only data and problems'
            cand --quiet 'Print only data and problems'
            cand -v 'Say more about what is happening (repeat for more)'
            cand --verbose 'Say more about what is happening (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ingressctl;completion'= {
            cand -n 'Namespace of the objects to create or read'
            cand --namespace 'Namespace of the objects to create or read'
            cand --context 'kubeconfig context to use (cluster commands)'
            cand --kubeconfig 'Path to the kubeconfig file (cluster commands)'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'When to use colour on a terminal (NO_COLOR is honoured with auto)'
            cand -q 'Print only data and problems'
            cand --quiet 'Print only data and problems'
            cand -v 'Say more about what is happening (repeat for more)'
            cand --verbose 'Say more about what is happening (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ingressctl;version'= {
            cand -n 'Namespace of the objects to create or read'
            cand --namespace 'Namespace of the objects to create or read'
            cand --context 'kubeconfig context to use (cluster commands)'
            cand --kubeconfig 'Path to the kubeconfig file (cluster commands)'
            cand -o 'Output format for data on stdout'
            cand --output 'Output format for data on stdout'
            cand --color 'When to use colour on a terminal (NO_COLOR is honoured with auto)'
            cand -q 'Print only data and problems'
            cand --quiet 'Print only data and problems'
            cand -v 'Say more about what is happening (repeat for more)'
            cand --verbose 'Say more about what is happening (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'ingressctl;help'= {
            cand create 'Print an Ingress or RouteRule manifest built from flags'
            cand validate 'Check Ingress, RouteRule and TLS Secret manifests against the Istio ingress''s limits'
            cand cert 'Make certificates, keys and the istio-ingress-certs Secret'
            cand host 'Find the ingress address (INGRESS_HOST) of a cluster'
            cand verify 'Check that an ingress answers as its manifests say (the seed''s curl checks)'
            cand serve 'Run the ingress proxy from Ingress, Service and TLS Secret manifests'
            cand completion 'Print a shell completion script'
            cand version 'Print the version'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'ingressctl;help;create'= {
            cand ingress 'Print an Ingress for the Istio ingress (YAML by default)'
            cand routerule 'Print a config.istio.io/v1alpha2 RouteRule'
        }
        &'ingressctl;help;create;ingress'= {
        }
        &'ingressctl;help;create;routerule'= {
        }
        &'ingressctl;help;validate'= {
        }
        &'ingressctl;help;cert'= {
            cand gen 'Generate a private key and a certificate (self-signed, a local CA, or CA-issued)'
            cand secret 'Print the kubernetes.io/tls Secret for a certificate and key (it contains the key)'
            cand inspect 'Show what certificates, keys and TLS Secrets hold, and whether they match'
        }
        &'ingressctl;help;cert;gen'= {
        }
        &'ingressctl;help;cert;secret'= {
        }
        &'ingressctl;help;cert;inspect'= {
        }
        &'ingressctl;help;host'= {
        }
        &'ingressctl;help;verify'= {
        }
        &'ingressctl;help;serve'= {
        }
        &'ingressctl;help;completion'= {
        }
        &'ingressctl;help;version'= {
        }
        &'ingressctl;help;help'= {
        }
    ]
    $completions[$command]
}
