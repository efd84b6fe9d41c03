use std::path::{Path, PathBuf};

use super::*;
use crate::domain::formats::{location, Record};
use crate::domain::parts::input::Orientation;
use crate::seq::{MoleculeType, Topology};

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

/// The checks part creation makes that need no database: role and feature types known, the
/// sequence in its alphabet, features on it with locations that agree with their bounds.
fn creatable(input: &crate::domain::parts::PartInput) -> Result<(), String> {
    use crate::domain::ontology;
    ontology::resolve_or_suggest(&input.role)?;
    let sequence = input.sequence.as_deref().unwrap_or_default();
    let length = crate::seq::alphabet::normalise(sequence, input.molecule_type, usize::MAX)
        .map_err(|e| e.message)?
        .len() as i64;
    for feature in &input.features {
        ontology::resolve_or_suggest(&feature.feature_type)?;
        if feature.start < 1
            || feature.end > length
            || (feature.start > feature.end && input.topology == Topology::Linear)
        {
            return Err(format!(
                "feature {:?} at {}..{} on {length}",
                feature.name, feature.start, feature.end
            ));
        }
        if let Some(text) = &feature.location {
            let circular = input.topology == Topology::Circular;
            let b = location::bounds(&location::parse(text)?, length, circular)?;
            if (b.start, b.end, b.strand) != (feature.start, feature.end, feature.strand) {
                return Err(format!(
                    "location {text} is {b:?}, the feature says {}..{}",
                    feature.start, feature.end
                ));
            }
        }
    }
    for component in &input.components {
        if let Some(linker) = &component.linker {
            crate::seq::alphabet::normalise(linker, input.molecule_type, usize::MAX).map_err(|e| e.message)?;
        }
    }
    Ok(())
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
        for record in &parsed.records {
            if let Err(why) = creatable(&record.input) {
                failures.push(format!("{} record {}: {why}", path.display(), record.index));
            }
        }
        let composites = parsed.records.iter().filter(|r| !r.input.components.is_empty()).count();
        let rules: std::collections::BTreeSet<&str> = parsed
            .problems
            .iter()
            .filter_map(|p| p.message.split(':').next())
            .collect();
        let outcome = if parsed.problems.is_empty() {
            format!(
                "imports {} record(s), {composites} composite(s), {} warning(s){}",
                parsed.records.len(),
                parsed.warnings.len(),
                parsed
                    .warnings
                    .first()
                    .map(|w| format!(": {}", w.message))
                    .unwrap_or_default()
            )
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

const PREFIXES: &str = "@prefix sbol: <http://sbols.org/v3#> .
@prefix SO: <https://identifiers.org/SO:> .
@prefix SBO: <https://identifiers.org/SBO:> .
@prefix EDAM: <https://identifiers.org/edam:> .
@prefix : <https://example.org/lab/> .
@base <https://example.org/lab/> .
";

/// A DNA Component `:<id>` with a Sequence `:<id>_seq`; `extra` goes into the Component's block.
fn part(id: &str, elements: &str, extra: &str) -> String {
    format!(
        ":{id} a sbol:Component ;
    sbol:displayId \"{id}\" ;
    sbol:hasNamespace <https://example.org/lab> ;
    sbol:type SBO:0000251 ;
    sbol:role SO:0000804 ;
    sbol:hasSequence :{id}_seq{extra} .
:{id}_seq a sbol:Sequence ;
    sbol:displayId \"{id}_seq\" ;
    sbol:elements \"{elements}\" ;
    sbol:encoding EDAM:format_1207 .
"
    )
}

/// A SubComponent (or, with `instance_of` empty, a SequenceFeature) `:<parent>/<id>` with one Range.
fn located(parent: &str, id: &str, instance_of: &str, start: i64, end: i64, orientation: &str) -> String {
    let (class, link) = match instance_of {
        "" => ("sbol:SequenceFeature", String::new()),
        target => ("sbol:SubComponent", format!(" ;\n    sbol:instanceOf {target}")),
    };
    format!(
        "<{parent}/{id}> a {class} ;
    sbol:displayId \"{id}\" ;
    sbol:hasLocation <{parent}/{id}/Range1>{link} .
<{parent}/{id}/Range1> a sbol:Range ;
    sbol:hasSequence :{parent}_seq ;
    sbol:start {start} ;
    sbol:end {end} ;
    sbol:orientation {orientation} .
"
    )
}

fn read_turtle(body: &str) -> Parsed {
    read(format!("{PREFIXES}{body}").as_bytes(), &Defaults::default())
}

/// The problems of a document, as `message @ line`.
fn problems(body: &str) -> Vec<String> {
    read_turtle(body)
        .problems
        .iter()
        .map(|p| format!("{} @ {}", p.message, p.line))
        .collect()
}

/// The warnings of a document, as `message @ line`.
fn warnings(body: &str) -> Vec<String> {
    read_turtle(body)
        .warnings
        .iter()
        .map(|p| format!("{} @ {}", p.message, p.line))
        .collect()
}

fn assert_problem(body: &str, rule: &str) -> Vec<String> {
    let found = problems(body);
    assert!(
        found.iter().any(|p| p.starts_with(rule)),
        "expected {rule}, got {found:#?}"
    );
    found
}

#[test]
fn turtle_parts_keep_name_role_topology_features_and_lines() {
    let body = format!(
        "{}{}{}{}",
        part(
            "pTest",
            "ttgacaattaatcatcggctcgtataatgtgtggaattgtgagcgg",
            " ;
    sbol:name \"pTest plasmid\" ;
    sbol:description \"A test plasmid\" ;
    sbol:type SO:0000988 ;
    sbol:hasFeature <pTest/P1> , <pTest/split> , <pTest/wrap>"
        ),
        located("pTest", "P1", "", 1, 10, "SO:0001030").replace(
            "sbol:displayId \"P1\"",
            "sbol:displayId \"P1\" ; sbol:name \"P1 promoter\" ; sbol:role SO:0000167 ; sbol:description \"strong\""
        ),
        "<pTest/split> a sbol:SequenceFeature ; sbol:role SO:0000316 ;
    sbol:hasLocation <pTest/split/a> , <pTest/split/b> .
<pTest/split/a> a sbol:Range ; sbol:hasSequence :pTest_seq ; sbol:start 20 ; sbol:end 30 ; sbol:orientation SO:0001031 .
<pTest/split/b> a sbol:Range ; sbol:hasSequence :pTest_seq ; sbol:start 12 ; sbol:end 15 ; sbol:orientation SO:0001031 .
",
        "<pTest/wrap> a sbol:SequenceFeature ; sbol:hasLocation <pTest/wrap/a> , <pTest/wrap/b> .
<pTest/wrap/a> a sbol:Range ; sbol:hasSequence :pTest_seq ; sbol:start 1 ; sbol:end 5 ; sbol:order 2 .
<pTest/wrap/b> a sbol:Range ; sbol:hasSequence :pTest_seq ; sbol:start 40 ; sbol:end 46 ; sbol:order 1 .
"
    );
    let parsed = read_turtle(&body);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let record = &parsed.records[0];
    assert_eq!((record.index, record.line), (0, 7));
    let input = &record.input;
    assert_eq!(input.name, "pTest plasmid");
    assert_eq!(input.aliases, vec!["pTest"]);
    assert_eq!(input.description, "A test plasmid");
    assert_eq!(input.role, "SO:0000804");
    assert_eq!(
        (input.molecule_type, input.topology),
        (MoleculeType::Dna, Topology::Circular)
    );
    let source = input.source.as_ref().expect("source");
    assert_eq!(source.uri.as_deref(), Some("https://example.org/lab/pTest"));
    let features: Vec<_> = input
        .features
        .iter()
        .map(|f| {
            (
                f.name.as_deref(),
                f.feature_type.as_str(),
                f.start,
                f.end,
                f.strand,
                f.location.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        features,
        vec![
            (Some("P1 promoter"), "SO:0000167", 1, 10, 1, None),
            (
                None,
                "SO:0000316",
                12,
                30,
                -1,
                Some("join(complement(20..30),complement(12..15))")
            ),
            // Ranges without orientation joined: INSDC reads a join forward.
            (None, "sequence_feature", 40, 5, 1, Some("join(40..46,1..5)")),
        ]
    );
    assert_eq!(input.features[0].qualifiers["note"], vec!["strong"]);
}

#[test]
fn composites_get_components_in_range_order_after_their_parts() {
    // C = A, a 2-base gap, B reverse-complemented; C comes first in the file.
    let body = format!(
        "{}{}{}{}{}",
        part("C", "ttgacaGGaatgtaatc", " ; sbol:hasFeature <C/b> , <C/a>"),
        located("C", "a", ":A", 1, 6, "SO:0001030"),
        located("C", "b", ":B", 9, 17, "SO:0001031"),
        part("A", "ttgaca", ""),
        part("B", "gattacatt", ""),
    );
    let parsed = read_turtle(&body);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let order: Vec<_> = parsed
        .records
        .iter()
        .map(|r| (r.index, r.input.name.as_str()))
        .collect();
    assert_eq!(order, vec![(1, "A"), (2, "B"), (0, "C")]);
    let composite = &parsed.records[2].input;
    let components: Vec<_> = composite
        .components
        .iter()
        .map(|c| (c.part.as_deref(), c.linker.as_deref(), c.orientation))
        .collect();
    assert_eq!(
        components,
        vec![
            (
                Some("sbol3:https://example.org/lab/A"),
                None,
                Some(Orientation::Forward)
            ),
            (None, Some("GG"), None),
            (
                Some("sbol3:https://example.org/lab/B"),
                None,
                Some(Orientation::Reverse)
            ),
        ]
    );
    assert!(
        composite.features.is_empty(),
        "the SubComponents are components, not features"
    );
    assert_eq!(composite.sequence.as_deref(), Some("ttgacaGGaatgtaatc"));
}

#[test]
fn composites_without_locations_follow_their_constraints() {
    let sub = |id: &str, target: &str| format!("<C/{id}> a sbol:SubComponent ; sbol:instanceOf {target} .\n");
    let body = format!(
        "{}{}{}<C/order> a sbol:Constraint ; sbol:subject <C/b> ; sbol:restriction sbol:precedes ; sbol:object <C/a> .\n{}{}",
        part("C", "GGGttt", " ; sbol:hasFeature <C/a> , <C/b> ; sbol:hasConstraint <C/order>"),
        sub("a", ":A"),
        sub("b", ":B"),
        part("A", "ttt", ""),
        part("B", "ggg", ""),
    );
    let parsed = read_turtle(&body);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let composite = &parsed.records.last().expect("records").input;
    let parts: Vec<_> = composite
        .components
        .iter()
        .map(|c| c.part.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(
        parts,
        vec!["sbol3:https://example.org/lab/B", "sbol3:https://example.org/lab/A"]
    );
}

#[test]
fn sub_components_that_do_not_spell_the_sequence_or_point_outside_stay_features() {
    // The region 1..6 is not A's sequence: C keeps its SubComponent as a feature.
    let body = format!(
        "{}{}{}{}{}",
        part("C", "aaaaaacccccc", " ; sbol:hasFeature <C/a> , <C/x>"),
        located("C", "a", ":A", 1, 6, "SO:0001030"),
        located("C", "x", "<http://parts.igem.org/D2001>", 7, 12, "SO:0001030"),
        part("A", "ttgaca", ""),
        "",
    );
    let parsed = read_turtle(&body);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let c = &parsed.records.iter().find(|r| r.input.name == "C").expect("C").input;
    assert!(c.components.is_empty());
    let features: Vec<_> = c
        .features
        .iter()
        .map(|f| {
            (
                f.feature_type.as_str(),
                f.start,
                f.end,
                f.qualifiers["instance_of"][0].as_str(),
            )
        })
        .collect();
    assert_eq!(
        features,
        vec![
            ("SO:0000804", 1, 6, "https://example.org/lab/A"),
            ("sequence_feature", 7, 12, "http://parts.igem.org/D2001"),
        ]
    );
}

#[test]
fn each_rule_is_reported_with_its_id_and_line() {
    let ok = part("p", "acgtacgtac", "");
    // Line 7 holds `:p`'s first triple, line 13 `:p_seq`'s.
    assert_eq!(problems(&ok), Vec::<String>::new());
    assert_problem(&ok.replace("\"p\"", "\"1p\""), "sbol3-10201")[0]
        .ends_with("@ 7")
        .then_some(())
        .expect("line");
    assert_problem(&ok.replace("    sbol:type SBO:0000251 ;\n", ""), "sbol3-10110");
    assert_problem(&ok.replace("SBO:0000251", "SBO:0000251 , SBO:0000252"), "sbol3-10601");
    let letters = assert_problem(&ok.replace("acgtacgtac", "acgJacgtac"), "sbol3-10503");
    assert!(
        letters[0].contains("`J` at position 4") && letters[0].ends_with("@ 13"),
        "{letters:?}"
    );
    assert_problem(
        &ok.replace("    sbol:encoding EDAM:format_1207 .", "    ."),
        "sbol3-10501",
    );
    assert_problem(&ok.replace("format_1207", "format_1208"), "sbol3-10616");
    assert_problem(
        &ok.replace("sbol:hasSequence :p_seq", "sbol:hasSequence :p_seq , :elsewhere"),
        "sbol3-10113",
    );

    let with = |feature: String| format!("{}{feature}", part("p", "acgtacgtac", " ; sbol:hasFeature <p/f>"));
    // A feature's Range outside the sequence is left out with a warning (see
    // `feature_ranges_outside_the_sequence_are_left_out_with_a_warning`), not refused.
    for (start, end, rule) in [(0, 4, "sbol3-11401"), (2, 11, "sbol3-11402"), (5, 4, "sbol3-11403")] {
        let body = with(located("p", "f", "", start, end, "SO:0001030"));
        assert_eq!(problems(&body), Vec::<String>::new());
        let found = warnings(&body);
        assert!(
            found.len() == 1 && found[0].starts_with(rule),
            "expected {rule}, got {found:#?}"
        );
    }
    assert_problem(&with(located("p", "f", "", 1, 4, "SO:0000001")), "sbol3-11301");
    assert_problem(
        &with(located("p", "f", "", 1, 4, "SO:0001030").replace("sbol:start 1", "sbol:start \"one\"")),
        "sbol3-10111",
    );
    assert_problem(
        &with(located("p", "f", "", 1, 4, "SO:0001030").replace(" ;\n    sbol:start 1", "")),
        "sbol3-10110",
    );
    assert_problem(
        &with(located("p", "f", "", 1, 4, "SO:0001030").replace(":p_seq ;", ":q_seq ;")),
        "sbol3-11302",
    );
    assert_problem(&with(String::new()), "sbol3-10112");
    assert_problem(&with("<p/f> a sbol:SequenceFeature ; sbol:orientation SO:0000001 ; sbol:hasLocation <p/f/r> .\n<p/f/r> a sbol:EntireSequence ; sbol:hasSequence :p_seq .\n".into()), "sbol3-10702");
    assert_problem(&with("<p/f> a sbol:SequenceFeature .\n".into()), "sbol3-10110");
    // SubComponents: an instance of the parent, of a Sequence, of nothing.
    let range = located("p", "f", ":p", 1, 10, "SO:0001030");
    let line = assert_problem(&with(range), "sbol3-10803");
    assert!(line[0].ends_with("@ 17"), "{line:?}");
    assert_problem(&with(located("p", "f", ":p_seq", 1, 10, "SO:0001030")), "sbol3-10113");
    assert_problem(&with("<p/f> a sbol:SubComponent .\n".into()), "sbol3-10110");
    // Two Components made of each other.
    let cycle = format!(
        "{}{}{}{}",
        part("a", "acgt", " ; sbol:hasFeature <a/s>"),
        located("a", "s", ":b", 1, 4, "SO:0001030"),
        part("b", "acgt", " ; sbol:hasFeature <b/s>"),
        located("b", "s", ":a", 1, 4, "SO:0001030"),
    );
    assert_problem(&cycle, "sbol3-10804");
}

#[test]
fn feature_ranges_outside_the_sequence_are_left_out_with_a_warning() {
    let body = format!(
        "{}{}{}",
        part("p", "acgtacgtac", " ; sbol:hasFeature <p/f> , <p/g>"),
        located("p", "f", "", 2, 12, "SO:0001030"),
        located("p", "g", "", 1, 4, "SO:0001030"),
    );
    let parsed = read_turtle(&body);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.records.len(), 1);
    let features: Vec<_> = parsed.records[0]
        .input
        .features
        .iter()
        .map(|f| (f.name.as_deref(), f.start, f.end))
        .collect();
    assert_eq!(features, vec![(Some("g"), 1, 4)]);
    assert_eq!(parsed.warnings.len(), 1, "{:?}", parsed.warnings);
    let warning = &parsed.warnings[0];
    // On the Range's line: after 6 lines of prefixes, 10 of `:p` and `:p_seq`, 3 of `<p/f>`.
    assert_eq!((warning.index, warning.line), (Some(0), 20));
    assert_eq!(warning.field.as_deref(), Some("hasLocation.end"));
    assert_eq!(
        warning.message,
        "sbol3-11402: Range <https://example.org/lab/p/f/Range1> ends at 12, outside the sequence (1..10); \
         the feature `f` was not imported"
    );

    // A feature with another Range on the sequence keeps that one.
    let two = format!(
        "{}{}<p/f/Range2> a sbol:Range ; sbol:hasSequence :p_seq ; sbol:start 1 ; sbol:end 3 .\n",
        part("p", "acgtacgtac", " ; sbol:hasFeature <p/f>"),
        located("p", "f", "", 9, 14, "SO:0001030").replace(
            "sbol:hasLocation <p/f/Range1>",
            "sbol:hasLocation <p/f/Range1> , <p/f/Range2>",
        ),
    );
    let parsed = read_turtle(&two);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let feature = &parsed.records[0].input.features[0];
    assert_eq!((feature.start, feature.end), (1, 3));
    assert!(
        parsed.warnings[0]
            .message
            .ends_with("the feature `f` was imported without this Range"),
        "{:?}",
        parsed.warnings
    );

    // A piece of a composite must lie on its sequence: still refused.
    let composite = format!(
        "{}{}{}",
        part("C", "ttgaca", " ; sbol:hasFeature <C/a>"),
        located("C", "a", ":A", 1, 6, "SO:0001030"),
        part("A", "ttgaca", ""),
    );
    assert!(read_turtle(&composite)
        .records
        .iter()
        .any(|r| !r.input.components.is_empty()));
    let outside = composite.replace("sbol:end 6", "sbol:end 7");
    let parsed = read_turtle(&outside);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    assert!(parsed.records.iter().all(|r| r.input.name != "C"));
}

#[test]
fn broken_rdf_is_one_problem_with_the_parser_line() {
    let parsed = read_turtle(":p a sbol:Component ;\n    sbol:displayId \"p\" \n    sbol:name \"x\" .\n");
    assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
    let problem = &parsed.problems[0];
    assert_eq!((problem.index, problem.line), (None, 9));
    assert!(
        problem.message.starts_with("not a valid Turtle/N-Triples file"),
        "{}",
        problem.message
    );
    let xml = read(
        b"<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n<oops",
        &Defaults::default(),
    );
    assert!(xml.problems[0].message.contains("RDF/XML"), "{:?}", xml.problems);
}

#[test]
fn sbol2_is_read_and_empty_designs_are_refused_with_a_reason() {
    // SBOL2 goes to the SBOL2 reader: the same part as the SBOL3 file.
    let sbol2 = read(&fixture("sbol2/BBa_J23101.xml"), &Defaults::default());
    assert!(sbol2.problems.is_empty(), "{:?}", sbol2.problems);
    let input = &sbol2.records[0].input;
    assert_eq!((input.name.as_str(), input.role.as_str()), ("BBa_J23101", "SO:0000167"));
    assert_eq!(input.sequence.as_deref(), Some("tttacagctagctcagtcctaggtattatgctagc"));
    assert_eq!(
        input.source.as_ref().and_then(|s| s.uri.as_deref()),
        Some("https://synbiohub.org/public/igem/BBa_J23101")
    );
    let (circuit, summary) = read_with_summary(&fixture("pysbol3/circuit.nt"), None, &Defaults::default());
    assert!(circuit.records.is_empty());
    assert_eq!((summary.components, summary.without_sequence), (5, 5));
    assert!(
        circuit.problems[0].message.contains("5 without a Sequence"),
        "{:?}",
        circuit.problems
    );
}

#[test]
fn fixtures_read_in_every_syntax() {
    let j23101 = read(&fixture("sbol-utilities/BBa_J23101.nt"), &Defaults::default());
    assert!(j23101.problems.is_empty(), "{:?}", j23101.problems);
    let input = &j23101.records[0].input;
    assert_eq!((input.name.as_str(), input.role.as_str()), ("BBa_J23101", "SO:0000167"));
    assert_eq!(input.sequence.as_deref(), Some("tttacagctagctcagtcctaggtattatgctagc"));

    // A real error in SBOL-utilities' iGEM import: pSB1C3's 2070 bp carry a Range ending at 2072.
    // pySBOL3 does not check it; bioreg imports pSB1C3 without that feature, and says so.
    let igem = read(&fixture("sbol-utilities/iGEM_SBOL2_imports.nt"), &Defaults::default());
    assert!(igem.problems.is_empty(), "{:?}", igem.problems);
    let found: Vec<_> = igem
        .warnings
        .iter()
        .map(|p| (p.index, p.line, p.message.get(..11)))
        .collect();
    assert_eq!(found, vec![(Some(2), 303, Some("sbol3-11402"))]);
    assert_eq!(igem.records.len(), 4);

    // RDF/XML: Locations without a Sequence (an SBOL2 backport), each on the line of its IRI.
    let rdf = read(
        &fixture("sbol-utilities/sbol3-small-molecule.rdf"),
        &Defaults::default(),
    );
    assert_eq!(rdf.problems.len(), 19);
    assert!(rdf.problems.iter().all(|p| p.message.starts_with("sbol3-10110")));
    assert_eq!(rdf.problems[0].line, 57);

    let (backbones, summary) =
        read_with_summary(&fixture("sbol-utilities/two_backbones.nt"), None, &Defaults::default());
    assert!(backbones.problems.is_empty(), "{:?}", backbones.problems);
    assert_eq!((backbones.records.len(), summary.without_sequence), (7, 6));
    assert_eq!(summary.other_top_levels.get("CombinatorialDerivation"), Some(&3));

    // iGEM's 2022 Chromoproteins package: inserts in the pSB1C5 vector are composites.
    let package = read(
        &fixture("igem-distribution-2022/Chromoproteins/package.nt"),
        &Defaults::default(),
    );
    assert!(package.problems.is_empty(), "{:?}", package.problems);
    assert_eq!(package.records.len(), 39);
    let composites: Vec<_> = package
        .records
        .iter()
        .filter(|r| !r.input.components.is_empty())
        .collect();
    assert_eq!(composites.len(), 24);
    let registered_before = |record: &Record, key: &str| {
        package
            .records
            .iter()
            .take_while(|r| !std::ptr::eq(*r, record))
            .any(|r| r.input.source.as_ref().and_then(|s| s.uri.as_deref()) == key.strip_prefix("sbol3:"))
    };
    for composite in &composites {
        for component in composite.input.components.iter().filter_map(|c| c.part.as_deref()) {
            assert!(
                registered_before(composite, component),
                "{component} after {}",
                composite.input.name
            );
        }
    }
    let in_vector = composites
        .iter()
        .find(|r| r.input.name == "Chromoproteins_in_vector_Chromoproteins_in_vector_ins_BBa_K1033902")
        .expect("insert in vector");
    let parts: Vec<_> = in_vector
        .input
        .components
        .iter()
        .map(|c| c.part.as_deref().unwrap_or("linker"))
        .collect();
    let base = "sbol3:https://github.com/iGEM-Engineering/iGEM-distribution/Chromoproteins/";
    assert_eq!(
        parts,
        vec![
            format!("{base}Chromoproteins_in_vector_ins_BBa_K1033902"),
            format!("{base}pSB1C5")
        ]
    );
}

#[test]
fn json_ld_reads_like_turtle() {
    let json = br#"{"@graph": [
  {"@id": "https://example.org/lab/p", "@type": "sbol:Component", "sbol:displayId": "p",
   "sbol:type": {"@id": "SBO:0000252"}, "sbol:hasSequence": {"@id": "https://example.org/lab/p_seq"}},
  {"@id": "https://example.org/lab/p_seq", "@type": "sbol:Sequence", "sbol:elements": "MKVLAAGIV*",
   "sbol:encoding": {"@id": "EDAM:format_1208"}}
 ],
 "@context": {"sbol": "http://sbols.org/v3#", "SBO": "https://identifiers.org/SBO:", "EDAM": "https://identifiers.org/edam:"}
}"#;
    let parsed = read(json, &Defaults::default());
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let input = &parsed.records[0].input;
    assert_eq!(
        (input.molecule_type, input.sequence.as_deref()),
        (MoleculeType::Protein, Some("MKVLAAGIV*"))
    );
    assert_eq!(
        input.role, "engineered_region",
        "no SO role: the default for linear parts"
    );
    assert_eq!(parsed.records[0].line, 2);
}

#[test]
fn syntaxes_are_sniffed() {
    assert_eq!(
        Syntax::sniff(b"<https://x/a> <https://x/b> <https://x/c> ."),
        Syntax::Turtle
    );
    assert_eq!(Syntax::sniff(b"<urn:uuid:1>\n  a <https://x/c> ."), Syntax::Turtle);
    assert_eq!(
        Syntax::sniff(b"\xEF\xBB\xBF  @prefix sbol: <http://sbols.org/v3#> ."),
        Syntax::Turtle
    );
    assert_eq!(Syntax::sniff(b"<?xml version=\"1.0\"?><rdf:RDF/>"), Syntax::RdfXml);
    assert_eq!(Syntax::sniff(b"<rdf:RDF xmlns:rdf=\"x\">"), Syntax::RdfXml);
    assert_eq!(Syntax::sniff(b"  [ {\"@id\": \"x\"} ]"), Syntax::JsonLd);
    assert_eq!(
        Syntax::from_media_type("application/rdf+xml; charset=utf-8"),
        Some(Syntax::RdfXml)
    );
    assert_eq!(Syntax::from_media_type("application/n-triples"), Some(Syntax::Turtle));
    assert_eq!(Syntax::from_extension("jsonld"), Some(Syntax::JsonLd));
}

#[test]
fn display_ids_are_sbol_safe() {
    assert_eq!(display_id("BRP000042"), "BRP000042");
    assert_eq!(display_id("BBa-J23101.1"), "BBa_J23101_1");
    assert_eq!(display_id("42x"), "_42x");
    assert_eq!(display_id(""), "_");
}

/// Parts as the part view shows them: a circular plasmid with a promoter, a join and a reverse
/// feature across the origin; a protein; and a composite of two of them with a linker.
fn export_parts() -> Vec<super::super::ExportPart> {
    let views = serde_json::json!([
        {"accession": "BRP000001", "name": "pTest", "description": "A test plasmid", "molecule_type": "dna",
         "topology": "circular", "sequence": "TTGACAATTAATCATCGGCTCGTATAATGTGTGGAATTGT", "length": 40,
         "created_at": "2024-01-01T00:00:00Z", "role": {"id": "SO:0000155", "label": "plasmid"},
         "features": [
            {"name": "P1", "type": {"id": "SO:0000167", "label": "promoter"}, "start": 1, "end": 10, "strand": 1,
             "qualifiers": {"note": ["strong"]}, "from_component": false},
            {"name": "split", "type": {"id": "SO:0000316", "label": "CDS"}, "start": 12, "end": 30, "strand": 1,
             "qualifiers": {}, "location": "join(12..15,20..30)", "from_component": false},
            {"name": "wrap", "type": {"id": "SO:0000110", "label": "sequence_feature"}, "start": 35, "end": 5,
             "strand": -1, "qualifiers": {}, "from_component": false}
         ], "components": []},
        {"accession": "BRP000002", "name": "GFP fragment", "molecule_type": "protein", "topology": "linear",
         "sequence": "MSKGEELFTG", "length": 10, "created_at": "2024-01-01T00:00:00Z",
         "role": {"id": "SO:0000104", "label": "polypeptide"}, "features": [], "components": []},
        {"accession": "BRP000003", "name": "promoter", "molecule_type": "dna", "topology": "linear",
         "sequence": "TTGACA", "length": 6, "created_at": "2024-01-01T00:00:00Z",
         "role": {"id": "SO:0000167", "label": "promoter"}, "features": [], "components": []},
        {"accession": "BRP000004", "name": "promoter twice", "molecule_type": "dna", "topology": "linear",
         "sequence": "TTGACAGGTGTCAA", "length": 14, "created_at": "2024-01-01T00:00:00Z",
         "role": {"id": "SO:0000804", "label": "engineered_region"},
         "features": [
            {"name": "promoter", "type": {"id": "SO:0000167", "label": "promoter"}, "start": 1, "end": 6, "strand": 1,
             "qualifiers": {"component": ["BRP000003"]}, "from_component": true},
            {"name": "promoter", "type": {"id": "SO:0000167", "label": "promoter"}, "start": 9, "end": 14, "strand": -1,
             "qualifiers": {"component": ["BRP000003"]}, "from_component": true}
         ],
         "components": [
            {"position": 1, "part": {"id": "0", "accession": "BRP000003", "name": "promoter"}, "linker": null,
             "name": null, "orientation": "forward", "start": 1, "end": 6},
            {"position": 2, "part": null, "linker": "GG", "name": "spacer", "orientation": "forward", "start": 7, "end": 8},
            {"position": 3, "part": {"id": "0", "accession": "BRP000003", "name": "promoter"}, "linker": null,
             "name": "backwards", "orientation": "reverse", "start": 9, "end": 14}
         ]}
    ]);
    views
        .as_array()
        .expect("array")
        .iter()
        .map(|v| super::super::ExportPart::from_json(v).expect("export part"))
        .collect()
}

#[test]
fn written_parts_read_back_the_same() {
    let parts = export_parts();
    let mut out = Vec::new();
    write(&parts, "https://registry.example.org/parts/", &mut out).expect("written");
    let text = String::from_utf8(out.clone()).expect("utf-8");
    assert!(
        text.contains("<https://registry.example.org/parts/BRP000001> a sbol:Component"),
        "{text}"
    );

    let parsed = read(&out, &Defaults::default());
    assert!(parsed.problems.is_empty(), "{:?}\n{text}", parsed.problems);
    let by_name = |name: &str| &parsed.records.iter().find(|r| r.input.name == name).expect(name).input;
    let plasmid = by_name("pTest");
    assert_eq!(plasmid.aliases, vec!["BRP000001"]);
    assert_eq!(
        (plasmid.role.as_str(), plasmid.topology),
        ("SO:0000155", Topology::Circular)
    );
    assert_eq!(plasmid.description, "A test plasmid");
    assert_eq!(plasmid.sequence.as_deref(), parts[0].sequence.as_deref());
    let features: Vec<_> = plasmid
        .features
        .iter()
        .map(|f| (f.name.as_deref(), f.feature_type.as_str(), f.start, f.end, f.strand))
        .collect();
    assert_eq!(
        features,
        vec![
            (Some("P1"), "SO:0000167", 1, 10, 1),
            (Some("split"), "SO:0000316", 12, 30, 1),
            (Some("wrap"), "SO:0000110", 35, 5, -1),
        ]
    );
    assert_eq!(plasmid.features[0].qualifiers["note"], vec!["strong"]);
    assert_eq!(plasmid.features[1].location.as_deref(), Some("join(12..15,20..30)"));
    let protein = by_name("GFP fragment");
    assert_eq!(
        (protein.molecule_type, protein.role.as_str()),
        (MoleculeType::Protein, "SO:0000104")
    );
    // The composite's part is in the same file: it comes first, and the composite refers to it.
    let names: Vec<_> = parsed.records.iter().map(|r| r.input.name.as_str()).collect();
    assert!(names.iter().position(|n| *n == "promoter") < names.iter().position(|n| *n == "promoter twice"));
    let composite = by_name("promoter twice");
    let components: Vec<_> = composite
        .components
        .iter()
        .map(|c| (c.part.as_deref(), c.linker.as_deref(), c.orientation))
        .collect();
    let promoter = Some("sbol3:https://registry.example.org/parts/BRP000003");
    assert_eq!(
        components,
        vec![
            (promoter, None, Some(Orientation::Forward)),
            (None, Some("GG"), None),
            (promoter, None, Some(Orientation::Reverse)),
        ]
    );
    assert_eq!(composite.components[2].name.as_deref(), Some("backwards"));
    assert!(composite.features.is_empty());
}

/// A part read from a file as it would be stored and exported (accession: the displayId).
fn stored(input: &crate::domain::parts::PartInput) -> super::super::ExportPart {
    use crate::domain::ontology;
    use crate::domain::parts::input::Feature;
    let term = |name: &str| ontology::resolve(name).cloned().expect("known term");
    let sequence = input.sequence.clone().unwrap_or_default().to_ascii_uppercase();
    super::super::ExportPart {
        accession: input
            .source
            .as_ref()
            .and_then(|s| s.external_id.clone())
            .unwrap_or(input.name.clone()),
        name: input.name.clone(),
        description: input.description.clone(),
        molecule_type: input.molecule_type,
        topology: input.topology,
        length: sequence.len() as i64,
        sequence: Some(sequence),
        created_at: chrono::Utc::now(),
        genbank: None,
        features: input
            .features
            .iter()
            .map(|f| Feature {
                name: f.name.clone(),
                feature_type: term(&f.feature_type),
                start: f.start,
                end: f.end,
                strand: f.strand,
                qualifiers: f.qualifiers.clone(),
                key: f.key.clone(),
                location: f.location.clone(),
            })
            .collect(),
        role: Some(term(&input.role)),
        components: Vec::new(),
    }
}

/// Writes the parts above, one per file and all in one, and has pySBOL3 validate them (when it
/// is installed: `pip install sbol3`); `BIOREG_SBOL3_OUT=dir` keeps the files there.
#[test]
fn written_parts_pass_pysbol3_validation() {
    let parts = export_parts();
    let kept = std::env::var("BIOREG_SBOL3_OUT").ok().map(PathBuf::from);
    let temporary = tempfile::tempdir().expect("temp dir");
    let dir = kept.clone().unwrap_or_else(|| temporary.path().to_path_buf());
    std::fs::create_dir_all(&dir).expect("out dir");
    let mut paths = Vec::new();
    // And the 39 parts of iGEM's Chromoproteins package, with their features, as bioreg would
    // store and export them.
    let package = read(
        &fixture("igem-distribution-2022/Chromoproteins/package.nt"),
        &Defaults::default(),
    );
    let igem: Vec<_> = package.records.iter().map(|r| stored(&r.input)).collect();
    assert_eq!(igem.len(), 39);
    for (name, chunk) in [
        ("all", &parts[..]),
        ("plasmid", &parts[..1]),
        ("protein", &parts[1..2]),
        ("chromoproteins", &igem[..]),
    ] {
        let path = dir.join(format!("{name}.ttl"));
        let mut out = Vec::new();
        write(chunk, "https://registry.example.org/parts", &mut out).expect("written");
        std::fs::write(&path, out).expect("saved");
        paths.push(path);
    }
    let has_pysbol3 = std::process::Command::new("python3")
        .args(["-c", "import sbol3"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_pysbol3 {
        eprintln!("pySBOL3 is not installed (pip install sbol3); the written files were not validated");
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/sbol3_validate.py");
    let output = std::process::Command::new("python3")
        .arg(script)
        .args(&paths)
        .output()
        .expect("validator ran");
    let report = String::from_utf8_lossy(&output.stdout);
    eprintln!("{report}");
    assert!(
        output.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(report.contains(" 0 errors, 0 warnings, 0 failed"), "{report}");
}

#[test]
fn roles_bioreg_does_not_know_fall_back_and_are_kept() {
    let body = format!(
        "{}{}",
        part("p", "acgtacgtac", " ; sbol:hasFeature <p/f>").replace("SO:0000804", "SO:0002224"),
        located("p", "f", "", 1, 4, "SO:0001030")
            .replace("sbol:displayId \"f\"", "sbol:displayId \"f\" ; sbol:role SO:0001411"),
    );
    let parsed = read_turtle(&body);
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let input = &parsed.records[0].input;
    assert_eq!(input.role, "engineered_region");
    assert!(
        input.provenance["role"].contains("SO:0002224"),
        "{:?}",
        input.provenance
    );
    assert_eq!(input.features[0].feature_type, "sequence_feature");
    assert_eq!(input.features[0].qualifiers["sbol3_role"], vec!["SO:0001411"]);
}
