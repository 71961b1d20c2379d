//! The docs are tests: every `ingressctl` command in README.md, docs/*.md and the `--help`
//! examples is a valid command line, and the walkthroughs run as written against real parts
//! (serve, httpbin, generated certificates, the Kubernetes API stand-in with real kubectl).

use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::apiserver::{ApiServer, Options};
use crate::support::serve::{DEADLINE, Serve};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The lines of a page's ```sh blocks, continuation lines joined.
fn sh_lines(page: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_sh = false;
    let mut pending = String::new();
    for line in page.lines() {
        match line.trim() {
            "```sh" => in_sh = true,
            "```" => in_sh = false,
            text if in_sh => {
                if let Some(head) = text.strip_suffix('\\') {
                    pending.push_str(head);
                    continue;
                }
                pending.push_str(text);
                let whole = std::mem::take(&mut pending);
                if !whole.trim().is_empty() && !whole.trim_start().starts_with('#') {
                    lines.push(whole);
                }
            }
            _ => {}
        }
    }
    lines
}

/// A line split into its code and its comment (a `#` after a space, outside quotes).
fn code_and_comment(line: &str) -> (&str, &str) {
    let mut quote = None;
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if previous.is_whitespace() => {
                return (line[..i].trim_end(), line[i + 1..].trim());
            }
            _ => {}
        }
        previous = c;
    }
    (line.trim_end(), "")
}

/// Command substitutions `$(...)` taken out of `code` (returned), each replaced by a word.
fn substitutions(code: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut inner = Vec::new();
    let mut rest = code;
    while let Some(start) = rest.find("$(") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after.find(')').unwrap_or(after.len());
        inner.push(after[..end].to_string());
        out.push_str("SUBSTITUTED");
        rest = after.get(end + 1..).unwrap_or("");
    }
    out.push_str(rest);
    (out, inner)
}

/// Shell variables outside single quotes (`$VAR`, `${...}`) replaced by an address, as a
/// reader's environment would fill them in.
fn expand_variables(code: &str) -> String {
    let mut out = String::new();
    let mut single = false;
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                single = !single;
                out.push(c);
            }
            '$' if !single => {
                if chars.peek() == Some(&'{') {
                    for d in chars.by_ref() {
                        if d == '}' {
                            break;
                        }
                    }
                } else {
                    while chars
                        .peek()
                        .is_some_and(|d| d.is_ascii_alphanumeric() || *d == '_')
                    {
                        chars.next();
                    }
                }
                out.push_str("127.0.0.1:8080");
            }
            _ => out.push(c),
        }
    }
    out
}

/// The pipeline and list members of a line (split at `|`, `;`, `&` outside quotes).
fn segments(code: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quote = None;
    for c in code.chars() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '|' | ';' | '&') => {
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out
}

/// The `ingressctl` invocations of a shell line, as argument lists (after the program name).
fn invocations(line: &str) -> Vec<Vec<String>> {
    let (code, _) = code_and_comment(line);
    let (code, inner) = substitutions(code);
    let mut found: Vec<Vec<String>> = inner.iter().flat_map(|c| invocations(c)).collect();
    for segment in segments(&expand_variables(&code)) {
        let words = shlex::split(&segment)
            .unwrap_or_else(|| panic!("unbalanced quotes in `{line}`"))
            .into_iter()
            .take_while(|w| !w.starts_with('>') && !w.starts_with('<'))
            .collect::<Vec<_>>();
        let args = match words.first().map(String::as_str) {
            Some("ingressctl") => words[1..].to_vec(),
            Some("cargo") if words.get(1).is_some_and(|w| w == "run") => {
                match words.iter().position(|w| w == "--") {
                    Some(i) => words[i + 1..].to_vec(),
                    None => continue,
                }
            }
            _ => continue,
        };
        found.push(args);
    }
    found
}

/// `--help` examples of every command: the lines after `Examples:` that run ingressctl.
fn help_examples() -> Vec<String> {
    fn walk(cmd: &clap::Command, out: &mut Vec<String>) {
        for help in [cmd.get_after_help(), cmd.get_after_long_help()]
            .into_iter()
            .flatten()
        {
            let text = help.to_string();
            let mut pending = String::new();
            for line in text.lines().map(str::trim) {
                if let Some(head) = line.strip_suffix('\\') {
                    pending.push_str(head);
                    continue;
                }
                pending.push_str(line);
                let whole = std::mem::take(&mut pending);
                if whole.starts_with("ingressctl ") || whole.contains("| ingressctl ") {
                    out.push(whole);
                }
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&ingressctl::cli::command(), &mut out);
    out
}

fn pages() -> Vec<PathBuf> {
    let mut pages = vec![repo().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(repo().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

#[test]
fn every_documented_command_is_a_valid_command_line() {
    let mut lines: Vec<(String, String)> = Vec::new();
    for page in pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        let name = page.strip_prefix(repo()).unwrap().display().to_string();
        lines.extend(sh_lines(&text).into_iter().map(|l| (name.clone(), l)));
    }
    lines.extend(help_examples().into_iter().map(|l| ("--help".into(), l)));
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (place, line) in &lines {
        for args in invocations(line) {
            checked += 1;
            let argv = std::iter::once("ingressctl".to_string()).chain(args.iter().cloned());
            if let Err(e) = ingressctl::cli::check_command_line(argv) {
                wrong.push(format!("{place}: `{line}`:\n{e}"));
            }
        }
    }
    assert!(checked >= 100, "only {checked} commands found");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Runs documented shell lines one by one in a directory, as a reader would: a line ending in
/// `&` is started in the background and waited for (every `127.0.0.1:PORT` it names answers), a
/// `curl` line whose comment starts with a status checks it, a comment with `once` marks setup
/// that CI has done already. Background processes are killed at the end.
struct Walkthrough {
    dir: PathBuf,
    env: Vec<(String, String)>,
    background: Vec<Child>,
}

impl Drop for Walkthrough {
    /// Each background line runs in its own process group: the whole group goes (gunicorn's
    /// workers with their master), SIGTERM first, SIGKILL after the deadline.
    fn drop(&mut self) {
        for child in &mut self.background {
            let group = format!("-{}", child.id());
            let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
            let deadline = Instant::now() + DEADLINE;
            while Instant::now() < deadline && matches!(child.try_wait(), Ok(None)) {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
            let _ = child.wait();
        }
    }
}

impl Walkthrough {
    fn new(dir: &Path) -> Walkthrough {
        let path = crate::support::path_with_binary();
        Walkthrough {
            dir: dir.to_path_buf(),
            env: vec![("PATH".into(), path), ("NO_COLOR".into(), "1".into())],
            background: Vec::new(),
        }
    }

    fn command(&self, code: &str) -> Command {
        let mut c = Command::new("sh");
        c.args(["-ec", code])
            .current_dir(&self.dir)
            .env_remove("KUBECONFIG")
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        c
    }

    fn run(&mut self, line: &str) {
        let (code, comment) = code_and_comment(line);
        if comment.split_whitespace().any(|w| w == "once") {
            return;
        }
        if let Some(code) = code.strip_suffix('&') {
            let child = self
                .command(&format!("exec {code}"))
                .process_group(0)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            self.background.push(child);
            // Every loopback address the line names answers once it is up (the ones it
            // listens on, and the backends it was given, which are up already).
            for addr in local_addresses(code) {
                let deadline = Instant::now() + DEADLINE;
                while TcpStream::connect(&addr).is_err() {
                    assert!(
                        Instant::now() < deadline,
                        "`{code}` never listened on {addr}"
                    );
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
            return;
        }
        let out = self.command(code).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "`{line}` failed ({}):\n{stdout}{stderr}",
            out.status
        );
        let status = comment.split(|c: char| !c.is_ascii_digit()).next();
        if code.starts_with("curl ") && status.is_some_and(|s| s.len() == 3) {
            let status = status.unwrap_or_default();
            let first = stdout.lines().next().unwrap_or_default();
            assert!(
                first.split_whitespace().nth(1) == Some(status),
                "`{line}` answered `{first}`"
            );
        }
    }
}

fn local_addresses(code: &str) -> Vec<String> {
    code.match_indices("127.0.0.1:")
        .map(|(at, marker)| {
            let port: String = code[at + marker.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            format!("127.0.0.1:{port}")
        })
        .collect()
}

/// Where the README's httpbin comes from (what .ci/run installs).
fn httpbin_venv() -> Option<PathBuf> {
    let dir = repo().join(".venv-httpbin");
    dir.join("bin/gunicorn").exists().then_some(dir)
}

#[test]
fn the_readme_walkthrough_runs_as_written() {
    let Some(venv) = httpbin_venv() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the README walkthrough: .ci/run installs .venv-httpbin"
        );
        eprintln!("SKIPPED the_readme_walkthrough_runs_as_written: no .venv-httpbin");
        return;
    };
    let _ports = crate::support::fixed_ports();
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let lines = sh_lines(&readme);
    let start = lines
        .iter()
        .position(|l| l.contains("python3 -m venv .venv-httpbin"))
        .expect("the local walkthrough");
    let end = start
        + lines[start..]
            .iter()
            .position(|l| l.starts_with("ingressctl verify -f docs/examples/guide/"))
            .expect("ends with verify");
    // The repository's top directory, as the README says, without writing into it.
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(repo().join("docs"), dir.path().join("docs")).unwrap();
    std::os::unix::fs::symlink(&venv, dir.path().join(".venv-httpbin")).unwrap();
    let mut walk = Walkthrough::new(dir.path());
    walk.env
        .push(("HOME".into(), std::env::temp_dir().display().to_string()));
    for line in &lines[start..=end] {
        walk.run(line);
    }
}

#[test]
fn the_cert_page_runs_in_order_in_one_directory() {
    let api = ApiServer::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let kubeconfig = api.write_kubeconfig(dir.path());
    let page = std::fs::read_to_string(repo().join("docs/cert.md")).unwrap();
    let lines = sh_lines(&page);
    assert!(lines.len() >= 5, "{lines:?}");
    let mut walk = Walkthrough::new(dir.path());
    walk.env
        .push(("KUBECONFIG".into(), kubeconfig.display().to_string()));
    let kubectl = which("kubectl").is_some();
    assert!(
        kubectl || std::env::var_os("CI").is_none(),
        "CI has kubectl"
    );
    for line in &lines {
        if line.contains("kubectl") && !kubectl {
            continue;
        }
        walk.run(line);
    }
    assert!(
        !kubectl
            || api
                .get("v1", "Secret", Some("istio-system"), "istio-ingress-certs")
                .is_some(),
        "`cert gen --secret | kubectl apply -f -` stored the Secret"
    );
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(program))
        .find(|p| p.exists())
}

#[test]
fn the_create_page_prints_what_it_says() {
    let dir = tempfile::tempdir().unwrap();
    let page = std::fs::read_to_string(repo().join("docs/create.md")).unwrap();
    let lines = sh_lines(&page);
    assert!(lines.len() >= 4, "{lines:?}");
    let mut walk = Walkthrough::new(dir.path());
    for line in &lines {
        walk.run(line);
    }
}

#[test]
fn the_verify_page_passes_against_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let demo = Serve::start(dir.path(), &["--demo"]);
    let page = std::fs::read_to_string(repo().join("docs/verify.md")).unwrap();
    let lines: Vec<String> = sh_lines(&page)
        .into_iter()
        .filter(|l| l.contains("$INGRESS_HOST") || l.contains("$SECURE_INGRESS_HOST"))
        .collect();
    assert!(lines.len() >= 4, "{lines:?}");
    let mut walk = Walkthrough::new(dir.path());
    walk.env
        .push(("INGRESS_HOST".into(), demo.http.to_string()));
    walk.env.push((
        "SECURE_INGRESS_HOST".into(),
        demo.https.expect("the demo serves HTTPS").to_string(),
    ));
    for line in &lines {
        walk.run(line);
    }
}

/// The annotation table of docs/migrate-from-ingress-nginx.md, from the code's own table.
fn annotation_table() -> String {
    use ingressctl::manifest::nginx::{ANNOTATIONS, Expressed};
    let cell = |text: &str| text.replace('|', "\\|");
    let target = |e: Expressed| match e {
        Expressed::By(field) => cell(field),
        Expressed::Nothing(why) => format!("no: {}", cell(why)),
    };
    let mut out = String::from(
        "| annotation | under ingress-nginx it | guide's Istio (RouteRule) | today's Istio | Gateway API | carried |\n|---|---|---|---|---|---|\n",
    );
    for a in ANNOTATIONS {
        out.push_str(&format!(
            "| `{}` ({}) | {} | {} | {} | {} | {} |\n",
            a.name,
            a.family.title(),
            cell(a.did),
            target(a.guide),
            target(a.istio),
            target(a.gateway_api),
            if a.carried { "yes" } else { "no" }
        ));
    }
    out
}

/// Fails when the migration page's table is stale; `INGRESSCTL_BLESS=1 cargo test` rewrites it.
#[test]
fn the_migration_table_is_the_codes_table() {
    let path = repo().join("docs/migrate-from-ingress-nginx.md");
    let page = std::fs::read_to_string(&path).expect("migration page");
    let (head, rest) = page
        .split_once("<!-- table:begin -->\n")
        .expect("table:begin marker");
    let (_, tail) = rest
        .split_once("<!-- table:end -->")
        .expect("table:end marker");
    let fresh = format!(
        "{head}<!-- table:begin -->\n{}<!-- table:end -->{tail}",
        annotation_table()
    );
    if std::env::var_os("INGRESSCTL_BLESS").is_some() {
        std::fs::write(&path, &fresh).expect("write page");
        return;
    }
    assert!(
        page == fresh,
        "docs/migrate-from-ingress-nginx.md's table is stale: run INGRESSCTL_BLESS=1 cargo test"
    );
}
