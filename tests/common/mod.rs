//! Small helpers shared by the integration tests: running the binary,
//! locating and copying fixtures, and reading `--format json` reports.
//!
//! Each test binary uses only some of these, hence the `allow(dead_code)`s.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

/// The `helpbook` binary, with a fixed build date and no colours, killed if a
/// run takes longer than two minutes (a hang is a failure, not a stuck suite).
#[allow(dead_code)]
pub fn helpbook() -> Command {
    let mut cmd = Command::cargo_bin("helpbook").expect("the helpbook binary is built");
    cmd.env("SOURCE_DATE_EPOCH", "1780000000") // 2026-05-28
        .env("NO_COLOR", "1")
        .timeout(Duration::from_secs(120));
    cmd
}

/// `tests/fixtures/<path>`.
#[allow(dead_code)]
pub fn fixture_path(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// Writes `files` (path under `root` → text) below `root`, making their
/// folders: a help center written out by a test.
#[allow(dead_code)]
pub fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = root.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .unwrap_or_else(|e| panic!("create {}: {e}", parent.display()));
        }
        fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    }
}

/// Copies a folder recursively (files and folders only).
#[allow(dead_code)]
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

/// Every file under `dir`, relative and `/`-separated, sorted (empty when
/// `dir` does not exist).
#[allow(dead_code)]
pub fn list_files(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let path = entry.path();
            let file_type = entry.file_type().unwrap();
            if file_type.is_dir() {
                walk(base, &path, out);
            } else {
                let relative = path.strip_prefix(base).unwrap();
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// What one run of the binary produced.
#[allow(dead_code)]
#[derive(Debug)]
pub struct Run {
    /// The exit code (`None` when killed by a signal or the timeout).
    pub code: Option<i32>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Panics (with both streams) unless the run had no panic in it.
    #[allow(dead_code)]
    pub fn assert_no_panic(&self, what: &str) {
        assert_ne!(
            self.code,
            Some(101),
            "{what}: exit code 101 (panic)\n{self:#?}"
        );
        assert!(
            self.code.is_some(),
            "{what}: killed or timed out\n{self:#?}"
        );
        assert!(
            !self.stderr.contains("panicked"),
            "{what}: stderr mentions a panic\n{self:#?}"
        );
    }

    /// The stdout parsed as JSON (the `--format json` report).
    #[allow(dead_code)]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{self:#?}"))
    }
}

/// Runs `helpbook` with `args` and collects its output.
#[allow(dead_code)]
pub fn run(args: &[&std::ffi::OsStr]) -> Run {
    collect(helpbook().args(args))
}

/// Runs `helpbook` with `args` from the working folder `dir` (for relative
/// `--root` and `--dest` paths).
#[allow(dead_code)]
pub fn run_in(dir: &Path, args: &[&std::ffi::OsStr]) -> Run {
    collect(helpbook().current_dir(dir).args(args))
}

#[allow(dead_code)]
fn collect(cmd: &mut Command) -> Run {
    let output = cmd.output().expect("helpbook runs");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `helpbook check --format json --root <root>`.
#[allow(dead_code)]
pub fn check_json(root: &Path) -> Run {
    run(&[
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
    ])
}

/// `helpbook build --root <root> --dest <dest>` (human output).
#[allow(dead_code)]
pub fn build_to(root: &Path, dest: &Path) -> Run {
    run(&[
        "build".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
        "--dest".as_ref(),
        dest.as_os_str(),
    ])
}

/// The `diagnostics` array of a JSON report.
#[allow(dead_code)]
pub fn diagnostics(report: &serde_json::Value) -> &Vec<serde_json::Value> {
    report["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("no `diagnostics` array in {report:#}"))
}

/// `check --format json` on `root`: its exit code and report, asserting
/// there was no panic (a hang fails too: the runner kills the run).
#[allow(dead_code)]
pub fn check_report(root: &Path) -> (Option<i32>, serde_json::Value) {
    let run = check_json(root);
    run.assert_no_panic("check");
    (run.code, run.json())
}

/// `build` of `root` into a fresh folder, asserting it exits 1 without a
/// panic and writes nothing there; the run, for what else it should say.
#[allow(dead_code)]
pub fn build_refused(root: &Path) -> Run {
    let out = tempfile::tempdir().unwrap();
    let run = build_to(root, &out.path().join("site"));
    run.assert_no_panic("build");
    assert_eq!(run.code, Some(1), "build exits 1\n{run:#?}");
    assert_eq!(
        list_files(out.path()),
        Vec::<String>::new(),
        "nothing written\n{run:#?}"
    );
    run
}
