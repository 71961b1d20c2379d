//! The front door: help, version, exit codes, colour, completions, docs and README.

use std::path::Path;

use crate::support::{ingressctl, run};

const COMMANDS: &[&[&str]] = &[
    &[],
    &["create"],
    &["create", "ingress"],
    &["create", "routerule"],
    &["validate"],
    &["cert"],
    &["cert", "gen"],
    &["cert", "secret"],
    &["cert", "inspect"],
    &["host"],
    &["apply"],
    &["delete"],
    &["install"],
    &["uninstall"],
    &["serve"],
    &["verify"],
    &["convert"],
    &["completion"],
];

#[test]
fn help_text_is_pinned() {
    for cmd in COMMANDS {
        let (code, out, _) = run(&[&cmd[..], &["--help"]].concat());
        assert_eq!(code, 0);
        let name = if cmd.is_empty() {
            "root".to_string()
        } else {
            cmd.join("_")
        };
        insta::assert_snapshot!(format!("help_{name}"), out);
    }
}

#[test]
fn every_command_is_in_the_top_level_help() {
    let (_, out, _) = run(&["--help"]);
    for cmd in [
        "create",
        "validate",
        "cert",
        "host",
        "apply",
        "delete",
        "verify",
        "serve",
        "completion",
        "version",
    ] {
        assert!(
            out.contains(&format!("  {cmd} ")),
            "{cmd} missing from --help"
        );
    }
}

#[test]
fn cluster_commands_without_a_cluster_say_so_and_exit_1() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["host"][..],
        &["apply", "-f", "-"],
        &["delete", "ingress", "x"],
        &["validate", "--cluster"],
    ] {
        let out = crate::support::ingressctl()
            .env("HOME", home.path())
            .env_remove("KUBERNETES_SERVICE_HOST")
            .args(args)
            .write_stdin(include_str!("../docs/examples/guide/simple-ingress.yaml"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(err.contains("no cluster configured"), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
    }
}

#[test]
fn unknown_flags_are_usage_errors() {
    let (code, _, err) = run(&["validate", "--frobnicate"]);
    assert_eq!(code, 2);
    assert!(err.contains("unexpected argument"), "{err}");
}

#[test]
fn version_prints_text_or_data() {
    let (code, out, _) = run(&["version"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        format!("ingressctl {}", env!("CARGO_PKG_VERSION"))
    );
    let (_, out, _) = run(&["version", "-o", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = ingressctl()
        .args(["create", "ingress", "x", "--rule", "/a*=s:80"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&plain.stderr).contains('\u{1b}'));
    let forced = ingressctl()
        .args([
            "--color", "always", "create", "ingress", "x", "--rule", "/a*=s:80",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&forced.stderr).contains('\u{1b}'));
    assert!(
        !String::from_utf8_lossy(&forced.stdout).contains('\u{1b}'),
        "data stays plain"
    );
}

#[test]
fn quiet_hides_notes() {
    let (_, _, err) = run(&["-q", "create", "ingress", "x", "--rule", "/a*=s:80"]);
    assert!(err.is_empty(), "{err}");
}

const SHELLS: &[(&str, &str)] = &[
    ("bash", "ingressctl.bash"),
    ("zsh", "_ingressctl"),
    ("fish", "ingressctl.fish"),
    ("powershell", "_ingressctl.ps1"),
    ("elvish", "ingressctl.elv"),
];

/// Fails when `completions/` is stale; `INGRESSCTL_BLESS=1 cargo test` rewrites it.
#[test]
fn committed_completions_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let bless = std::env::var_os("INGRESSCTL_BLESS").is_some();
    for (shell, file) in SHELLS {
        let (code, script, _) = run(&["completion", shell]);
        assert_eq!(code, 0);
        let path = dir.join(file);
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &script).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == script,
            "completions/{file} is stale: run INGRESSCTL_BLESS=1 cargo test"
        );
    }
}

#[test]
fn every_diagnostic_code_is_documented() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md"))
            .unwrap();
    for code in ingressctl::diagnostic::Code::ALL {
        let heading = format!("## {} {}", code.id(), code.name());
        assert!(
            doc.contains(&heading),
            "docs/diagnostics.md lacks `{heading}`"
        );
    }
}

#[test]
fn every_command_has_a_docs_page() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    for cmd in [
        "create",
        "validate",
        "cert",
        "host",
        "apply",
        "delete",
        "verify",
        "serve",
        "completion",
        "version",
    ] {
        assert!(
            docs.join(format!("{cmd}.md")).exists(),
            "docs/{cmd}.md missing"
        );
    }
}

#[test]
fn readme_test_command_is_what_ci_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let ci = std::fs::read_to_string(root.join(".ci/run")).unwrap();
    let test_cmd = "cargo test --locked";
    assert!(readme.contains(test_cmd), "README lacks the test command");
    assert!(
        ci.lines().any(|l| l.trim() == test_cmd),
        ".ci/run does not run it"
    );
}

#[test]
fn readme_examples_still_parse() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    for line in readme
        .lines()
        .filter(|l| l.starts_with("ingressctl create "))
    {
        let args = shell_words(line);
        let out = ingressctl().args(&args[1..]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "README example fails: {line}");
    }
}

/// Splits a one-line shell command with single quotes (enough for the README's examples).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '\'' => quoted = !quoted,
            ' ' if !quoted => {
                if !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// Every command's man page (`ingressctl-create-ingress.1`...), from the clap definitions.
fn man_pages() -> Vec<(String, Vec<u8>)> {
    fn walk(cmd: &clap::Command, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) {
        let name = if prefix.is_empty() {
            cmd.get_name().to_string()
        } else {
            format!("{prefix}-{}", cmd.get_name())
        };
        let page = cmd
            .clone()
            .name(name.clone())
            .bin_name(name.replace('-', " "));
        let mut buf = Vec::new();
        clap_mangen::Man::new(page)
            .render(&mut buf)
            .expect("render man page");
        out.push((format!("{name}.1"), buf));
        for sub in cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help")
        {
            walk(sub, &name, out);
        }
    }
    let mut cmd = ingressctl::cli::command();
    cmd.build();
    let mut out = Vec::new();
    walk(&cmd, "", &mut out);
    out
}

/// Fails when `docs/man/` is stale; `INGRESSCTL_BLESS=1 cargo test` rewrites it.
#[test]
fn committed_man_pages_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/man");
    let bless = std::env::var_os("INGRESSCTL_BLESS").is_some();
    let pages = man_pages();
    assert!(pages.iter().any(|(f, _)| f == "ingressctl-cert-gen.1"));
    if bless {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
    }
    for (file, page) in &pages {
        let path = dir.join(file);
        if bless {
            std::fs::write(&path, page).unwrap();
        }
        let committed = std::fs::read(&path).unwrap_or_default();
        assert!(
            committed == *page,
            "docs/man/{file} is stale: run INGRESSCTL_BLESS=1 cargo test"
        );
    }
    let committed = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(
        committed,
        pages.len(),
        "docs/man/ has pages of commands that no longer exist: run INGRESSCTL_BLESS=1 cargo test"
    );
}

/// Users know the Istio ingress guide, not the word the project once used for it.
#[test]
fn help_and_docs_never_say_seed() {
    fn walk(cmd: &mut clap::Command, out: &mut String) {
        out.push_str(&cmd.render_long_help().to_string());
        for sub in cmd.get_subcommands_mut() {
            walk(sub, out);
        }
    }
    let mut text = String::new();
    walk(&mut ingressctl::cli::command(), &mut text);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    text.push_str(&std::fs::read_to_string(root.join("README.md")).unwrap());
    for page in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = page.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            text.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.eq_ignore_ascii_case("seed") || w.eq_ignore_ascii_case("seeds"))
        .collect();
    assert!(words.is_empty(), "{} mentions of seed", words.len());
}

#[test]
fn the_license_cargo_names_is_in_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("license = \"Apache-2.0\""));
    let license = std::fs::read_to_string(root.join("LICENSE")).unwrap();
    assert!(license.contains("Apache License") && license.contains("Version 2.0"));
}

#[test]
fn the_validate_help_example_checks_the_guide_clean() {
    let (code, _, err) = run(&[
        "validate",
        "-f",
        crate::support::guide_path("simple-ingress.yaml")
            .to_str()
            .unwrap(),
        "-f",
        crate::support::guide_path("secure-ingress.yaml")
            .to_str()
            .unwrap(),
        "-f",
        crate::support::guide_path("status-route.yaml")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("0 errors, 0 warnings"), "{err}");
}
