//! The CI recipes of docs/ci/ run as written: their shell steps, in order, in a temporary portal
//! repository (the basic example site, gongkai pinned as a repository at tools/gongkai), with
//! the live site served over HTTP from a folder (`SITE_URL`). Two publications in a row give a
//! 更新记录 entry naming the changed record; a live site that cannot be read stops the build
//! (rather than start the history again); an audit hit fails the recipe and leaves its
//! diagnostics for upload.
//!
//! What only a CI service does is stood in for, explicitly: the checkout is a clone, the Rust
//! toolchain and the cache are skipped (a cache miss), `cargo install` is a stub that puts the
//! gongkai under test where cargo would, and an upload checks that its path exists.

use crate::support::{copy_dir, repo};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a recipe run did: whether it failed, the artifacts it uploaded, and its log.
struct Outcome {
    failed: bool,
    uploaded: Vec<String>,
    log: String,
}

struct Portal {
    root: tempfile::TempDir,
    /// Days since the first commit: each commit a day later, so each build has its own date.
    day: u32,
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn git(dir: &Path, args: &[&str], day: u32) {
    let date = format!("2025-01-{:02}T10:00:00+08:00", day + 1);
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "绩效科")
        .env("GIT_AUTHOR_EMAIL", "jxk@example.gov.cn")
        .env("GIT_COMMITTER_NAME", "绩效科")
        .env("GIT_COMMITTER_EMAIL", "jxk@example.gov.cn")
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Portal {
    /// The portal repository: the basic example site, gongkai's source pinned at tools/gongkai
    /// (a repository of its own, as a submodule is), the stub cargo and an empty live site.
    fn new() -> Portal {
        let root = tempfile::tempdir().unwrap();
        let repo_dir = root.path().join("portal");
        let example = repo().join("docs/examples/basic");
        std::fs::create_dir_all(&repo_dir).unwrap();
        std::fs::copy(example.join("site.yaml"), repo_dir.join("site.yaml")).unwrap();
        copy_dir(&example.join("content"), &repo_dir.join("content"));
        git(&repo_dir, &["init", "-q"], 0);
        git(&repo_dir, &["add", "site.yaml", "content"], 0);
        git(&repo_dir, &["commit", "-q", "-m", "first publication"], 0);
        let pinned = root.path().join("gongkai-source");
        std::fs::create_dir_all(&pinned).unwrap();
        git(&pinned, &["init", "-q"], 0);
        git(&pinned, &["commit", "-q", "--allow-empty", "-m", "v1"], 0);
        let stub = root.path().join("stub");
        std::fs::create_dir_all(&stub).unwrap();
        let cargo = stub.join("cargo");
        std::fs::write(
            &cargo,
            "#!/bin/sh\n# Stands in for cargo: `cargo install` puts the gongkai under test where cargo would.\necho \"cargo $*\" >> \"$STUB_LOG\"\n[ \"$1\" = install ] || exit 0\ndest=\"${CARGO_HOME:-$HOME/.cargo}/bin\"\nmkdir -p \"$dest\" && ln -sf \"$GONGKAI_UNDER_TEST\" \"$dest/gongkai\"\n",
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::create_dir_all(root.path().join("live")).unwrap();
        Portal { root, day: 0 }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }

    /// Commit a change to the site, a day after the last commit.
    fn commit(&mut self, rel: &str, edit: impl FnOnce(String) -> String, message: &str) {
        self.day += 1;
        let p = self.path("portal").join(rel);
        let old = std::fs::read_to_string(&p).unwrap_or_default();
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, edit(old)).unwrap();
        git(&self.path("portal"), &["add", "-A"], self.day);
        git(
            &self.path("portal"),
            &["commit", "-q", "-m", message],
            self.day,
        );
    }

    /// A fresh checkout, as CI makes one: the repository with its submodule, in a new folder.
    fn checkout(&self, name: &str) -> PathBuf {
        let work = self.path(name);
        git(
            self.root.path(),
            &["clone", "-q", "portal", work.to_str().unwrap()],
            0,
        );
        git(
            self.root.path(),
            &[
                "clone",
                "-q",
                "gongkai-source",
                work.join("tools/gongkai").to_str().unwrap(),
            ],
            0,
        );
        work
    }

    /// Publish: the recipe's output becomes the live site.
    fn deploy(&self, work: &Path) {
        let live = self.path("live");
        std::fs::remove_dir_all(&live).unwrap();
        copy_dir(&work.join("public"), &live);
    }

    /// The live site: the folder `live/` served over HTTP on loopback (200 with the file, or
    /// 404), under the path /yjgk/ as a portal would publish it; under /broken/ every request
    /// is a server error. Serves until the test ends.
    fn serve_live(&self) -> String {
        use std::io::{BufRead, BufReader, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/yjgk/", listener.local_addr().unwrap());
        let live = self.path("live");
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut line = String::new();
                if BufReader::new(&stream).read_line(&mut line).is_err() {
                    continue;
                }
                let path = line.split(' ').nth(1).unwrap_or("");
                let file = path
                    .strip_prefix("/yjgk/")
                    .filter(|p| !p.split('/').any(|s| s == ".." || s == "."))
                    .map(|p| live.join(p));
                let (status, body) = match file.and_then(|f| std::fs::read(f).ok()) {
                    _ if path.starts_with("/broken/") => {
                        ("500 Internal Server Error", b"<h1>error</h1>".to_vec())
                    }
                    Some(body) => ("200 OK", body),
                    None => ("404 Not Found", b"not found".to_vec()),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            }
        });
        url
    }

    /// The environment every step starts from: a HOME of its own, the stub cargo first on PATH,
    /// and no other gongkai on PATH.
    fn base_env(&self, work: &Path) -> BTreeMap<String, String> {
        let home = self.path("home");
        std::fs::create_dir_all(&home).unwrap();
        let system: Vec<PathBuf> = std::env::split_paths(&std::env::var_os("PATH").unwrap())
            .filter(|d| !d.join("gongkai").exists())
            .collect();
        let mut path = vec![self.path("stub"), home.join(".cargo/bin")];
        path.extend(system);
        let mut env = BTreeMap::new();
        env.insert("HOME".into(), home.display().to_string());
        env.insert(
            "PATH".into(),
            std::env::join_paths(path).unwrap().into_string().unwrap(),
        );
        env.insert(
            "STUB_LOG".into(),
            self.path("cargo.log").display().to_string(),
        );
        env.insert(
            "GONGKAI_UNDER_TEST".into(),
            env!("CARGO_BIN_EXE_gongkai").into(),
        );
        env.insert("GIT_CONFIG_GLOBAL".into(), "/dev/null".into());
        env.insert("GIT_CONFIG_NOSYSTEM".into(), "1".into());
        env.insert("CI".into(), "true".into());
        env.insert("WORK".into(), work.display().to_string());
        env
    }
}

/// Run one shell step as the CI services do (bash, stopping at the first failing command).
fn bash(work: &Path, env: &BTreeMap<String, String>, script: &str, log: &mut String) -> bool {
    let out = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(work)
        .env_clear()
        .envs(env)
        .output()
        .unwrap();
    log.push_str(&format!(
        "$ {script}\n{}{}[exit {:?}]\n",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        out.status.code()
    ));
    out.status.success()
}

fn recipe(name: &str) -> Value {
    let text = std::fs::read_to_string(repo().join("docs/ci").join(name)).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

/// docs/ci/github-actions.yml's one job, step by step.
fn run_github(portal: &Portal, work: &Path, site_url: &str) -> Outcome {
    let v = recipe("github-actions.yml");
    let job = &v["jobs"]["site"];
    let mut env = portal.base_env(work);
    for (k, val) in job["env"].as_object().unwrap() {
        let val = val.as_str().unwrap();
        let val = match val {
            "${{ vars.SITE_URL }}" => site_url.to_string(),
            other => {
                assert!(
                    !other.contains("${{"),
                    "an expression the test cannot stand in for: {other}"
                );
                other.to_string()
            }
        };
        env.insert(k.clone(), val);
    }
    let github_env = work.join("../github-env");
    let github_output = work.join("../github-output");
    std::fs::write(&github_env, "").unwrap();
    env.insert("GITHUB_ENV".into(), github_env.display().to_string());
    env.insert("GITHUB_OUTPUT".into(), github_output.display().to_string());
    let mut out = Outcome {
        failed: false,
        uploaded: Vec::new(),
        log: String::new(),
    };
    for step in job["steps"].as_array().unwrap() {
        let runs = match step["if"].as_str() {
            None => !out.failed,
            Some("failure()") => out.failed,
            // The cache step is skipped: always a miss, so the install step runs.
            Some("steps.cache.outputs.cache-hit != 'true'") => !out.failed,
            Some(other) => panic!("a condition the test cannot stand in for: {other}"),
        };
        if !runs {
            continue;
        }
        if let Some(uses) = step["uses"].as_str() {
            match uses.split('@').next().unwrap() {
                // The checkout is the clone the test made, with its submodule.
                "actions/checkout" => assert_eq!(step["with"]["submodules"], Value::Bool(true)),
                "dtolnay/rust-toolchain" => {}
                "actions/cache" => {
                    let key = step["with"]["key"].as_str().unwrap();
                    assert!(
                        key.contains("steps.pin.outputs.rev"),
                        "the cache key follows the pinned gongkai: {key}"
                    );
                }
                "actions/upload-artifact" => {
                    let path = step["with"]["path"].as_str().unwrap();
                    assert!(
                        work.join(path).exists(),
                        "uploads {path}, which the steps did not write\n{}",
                        out.log
                    );
                    out.uploaded.push(path.to_string());
                }
                other => panic!("an action the test cannot stand in for: {other}"),
            }
            continue;
        }
        let script = step["run"].as_str().unwrap();
        if !bash(work, &env, script, &mut out.log) {
            out.failed = true;
        }
        // What a step writes to $GITHUB_ENV is in the environment of the steps after it.
        for line in std::fs::read_to_string(&github_env).unwrap().lines() {
            if let Some((k, v)) = line.split_once('=') {
                env.insert(k.to_string(), v.to_string());
            }
        }
    }
    out
}

/// Copy a cached folder of installed programs (symbolic links stay links).
fn copy_cache(from: &Path, to: &Path) {
    let Ok(entries) = std::fs::read_dir(from) else {
        return;
    };
    std::fs::create_dir_all(to).unwrap();
    for e in entries {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        let _ = std::fs::remove_file(&dest);
        match std::fs::read_link(e.path()) {
            Ok(target) => std::os::unix::fs::symlink(target, dest).unwrap(),
            Err(_) => {
                std::fs::copy(e.path(), dest).unwrap();
            }
        }
    }
}

/// docs/ci/gitlab-ci.yml: its stages in order, each job's `before_script` and `script` in one
/// shell, as a GitLab runner runs them. Its cache (one key for every pipeline) is restored
/// before and saved after a pipeline that succeeds.
fn run_gitlab(portal: &Portal, work: &Path, site_url: &str) -> Outcome {
    let v = recipe("gitlab-ci.yml");
    let cache = portal.path("gitlab-cache");
    let cached: Vec<String> = lines_of(&v["default"]["cache"]["paths"]);
    assert_eq!(
        cached,
        [".cargo/bin/"],
        "the cache holds the installed binary"
    );
    copy_cache(&cache, &work.join(".cargo/bin"));
    let mut env = portal.base_env(work);
    env.insert("CI_PROJECT_DIR".into(), work.display().to_string());
    env.insert("SITE_URL".into(), site_url.to_string());
    for (k, val) in v["variables"].as_object().unwrap() {
        let val = val
            .as_str()
            .unwrap()
            .replace("$CI_PROJECT_DIR", &work.display().to_string());
        env.insert(k.clone(), val);
    }
    let lines = lines_of;
    let before = lines(&v["default"]["before_script"]);
    let mut out = Outcome {
        failed: false,
        uploaded: Vec::new(),
        log: String::new(),
    };
    for stage in v["stages"].as_array().unwrap() {
        let jobs = v
            .as_object()
            .unwrap()
            .values()
            .filter(|j| j["stage"] == *stage);
        for job in jobs {
            let script = [before.clone(), lines(&job["script"])].concat().join("\n");
            let ok = bash(work, &env, &script, &mut out.log);
            out.failed |= !ok;
            let artifacts = &job["artifacts"];
            if ok || artifacts["when"] == "always" {
                for p in lines(&artifacts["paths"]) {
                    // GitLab only warns of a missing path when the job failed
                    if !ok && !work.join(&p).exists() {
                        continue;
                    }
                    assert!(
                        work.join(&p).exists(),
                        "keeps {p}, which the job did not write\n{}",
                        out.log
                    );
                    out.uploaded.push(p);
                }
            }
        }
        if out.failed {
            break;
        }
    }
    if !out.failed {
        copy_cache(&work.join(".cargo/bin"), &cache);
    }
    out
}

fn lines_of(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| a.iter().map(|l| l.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

/// The changes page of a recipe's output.
fn changes(work: &Path) -> String {
    std::fs::read_to_string(work.join("public/changes/index.html")).unwrap()
}

fn publish_twice_then_leak(run: fn(&Portal, &Path, &str) -> Outcome) {
    for tool in ["bash", "git", "curl"] {
        if !have(tool) {
            eprintln!("skipped: the recipes need {tool}, which is not installed");
            return;
        }
    }
    let mut portal = Portal::new();
    let url = portal.serve_live();

    // The first publication: nothing is live yet.
    let first = portal.checkout("run1");
    let r = run(&portal, &first, &url);
    assert!(!r.failed, "{}", r.log);
    assert!(
        r.uploaded.iter().any(|p| p.starts_with("public")),
        "{:?}",
        r.uploaded
    );
    let cargo = std::fs::read_to_string(portal.path("cargo.log")).unwrap();
    assert!(
        cargo.contains("install --path tools/gongkai --locked"),
        "installs the pinned source as locked: {cargo}"
    );
    assert!(
        changes(&first).contains("第 1 次发布"),
        "{}",
        changes(&first)
    );
    portal.deploy(&first);

    // A record changes; the second publication continues the live site's history.
    portal.commit(
        "content/heping/2024/ex-ante/county-road.yaml",
        |t| t.replace("核减 60 万元。", "核减 60 万元，已调整建设内容。"),
        "事前评估说明补充",
    );
    let second = portal.checkout("run2");
    let r = run(&portal, &second, &url);
    assert!(!r.failed, "{}", r.log);
    let page = changes(&second);
    assert!(page.contains("第 2 次发布"), "{page}");
    let entry = &page[page.find("第 2 次发布").unwrap()..page.find("第 1 次发布").unwrap()];
    assert!(
        entry.contains("href=\"../heping/2024/ex-ante/county-road/\""),
        "the second publication names the changed record: {entry}"
    );
    portal.deploy(&second);

    // The live site cannot be read (a server error, or no server at all): the build does not
    // start the history of 更新记录 again.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/yjgk/", l.local_addr().unwrap())
    };
    for (name, broken) in [
        ("run-500", url.replace("/yjgk/", "/broken/")),
        ("run-down", closed),
    ] {
        let down = portal.checkout(name);
        let r = run(&portal, &down, &broken);
        assert!(
            r.failed,
            "an unreadable live site stops the recipe\n{}",
            r.log
        );
        assert!(!down.join("public").exists(), "{}", r.log);
    }

    // A static file carries a withheld value: the audit stops the build, and the recipe fails.
    portal.commit(
        "content/heping/2024/evaluations/school-heating.md",
        |t| {
            t.replace(
                "published_on: 2025-06-30\n",
                "published_on: 2025-06-30\ndisclosure: { status: 部分公开, reason: 商业秘密, fields: [evaluator] }\n",
            )
        },
        "评价机构不予公开",
    );
    portal.commit(
        "static/note.txt",
        |_| "评价机构：某某会计师事务所（第三方）\n".into(),
        "附件",
    );
    let third = portal.checkout("run3");
    let r = run(&portal, &third, &url);
    assert!(r.failed, "an audit hit fails the recipe\n{}", r.log);
    assert!(r.log.contains("E080"), "{}", r.log);
    assert!(
        !r.uploaded.iter().any(|p| p.starts_with("public")),
        "no site is kept from a failed build: {:?}",
        r.uploaded
    );
    assert!(
        r.uploaded.iter().any(|p| p == "diagnostics.jsonl"),
        "the diagnostics are kept: {:?}",
        r.uploaded
    );
    let kept = std::fs::read_to_string(third.join("diagnostics.jsonl")).unwrap();
    assert!(
        kept.contains("\"rule\":\"E080\"") && !kept.contains("某某会计师事务所"),
        "the kept diagnostics name the audit hit, not the value: {kept}"
    );
    assert!(
        !r.log.contains("某某会计师事务所"),
        "the withheld value stays out of the CI log\n{}",
        r.log
    );
}

#[test]
fn the_github_actions_recipe_works_as_written() {
    publish_twice_then_leak(run_github);
}

#[test]
fn the_gitlab_ci_recipe_works_as_written() {
    publish_twice_then_leak(run_gitlab);
}

/// The GitLab cache keeps the installed gongkai between pipelines, but only while the pinned
/// gongkai commit stays the same: moving the submodule installs afresh.
#[test]
fn the_gitlab_cache_follows_the_pinned_gongkai() {
    for tool in ["bash", "git"] {
        if !have(tool) {
            eprintln!("skipped: the recipe needs {tool}, which is not installed");
            return;
        }
    }
    let portal = Portal::new();
    let installs = || {
        std::fs::read_to_string(portal.path("cargo.log"))
            .unwrap_or_default()
            .lines()
            .filter(|l| l.starts_with("cargo install"))
            .count()
    };
    let first = portal.checkout("run1");
    assert!(!run_gitlab(&portal, &first, "").failed);
    assert_eq!(
        installs(),
        1,
        "installed once, then cached for the next job"
    );
    let second = portal.checkout("run2");
    assert!(!run_gitlab(&portal, &second, "").failed);
    assert_eq!(installs(), 1, "the same pin: the cached binary is used");
    git(
        &portal.path("gongkai-source"),
        &["commit", "-q", "--allow-empty", "-m", "v2"],
        1,
    );
    let third = portal.checkout("run3");
    let r = run_gitlab(&portal, &third, "");
    assert!(!r.failed, "{}", r.log);
    assert_eq!(installs(), 2, "a moved pin installs afresh\n{}", r.log);
}
