//! `cert gen`, `cert secret`, `cert inspect`: the guide's openssl and kubectl secret steps.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use rcgen::PublicKeyData;
use serde::Serialize;

use super::GlobalArgs;
use super::cluster::{ApplyFlags, PreCheck, apply_sources};
use crate::cert::{self, CaInput, GenRequest, KeyType, files, inspect, secret};
use crate::exit::CliError;
use crate::manifest::Source;
use crate::manifest::model::Secret;
use crate::output::{Format, Printer};

/// `cert` subcommands.
#[derive(Debug, Subcommand)]
pub enum CertCommand {
    /// Generate a private key and a certificate (self-signed, a local CA, or CA-issued).
    #[command(after_help = GEN_EXAMPLES)]
    Gen(Box<GenArgs>),
    /// Print the kubernetes.io/tls Secret for a certificate and key (it contains the key).
    #[command(after_help = SECRET_EXAMPLES)]
    Secret(SecretArgs),
    /// Show what certificates, keys and TLS Secrets hold, and whether they match.
    #[command(after_help = INSPECT_EXAMPLES)]
    Inspect(InspectArgs),
}

const GEN_EXAMPLES: &str = "\
Keys are written with mode 0600 and never shown on stdout, except inside a Secret manifest
(--secret), which contains the key by nature. Existing files are never overwritten without --force.

Examples:
  # The guide's openssl line, plus the SAN and key usages modern clients require
  ingressctl cert gen --cn foo.bar.com

  # ... and the istio-ingress-certs Secret in one step
  ingressctl cert gen --cn foo.bar.com --secret | kubectl apply -f -

  # A local CA, then a leaf it signs: clients trust ca.crt instead of using -k
  ingressctl cert gen --ca --cn 'ingressctl local CA'
  ingressctl cert gen --ca-cert ca.crt --ca-key ca.key --cn foo.bar.com --san '*.bar.com' --san 127.0.0.1";

const SECRET_EXAMPLES: &str = "\
The output contains the private key (base64-encoded, as Kubernetes stores it).

Examples:
  ingressctl cert secret --cert tls.crt --key tls.key | kubectl apply -f -
  ingressctl cert secret --cert tls.crt --key tls.key --name web-certs -n shop -o json";

const INSPECT_EXAMPLES: &str = "\
Examples:
  ingressctl cert inspect tls.crt tls.key
  kubectl get secret -n istio-system istio-ingress-certs -o yaml > s.yaml && ingressctl cert inspect s.yaml";

/// `cert gen` arguments.
#[derive(Debug, Args)]
pub struct GenArgs {
    /// Subject common name (also written as a DNS SAN for leaf certificates).
    #[arg(long, value_name = "NAME")]
    pub cn: String,
    /// Another subject alternative name: DNS name, wildcard or IP address (repeatable).
    #[arg(long = "san", value_name = "NAME")]
    pub sans: Vec<String>,
    /// Validity in days [default: 365; 3650 with --ca].
    #[arg(long, value_name = "DAYS", allow_negative_numbers = true, value_parser = parse_days)]
    pub days: Option<u32>,
    /// Key type.
    #[arg(long, value_enum, default_value = "rsa2048", value_name = "TYPE")]
    pub key_type: KeyType,
    /// Make a CA certificate (default files ca.crt and ca.key).
    #[arg(long, conflicts_with_all = ["ca_cert", "ca_key", "sans"])]
    pub ca: bool,
    /// Sign with this CA certificate (with --ca-key).
    #[arg(long, value_name = "FILE", requires = "ca_key")]
    pub ca_cert: Option<PathBuf>,
    /// The CA's private key (with --ca-cert).
    #[arg(long, value_name = "FILE", requires = "ca_cert")]
    pub ca_key: Option<PathBuf>,
    /// Directory for the files [default: the current directory; with --secret alone, no files
    /// are written].
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
    /// Certificate file [default: OUT_DIR/tls.crt, or ca.crt with --ca].
    #[arg(long, value_name = "FILE")]
    pub cert_out: Option<PathBuf>,
    /// Private key file, written 0600 [default: OUT_DIR/tls.key, or ca.key with --ca].
    #[arg(long, value_name = "FILE")]
    pub key_out: Option<PathBuf>,
    /// Replace existing files.
    #[arg(long)]
    pub force: bool,
    /// Print the kubernetes.io/tls Secret on stdout (it contains the key); the files are
    /// written too only when --out-dir, --cert-out or --key-out is given.
    #[arg(long)]
    pub secret: bool,
    /// Secret name (with --secret).
    #[arg(long, default_value = secret::DEFAULT_NAME, value_name = "NAME", value_parser = crate::manifest::names::object_name)]
    pub name: String,
    /// With --secret: create or update the Secret in the cluster instead of printing it.
    #[arg(long, requires = "secret")]
    pub apply: bool,
    /// How to apply (with --apply).
    #[command(flatten)]
    pub apply_flags: ApplyFlags,
}

/// `cert secret` arguments.
#[derive(Debug, Args)]
pub struct SecretArgs {
    /// Certificate (chain, leaf first), PEM.
    #[arg(long, value_name = "FILE")]
    pub cert: PathBuf,
    /// Private key, PEM.
    #[arg(long, value_name = "FILE")]
    pub key: PathBuf,
    /// Secret name.
    #[arg(long, default_value = secret::DEFAULT_NAME, value_name = "NAME", value_parser = crate::manifest::names::object_name)]
    pub name: String,
    /// Create or update the Secret in the cluster instead of printing it.
    #[arg(long)]
    pub apply: bool,
    /// How to apply (with --apply).
    #[command(flatten)]
    pub apply_flags: ApplyFlags,
}

/// `cert inspect` arguments.
#[derive(Debug, Args)]
pub struct InspectArgs {
    /// PEM certificates, PEM keys, or Secret manifests.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// Runs `cert`.
pub fn run(cmd: &CertCommand, g: &GlobalArgs) -> Result<()> {
    match cmd {
        CertCommand::Gen(args) => gen_cmd(args, g),
        CertCommand::Secret(args) => secret_cmd(args, g),
        CertCommand::Inspect(args) => inspect_cmd(args, g),
    }
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn in_file<T>(path: &Path, result: Result<T>) -> Result<T> {
    result.map_err(|e| anyhow::anyhow!("{}: {e:#}", path.display()))
}

/// `--days`: a whole number of days, at least 1.
fn parse_days(text: &str) -> std::result::Result<u32, String> {
    match text.parse::<i64>() {
        Ok(n) if n >= 1 => u32::try_from(n).map_err(|_| format!("{n} days is too long")),
        Ok(n) => Err(format!("must be at least 1 (got {n})")),
        Err(_) => Err(format!("`{text}` is not a whole number of days")),
    }
}

/// The names a certificate is for: refused before any key is made when it could match no host.
fn check_names(args: &GenArgs) -> Result<()> {
    if args.cn.trim().is_empty() {
        return Err(CliError::Usage("--cn must not be empty".into()).into());
    }
    for san in &args.sans {
        cert::san_from_text(san)
            .map_err(|e| CliError::Usage(format!("invalid --san {san:?}: {e:#}")))?;
    }
    if !args.ca && args.sans.is_empty() && cert::san_from_text(&args.cn).is_err() {
        return Err(CliError::Usage(format!(
            "--cn {:?} is not a host name or IP address and no --san was given: the certificate would match no host; pass --cn HOST or add --san HOST",
            args.cn
        ))
        .into());
    }
    Ok(())
}

/// Where the certificate and key go: `None` with `--secret` alone (nothing on disk).
fn gen_paths(args: &GenArgs) -> Result<Option<(PathBuf, PathBuf)>> {
    let asked = args.out_dir.is_some() || args.cert_out.is_some() || args.key_out.is_some();
    if args.secret && !asked {
        return Ok(None);
    }
    let (cert_default, key_default) = if args.ca {
        ("ca.crt", "ca.key")
    } else {
        ("tls.crt", "tls.key")
    };
    let dir = args.out_dir.clone().unwrap_or_else(|| PathBuf::from("."));
    let cert_path = args
        .cert_out
        .clone()
        .unwrap_or_else(|| dir.join(cert_default));
    let key_path = args
        .key_out
        .clone()
        .unwrap_or_else(|| dir.join(key_default));
    if cert_path == key_path {
        return Err(CliError::Usage("--cert-out and --key-out name the same file".into()).into());
    }
    files::ensure_writable(&[&cert_path, &key_path], args.force)?;
    Ok(Some((cert_path, key_path)))
}

fn gen_cmd(args: &GenArgs, g: &GlobalArgs) -> Result<()> {
    if args.apply_flags.dry_run.is_some() && !args.secret {
        return Err(CliError::Usage(
            "--dry-run is about the Secret: add --secret (the files are written either way)".into(),
        )
        .into());
    }
    let sends = args.apply_flags.sends_checked(args.apply)?;
    check_names(args)?;
    let paths = gen_paths(args)?;
    let issuer = match (&args.ca_cert, &args.ca_key) {
        (Some(c), Some(k)) => Some(CaInput {
            cert_pem: in_file(c, read_text(c))?,
            key_pem: in_file(k, read_text(k))?,
        }),
        _ => None,
    };
    let req = GenRequest {
        common_name: args.cn.clone(),
        sans: args.sans.clone(),
        days: args.days.unwrap_or(if args.ca { 3650 } else { 365 }),
        key_type: args.key_type,
        is_ca: args.ca,
        issuer,
    };
    let bundle = cert::generate(&req)?;
    if let Some((cert_path, key_path)) = &paths {
        files::write_key(key_path, &bundle.key_pem)?;
        files::write_cert(cert_path, &bundle.cert_pem)?;
        report_written(&g.printer(), args, cert_path, key_path, &bundle.cert_pem)?;
    }
    if args.secret {
        let ns = g.namespace.as_deref().unwrap_or(secret::DEFAULT_NAMESPACE);
        let s = secret::build(&args.name, ns, &bundle.cert_pem, &bundle.key_pem);
        deliver_secret(&s, g, sends, &args.apply_flags)?;
    }
    Ok(())
}

fn report_written(
    printer: &Printer,
    args: &GenArgs,
    cert: &Path,
    key: &Path,
    cert_pem: &str,
) -> Result<()> {
    let info = inspect::certificate(cert_pem)?;
    let what = if args.ca {
        "CA certificate"
    } else {
        "certificate"
    };
    printer.status(&format!(
        "wrote {} ({what} {}, {}valid {} days) and {} ({}, mode 0600)",
        cert.display(),
        info.subject,
        if info.sans.is_empty() {
            String::new()
        } else {
            format!("SANs {}, ", info.sans.join(" "))
        },
        info.days_left + 1,
        key.display(),
        info.key,
    ));
    if args.ca {
        printer.status(&format!(
            "next: ingressctl cert gen --ca-cert {} --ca-key {} --cn HOST",
            cert.display(),
            key.display()
        ));
    } else if let Some(ca) = &args.ca_cert {
        let host = args.cn.as_str();
        printer.status(&format!(
            "clients that trust {ca} accept it without -k:\n  curl --cacert {ca} https://{host}/\n  ingressctl verify --cacert {ca} https://{host}/",
            ca = ca.display()
        ));
    }
    Ok(())
}

fn secret_cmd(args: &SecretArgs, g: &GlobalArgs) -> Result<()> {
    let sends = args.apply_flags.sends_checked(args.apply)?;
    let cert_pem = in_file(&args.cert, read_text(&args.cert))?;
    let key_pem = in_file(&args.key, read_text(&args.key))?;
    in_file(&args.cert, inspect::certificate(&cert_pem).map(|_| ()))?;
    in_file(&args.key, inspect::private_key(&key_pem).map(|_| ()))?;
    secret::check_pair(&cert_pem, &key_pem)
        .with_context(|| format!("{} and {}", args.cert.display(), args.key.display()))?;
    let ns = g.namespace.as_deref().unwrap_or(secret::DEFAULT_NAMESPACE);
    let s = secret::build(&args.name, ns, &cert_pem, &key_pem);
    deliver_secret(&s, g, sends, &args.apply_flags)
}

/// Prints the Secret, or applies it with `--apply` (its pair was checked already).
fn deliver_secret<T: Serialize>(
    s: &T,
    g: &GlobalArgs,
    apply: bool,
    flags: &ApplyFlags,
) -> Result<()> {
    let format = g.output.unwrap_or(Format::Yaml);
    if !apply {
        return g.printer().value(s, format);
    }
    let text = crate::output::render(s, format)?;
    apply_sources(
        &[Source::from_text("<generated>", &text)],
        g,
        flags,
        PreCheck::Skip,
    )
}

/// One inspected item, as data (`-o json|yaml`).
#[derive(Debug, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
enum Item {
    Certificate {
        file: String,
        #[serde(flatten)]
        info: inspect::CertInfo,
        warnings: Vec<String>,
    },
    PrivateKey {
        file: String,
        key: String,
        matches: Option<String>,
    },
}

fn inspect_cmd(args: &InspectArgs, g: &GlobalArgs) -> Result<()> {
    let mut certs: Vec<(String, String)> = Vec::new();
    let mut keys: Vec<(String, String)> = Vec::new();
    for path in &args.files {
        let text = in_file(path, read_text(path))?;
        collect(path, &text, &mut certs, &mut keys)?;
    }
    let mut items = Vec::new();
    let mut problems = 0;
    for (file, pem) in &certs {
        let info = in_file(Path::new(file), inspect::certificate(pem))?;
        let warnings = cert_warnings(&info);
        problems += usize::from(info.expired());
        items.push(Item::Certificate {
            file: file.clone(),
            info,
            warnings,
        });
    }
    let leaf = certs
        .first()
        .map(|(f, pem)| (f.clone(), inspect::certificate(pem)));
    for (file, pem) in &keys {
        let key = in_file(Path::new(file), inspect::private_key(pem))?;
        let matches = leaf.as_ref().and_then(|(f, info)| {
            info.as_ref().ok().map(|i| {
                if i.spki == key.subject_public_key_info() {
                    format!("yes: {f} ({})", i.subject)
                } else {
                    format!("NO: not the key of {f} ({})", i.subject)
                }
            })
        });
        problems += usize::from(matches.as_deref().is_some_and(|m| m.starts_with("NO")));
        items.push(Item::PrivateKey {
            file: file.clone(),
            key: inspect::key_info(&key),
            matches,
        });
    }
    let printer = g.printer();
    match g.output {
        Some(format) => printer.value(&items, format)?,
        None => printer.data(&render_items(&items))?,
    }
    for item in &items {
        if let Item::Certificate { file, warnings, .. } = item {
            for w in warnings {
                printer.warn(&format!("{file}: {w}"));
            }
        }
    }
    if problems > 0 {
        return Err(CliError::Findings(format!("{problems} problem(s)")).into());
    }
    Ok(())
}

fn cert_warnings(info: &inspect::CertInfo) -> Vec<String> {
    let mut w = Vec::new();
    let cn_is_host = info
        .subject
        .strip_prefix("CN=")
        .is_some_and(|cn| cn.contains('.') && !cn.contains(' '));
    if info.sans.is_empty() && (!info.is_ca || cn_is_host) {
        w.push("no subject alternative name: rustls, browsers and Go clients reject it for host name checks (regenerate with `ingressctl cert gen`, which writes the CN as a SAN)".into());
    }
    if info.expired() {
        w.push(format!("expired on {}", info.not_after));
    } else if info.days_left < 14 {
        w.push(format!("expires in {} days", info.days_left));
    }
    w
}

/// Splits a file into certificate and key PEM texts (from PEM or a Secret manifest).
fn collect(
    path: &Path,
    text: &str,
    certs: &mut Vec<(String, String)>,
    keys: &mut Vec<(String, String)>,
) -> Result<()> {
    let name = path.display().to_string();
    if !text.contains("-----BEGIN") {
        let secret: Secret = serde_yaml::from_str(text)
            .map_err(|_| anyhow::anyhow!("{name}: neither PEM nor a Secret manifest"))?;
        let (crt, key) = in_file(path, secret::pems(&secret))?;
        certs.push((format!("{name}[tls.crt]"), crt));
        if let Some(key) = key {
            keys.push((format!("{name}[tls.key]"), key));
        }
        return Ok(());
    }
    let blocks = in_file(path, inspect::pem_blocks(text))?;
    if blocks.is_empty() {
        bail!("{name}: no PEM block found");
    }
    for (i, block) in blocks.iter().enumerate() {
        let label = if blocks.len() > 1 {
            format!("{name}[{i}]")
        } else {
            name.clone()
        };
        let pem = pem::encode(block);
        match block.tag() {
            "CERTIFICATE" => certs.push((label, pem)),
            t if t.ends_with("PRIVATE KEY") => keys.push((label, pem)),
            "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => {
                bail!("{name}: this is a certificate signing request (CSR), not a certificate")
            }
            t => bail!("{name}: unexpected PEM block {t}"),
        }
    }
    Ok(())
}

fn render_items(items: &[Item]) -> String {
    let mut out = String::new();
    for item in items {
        match item {
            Item::Certificate { file, info, .. } => {
                let self_signed = if info.issuer == info.subject {
                    " (self-signed)"
                } else {
                    ""
                };
                let _ = writeln!(out, "{file}: certificate");
                let _ = writeln!(out, "  subject:  {}", info.subject);
                let sans = if info.sans.is_empty() {
                    "(none)".to_string()
                } else {
                    info.sans.join(", ")
                };
                let _ = writeln!(out, "  SANs:     {sans}");
                let _ = writeln!(out, "  issuer:   {}{self_signed}", info.issuer);
                let _ = writeln!(out, "  serial:   {}", info.serial);
                let _ = writeln!(
                    out,
                    "  valid:    {} to {} ({} days left)",
                    info.not_before, info.not_after, info.days_left
                );
                let _ = writeln!(out, "  key:      {}", info.key);
                let _ = writeln!(out, "  CA:       {}", if info.is_ca { "yes" } else { "no" });
            }
            Item::PrivateKey { file, key, matches } => {
                let _ = writeln!(out, "{file}: private key");
                let _ = writeln!(out, "  key:      {key}");
                if let Some(m) = matches {
                    let _ = writeln!(out, "  matches:  {m}");
                }
            }
        }
    }
    out
}
