use std::path::{Path, PathBuf};

use super::*;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sbol3")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Every SBOL3 file of the shared data set (`$BIOREG_SHARED_DATA/sbol/sbol3`, SBOLTestSuite
/// included, which is read there and never copied) either imports or is skipped for a stated
/// reason; runs when `BIOREG_SHARED_DATA` is set.
#[test]
fn every_shared_sbol3_file_imports_or_says_why_not() {
    let Ok(root) = std::env::var("BIOREG_SHARED_DATA") else {
        eprintln!("BIOREG_SHARED_DATA is not set; skipping the shared SBOL3 files");
        return;
    };
    let mut files = Vec::new();
    files_under(&Path::new(&root).join("sbol/sbol3"), &mut files);
    files.retain(|p| {
        let extension = p.extension().and_then(|e| e.to_str()).unwrap_or_default();
        matches!(extension, "nt" | "ttl" | "jsonld" | "rdf")
    });
    files.sort();
    assert!(!files.is_empty(), "no SBOL3 files under {root}/sbol/sbol3");
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read(path).expect("readable");
        let (parsed, summary) = read_with_summary(&text, None, &Defaults::default());
        let composites = parsed.records.iter().filter(|r| !r.input.components.is_empty()).count();
        let rules: std::collections::BTreeSet<&str> = parsed
            .problems
            .iter()
            .filter_map(|p| p.message.split(':').next())
            .collect();
        let outcome = if parsed.problems.is_empty() {
            format!("imports {} record(s), {composites} composite(s)", parsed.records.len())
        } else if parsed.problems.len() == 1 && parsed.problems[0].index.is_none() {
            // Nothing importable (or not SBOL3): the one problem says why.
            format!("skipped: {}", parsed.problems[0].message)
        } else if parsed.problems.iter().all(|p| p.message.starts_with("sbol3-")) {
            // The file breaks SBOL3 rules: refused, every problem naming its rule.
            format!(
                "refused ({} problem(s), rules {rules:?}): {}",
                parsed.problems.len(),
                parsed.problems[0].message
            )
        } else {
            failures.push(format!("{}: {:?}", path.display(), parsed.problems));
            "FAILED".to_string()
        };
        eprintln!(
            "{}: {:?}, {outcome}; {} Component(s), {} without sequence, {} other molecules, others {:?}",
            path.display(),
            summary.syntax,
            summary.components,
            summary.without_sequence,
            summary.other_molecules,
            summary.other_top_levels
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
