//! Builds stopped half-way: `kill -9` leaves its staging folders, which the
//! next build into the same destination removes; SIGTERM and SIGINT delete
//! them before the process exits (143, 130); and a build that is still
//! running keeps its folders while another build runs beside it.
//!
//! A help center generated at test time (a few thousand articles) keeps a
//! build busy long enough to be interrupted once its staging folder exists.

#![cfg(unix)]

mod common;

use std::fs;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{build_to, copy_tree, fixture_path};

/// How long a build may take to create its staging folder.
const TIMEOUT: Duration = Duration::from_secs(120);

/// A help center of `articles` articles in `dir/hc`, slow enough to build
/// that it can be interrupted.
fn large_help_center(dir: &Path, articles: usize) -> PathBuf {
    let root = dir.join("hc");
    fs::create_dir_all(root.join("content")).unwrap();
    fs::write(root.join("book.toml"), "[book]\ntitle = \"Large\"\n").unwrap();
    let paragraph = "Open the settings, choose the account you want to change, \
        and follow the steps on the screen until the change is saved. ";
    for category in 0..20 {
        let folder = root.join(format!("content/category-{category}"));
        fs::create_dir_all(&folder).unwrap();
        for n in 0..articles / 20 {
            let mut text = format!(
                "+++\ntitle = \"Article {category}-{n}\"\ndescription = \"How to do thing {n}.\"\n+++\n\n"
            );
            for section in 0..6 {
                text.push_str(&format!("## Step {section} {{#step-{section}}}\n\n"));
                for _ in 0..4 {
                    text.push_str(paragraph);
                }
                text.push_str(&format!("word{n}x{section}\n\n"));
            }
            fs::write(folder.join(format!("article-{n}.md")), text).unwrap();
        }
    }
    root
}

/// Starts `helpbook build --root root --dest dest`, with SIGINT at its
/// default (a test runner started in the background may ignore it, and the
/// build would then keep ignoring it, as it should).
fn start_build(root: &Path, dest: &Path) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_helpbook"));
    command
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1780000000")
        .args(["build", "--root"])
        .arg(root)
        .arg("--dest")
        .arg(dest)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    // SAFETY: only resets a signal disposition between fork and exec.
    unsafe {
        command.pre_exec(|| {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            Ok(())
        });
    }
    command.spawn().expect("build starts")
}

/// The names in `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Waits until the build `child` has written pages into its staging folder
/// (`.site.helpbook-new-<pid>` beside `dest` holds an `index.html` of a
/// category), then returns it.
fn wait_for_staging(child: &mut Child, dest: &Path) -> PathBuf {
    let parent = dest.parent().unwrap();
    let staging = parent.join(format!(".site.helpbook-new-{}", child.id()));
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if staging.join("category-0").is_dir() {
            return staging;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "the build ended ({status}) before it could be interrupted: {:?}",
                entries(parent)
            );
        }
        assert!(
            Instant::now() < deadline,
            "no staging folder after {TIMEOUT:?}: {:?}",
            entries(parent)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn signal(child: &Child, signal: libc::c_int) {
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    // SAFETY: sends a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
}

/// The exit code and stderr of a finished child.
fn finish(child: Child) -> (Option<i32>, String) {
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn leftovers_of_a_killed_build_are_removed_by_the_next_build() {
    let tmp = tempfile::tempdir().unwrap();
    let root = large_help_center(tmp.path(), 6000);
    let out = tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    let dest = out.join("site");
    let mut pids = Vec::new();
    for _ in 0..2 {
        let mut child = start_build(&root, &dest);
        wait_for_staging(&mut child, &dest);
        child.kill().unwrap(); // SIGKILL: nothing can clean up
        child.wait().unwrap();
        pids.push(child.id());
    }
    // The second build removed what the first left, and left its own.
    let left = entries(&out);
    let leftovers = |pid: u32| -> Vec<String> {
        ["lock", "new", "tmp"]
            .iter()
            .map(|kind| format!(".site.helpbook-{kind}-{pid}"))
            .collect()
    };
    assert_eq!(left, leftovers(pids[1]), "kill -9 leaves its own folders");
    // The next build, of another help center into the same destination.
    let small = tmp.path().join("small");
    copy_tree(&fixture_path("broken/ok-baseline"), &small);
    let run = build_to(&small, &dest);
    assert_eq!(run.code, Some(0), "{run:#?}");
    assert_eq!(entries(&out), ["site"], "leftovers removed");
}

#[test]
fn sigterm_and_sigint_delete_the_unfinished_site_before_exiting() {
    let tmp = tempfile::tempdir().unwrap();
    let root = large_help_center(tmp.path(), 6000);
    let out = tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    let dest = out.join("site");
    // A previous site, which must survive.
    let small = tmp.path().join("small");
    copy_tree(&fixture_path("broken/ok-baseline"), &small);
    assert_eq!(build_to(&small, &dest).code, Some(0));
    let before = fs::read(dest.join("index.html")).unwrap();
    for (number, code) in [(libc::SIGTERM, 143), (libc::SIGINT, 130)] {
        let mut child = start_build(&root, &dest);
        wait_for_staging(&mut child, &dest);
        signal(&child, number);
        let (exit, stderr) = finish(child);
        assert_eq!(exit, Some(code), "signal {number}: {stderr}");
        assert!(stderr.contains("Interrupted"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(entries(&out), ["site"], "signal {number} cleaned up");
        assert_eq!(fs::read(dest.join("index.html")).unwrap(), before);
    }
}

#[test]
fn a_running_build_keeps_its_folders_while_another_build_runs() {
    let tmp = tempfile::tempdir().unwrap();
    let root = large_help_center(tmp.path(), 6000);
    let out = tmp.path().join("out");
    fs::create_dir(&out).unwrap();
    let dest = out.join("site");
    let mut running = start_build(&root, &dest);
    let staging = wait_for_staging(&mut running, &dest);
    // Another build into the same destination, start to finish.
    let small = tmp.path().join("small");
    copy_tree(&fixture_path("broken/ok-baseline"), &small);
    let run = build_to(&small, &dest);
    assert_eq!(run.code, Some(0), "{run:#?}");
    let lock = out.join(format!(".site.helpbook-lock-{}", running.id()));
    assert!(
        staging.join("category-0").is_dir() && lock.is_file(),
        "the running build's folders are left alone: {:?}",
        entries(&out)
    );
    if running.try_wait().unwrap().is_none() {
        signal(&running, libc::SIGTERM);
    }
    let (_, stderr) = finish(running);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(entries(&out), ["site"], "{stderr}");
}
