//! The GenBank reader and writer on small records written here, and on fixtures.

use super::*;

const TWO: &str = "LOCUS       pTest                     40 bp    DNA     circular SYN 01-JAN-2024
DEFINITION  A test plasmid.
ACCESSION   pTest
FEATURES             Location/Qualifiers
     promoter        1..10
                     /label=\"P1\"
     misc_feature    join(35..40,1..5)
                     /note=\"across the origin\"
     CDS             complement(<12..>30)
                     /gene=\"x\"
                     /pseudo
ORIGIN
        1 acgtacgtac gtacgtacgt acgtacgtac gtacgtacgt
//
LOCUS       broken                    10 bp    DNA     linear   SYN 01-JAN-2024
FEATURES             Location/Qualifiers
     misc_feature    8..2
ORIGIN
        1 acgtacgtac
//
";

#[test]
fn records_map_to_parts_and_every_problem_has_its_line() {
    let parsed = read(TWO.as_bytes(), &Defaults::default());
    assert_eq!(parsed.records.len(), 1);
    let record = &parsed.records[0];
    assert_eq!((record.index, record.line), (0, 1));
    let input = &record.input;
    assert_eq!(input.name, "pTest");
    assert_eq!(input.role, "plasmid");
    assert_eq!(input.topology, Topology::Circular);
    assert_eq!(input.features.len(), 3);
    let origin = &input.features[1];
    assert_eq!((origin.start, origin.end, origin.strand), (35, 5, 1));
    assert_eq!(origin.location.as_deref(), Some("join(35..40,1..5)"));
    let cds = &input.features[2];
    assert_eq!((cds.start, cds.end, cds.strand), (12, 30, -1));
    assert_eq!(cds.location.as_deref(), Some("complement(<12..>30)"));
    assert_eq!(cds.qualifiers["pseudo"], vec![String::new()]);
    assert_eq!(cds.name.as_deref(), Some("x"));
    assert_eq!(parsed.problems.len(), 1);
    let problem = &parsed.problems[0];
    assert_eq!((problem.index, problem.line), (Some(1), 17));
    assert!(problem.message.contains("circular"), "{}", problem.message);
}

#[test]
fn genpept_records_read_as_proteins_and_write_back_in_aa() {
    let text = "LOCUS       TESTP                     12 aa            linear   BCT 01-JAN-2024\n\
                    DEFINITION  test protein.\nACCESSION   TESTP\nFEATURES             Location/Qualifiers\n     \
                    Protein         1..12\n                     /product=\"test\"\nORIGIN\n        1 mktayiakqr qi\n//\n";
    let parsed = read(text.as_bytes(), &Defaults::default());
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let input = &parsed.records[0].input;
    assert_eq!(input.molecule_type, MoleculeType::Protein);
    assert_eq!(input.role, "polypeptide");
    assert_eq!(input.genbank.as_ref().unwrap().molecule_type, None);
    let mut seq = Seq::empty();
    seq.name = Some("TESTP".into());
    seq.seq = b"MKTAYIAKQRQI".to_vec();
    seq.division = "BCT".into();
    seq.date = Date::from_ymd(2024, 1, 1).ok();
    assert_eq!(
        locus_line(&seq, true),
        "LOCUS       TESTP                     12 aa            linear   BCT 01-JAN-2024"
    );
}

#[test]
fn reference_and_comment_blocks_are_written_back_as_they_were() {
    let text = "LOCUS       pRef                      12 bp    DNA     linear   SYN 01-JAN-2024\n\
                    DEFINITION  ref test.\nACCESSION   pRef\n\
                    REFERENCE   1  (bases 1 to 12)\n  AUTHORS   Doe,J. and Roe,R.\n  TITLE     A title\n\
                    \x20           wrapped\n  JOURNAL   Unpublished\n   PUBMED   123456\n\
                    COMMENT     First comment.\nFEATURES             Location/Qualifiers\n\
                    \x20    misc_feature    1..4\nORIGIN\n        1 acgtacgtac gt\n//\n";
    let parsed = read(text.as_bytes(), &Defaults::default());
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let header = parsed.records[0].input.genbank.clone().unwrap();
    assert_eq!(header.annotation_blocks.len(), 2, "{:?}", header.annotation_blocks);
    assert!(header.annotation_blocks[0].ends_with("   PUBMED   123456"));
    let part = ExportPart {
        accession: "BRP000001".into(),
        name: "pRef".into(),
        description: "ref test.".into(),
        molecule_type: MoleculeType::Dna,
        topology: Topology::Linear,
        sequence: Some("ACGTACGTACGT".into()),
        length: 12,
        created_at: chrono::Utc::now(),
        genbank: Some(header),
        features: Vec::new(),
        role: None,
        components: Vec::new(),
    };
    let mut out = Vec::new();
    write(&[part], &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    let blocks = "REFERENCE   1  (bases 1 to 12)\n  AUTHORS   Doe,J. and Roe,R.\n  TITLE     A title\n\
                      \x20           wrapped\n  JOURNAL   Unpublished\n   PUBMED   123456\nCOMMENT     First comment.\n";
    assert!(out.contains(&format!("{blocks}ORIGIN")), "{out}");
}

#[test]
fn locus_lines_keep_ncbi_columns() {
    let mut seq = Seq::empty();
    seq.name = Some("EU851978".into());
    seq.seq = vec![b'a'; 681];
    seq.molecule_type = Some("cRNA".into());
    seq.division = "VRL".into();
    seq.date = Date::from_ymd(2008, 7, 28).ok();
    let line = locus_line(&seq, false);
    assert_eq!(
        line,
        "LOCUS       EU851978                 681 bp    cRNA    linear   VRL 28-JUL-2008"
    );
    assert_eq!(&line[44..47], "   ");
    assert_eq!(&line[47..51], "cRNA");
    assert_eq!(&line[55..61], "linear");
    seq.molecule_type = Some("ds-DNA".into());
    seq.topology = GbTopology::Circular;
    let line = locus_line(&seq, false);
    assert_eq!(&line[44..53], "ds-DNA   ");
    assert_eq!(&line[55..63], "circular");
}

/// The part a record read from a file would be stored as (features resolved as `validate` does).
fn stored(input: &PartInput) -> ExportPart {
    let sequence = input.sequence.clone().unwrap_or_default().to_ascii_uppercase();
    ExportPart {
        accession: "BRP000001".into(),
        name: input.name.clone(),
        description: input.description.clone(),
        molecule_type: input.molecule_type,
        topology: input.topology,
        length: sequence.len() as i64,
        sequence: Some(sequence),
        created_at: chrono::Utc::now(),
        genbank: input.genbank.clone(),
        features: input
            .features
            .iter()
            .map(|f| crate::domain::parts::input::Feature {
                name: f.name.clone(),
                feature_type: ontology::resolve(&f.feature_type).unwrap().clone(),
                start: f.start,
                end: f.end,
                strand: f.strand,
                qualifiers: f.qualifiers.clone(),
                key: f.key.clone(),
                location: f.location.clone(),
            })
            .collect(),
        role: None,
        components: Vec::new(),
    }
}

/// Found by `cargo fuzz run genbank`: a qualifier name too long for gb-io's writer made the
/// export panic (subtract with overflow). Such names, and feature keys too long for a line,
/// are left out of the export, and what is written reads back.
#[test]
fn qualifier_names_and_feature_keys_too_long_to_write_are_left_out() {
    let fuzzed = read(
        include_bytes!("../../../../tests/fixtures/fuzz/genbank/long-qualifier-name.gb"),
        &Defaults::default(),
    );
    assert!(fuzzed.problems.is_empty(), "{:?}", fuzzed.problems);
    let long_name = "q".repeat(MAX_QUALIFIER_NAME + 1);
    let long_key = "k".repeat(MAX_FEATURE_KEY + 1);
    let text = format!(
        "LOCUS       pLong                     12 bp    DNA     linear   SYN 01-JAN-2024\n\
             FEATURES             Location/Qualifiers\n     misc_feature    1..4\n                     \
             /{long_name}=\"x\"\n                     /{}=\"kept\"\n     {long_key} 5..8\n\
             ORIGIN\n        1 acgtacgtac gt\n//\n",
        "q".repeat(MAX_QUALIFIER_NAME)
    );
    let parsed = read(text.as_bytes(), &Defaults::default());
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    for input in fuzzed.records.iter().chain(&parsed.records).map(|r| &r.input) {
        assert_reads_back(stored(input));
    }
    let mut out = Vec::new();
    write(&[stored(&parsed.records[0].input)], &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(!out.contains(&long_name) && !out.contains(&long_key), "{out}");
    assert!(
        out.contains(&format!("/{}=\"", "q".repeat(MAX_QUALIFIER_NAME))),
        "{out}"
    );
}

/// Writes `part` as GenBank and reads it back: no problem may come up.
fn assert_reads_back(part: ExportPart) {
    let mut out = Vec::new();
    write(&[part], &mut out).unwrap();
    let again = read(&out, &Defaults::default());
    assert!(
        again.problems.is_empty(),
        "{:?}\n{}",
        again.problems,
        String::from_utf8_lossy(&out)
    );
}

/// Found by `cargo fuzz run genbank`: a feature key with a non-ASCII letter was written so that
/// its qualifiers read back as part of its location, and the exported file did not import
/// again. Such keys, and keys with spaces (the API takes any), are written as the INSDC key of
/// the feature's type.
#[test]
fn feature_keys_gb_io_cannot_write_back_are_replaced_by_the_insdc_key() {
    let fuzzed = read(
        include_bytes!("../../../../tests/fixtures/fuzz/genbank/non-ascii-feature-key.gb"),
        &Defaults::default(),
    );
    let text = "LOCUS       pKey                      12 bp    DNA     linear   SYN 01-JAN-2024\n\
                    FEATURES             Location/Qualifiers\n     \u{17e}feature       1..4\n\
                    \x20                    /note=\"kept\"\nORIGIN\n        1 acgtacgtac gt\n//\n";
    let parsed = read(text.as_bytes(), &Defaults::default());
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(
        parsed.records[0].input.features[0].key.as_deref(),
        Some("\u{17e}feature")
    );
    let mut spaced = stored(&parsed.records[0].input);
    spaced.features[0].key = Some("misc feature".into());
    let parts = fuzzed.records.iter().chain(&parsed.records).map(|r| stored(&r.input));
    for part in parts.chain([spaced]) {
        assert_reads_back(part);
    }
    let mut out = Vec::new();
    write(&[stored(&parsed.records[0].input)], &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(
        out.contains("     misc_feature    1..4\n                     /note=\"kept\"\n"),
        "{out}"
    );
}

#[test]
fn unparsable_records_are_reported_and_the_rest_still_read() {
    let text = TWO.replace("        1 acgtacgtac\n", "        1 acgtacgtac\nNOT GENBANK\n");
    let parsed = read(text.as_bytes(), &Defaults::default());
    assert_eq!(parsed.records.len(), 1);
    assert_eq!(parsed.problems.len(), 1);
    assert!(parsed.problems[0].message.contains("not valid GenBank"));
    assert!(read(b"hello\n", &Defaults::default()).problems.len() == 2);
}

/// A 40-base record whose LOCUS line ends with `locus_tail` (topology, division, date) and whose
/// feature table holds `features` (lines after `FEATURES`).
fn quirk(locus_tail: &str, features: &str) -> String {
    format!(
        "LOCUS       pQuirk                    40 bp    DNA     {locus_tail}\nDEFINITION  A quirky record.\n\
         ACCESSION   pQuirk\nFEATURES             Location/Qualifiers\n{features}ORIGIN\n\
         \x20       1 acgtacgtac gtacgtacgt acgtacgtac gtacgtacgt\n//\n"
    )
}

/// Biopython reads features located on other records (`U18267.1:1..270`); a part's features lie on
/// its own sequence, so they are left out, each with a warning naming it, and the record is kept.
#[test]
fn features_on_other_records_are_left_out_with_a_warning() {
    let text = quirk(
        "linear   SYN 01-JAN-2024",
        "     misc_feature    1..10\n                     /label=\"kept\"\n\
         \x20    CDS             join(OTHER.1:1..10,\n                     20..30)\n                     /gene=\"split\"\n\
         \x20    exon            J00194.1:100..202\n",
    );
    let parsed = read(text.as_bytes(), &Defaults::default());
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let input = &parsed.records[0].input;
    assert_eq!(input.features.len(), 1);
    assert_eq!(input.features[0].name.as_deref(), Some("kept"));
    let warnings: Vec<_> = parsed
        .warnings
        .iter()
        .map(|w| {
            (
                w.index,
                w.line,
                w.field.as_deref().unwrap_or_default(),
                w.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        warnings,
        [
            (
                Some(0),
                7,
                "features[1].location",
                "record 1, line 7: feature 1 (CDS) was left out: it lies on another record (`OTHER.1`: \
                 `join(OTHER.1:1..10,20..30)`); a part keeps only the features on its own sequence"
            ),
            (
                Some(0),
                10,
                "features[2].location",
                "record 1, line 10: feature 2 (exon) was left out: it lies on another record (`J00194.1`: \
                 `J00194.1:100..202`); a part keeps only the features on its own sequence"
            ),
        ]
    );
}

/// gb-io gives up on a LOCUS line whose date or division is out of form and keeps none of its
/// fields; Biopython keeps them as written. So does bioreg, with a warning; the export writes a
/// well-formed line (the registration date, division UNK), as Biopython's writer does.
#[test]
fn a_malformed_locus_date_or_division_is_kept_as_written_with_a_warning() {
    for (tail, field, written, says) in [
        (
            "circular SYN 2024-01-01",
            "genbank.date",
            "2024-01-01",
            "record 1, line 1: the LOCUS date `2024-01-01` is not in GenBank's DD-MON-YYYY form; kept as written",
        ),
        (
            "circular SYN 32-JAN-2024",
            "genbank.date",
            "32-JAN-2024",
            "the LOCUS date `32-JAN-2024`",
        ),
        (
            "circular SY1 01-JAN-2024",
            "genbank.division",
            "SY1",
            "record 1, line 1: the LOCUS division `SY1` is not a GenBank division code (three capital letters, \
             such as SYN or BCT); kept as written",
        ),
        ("circular syn 01-JAN-2024", "genbank.division", "syn", "division `syn`"),
    ] {
        let text = quirk(tail, "     misc_feature    1..10\n");
        let parsed = read(text.as_bytes(), &Defaults::default());
        assert!(parsed.problems.is_empty(), "{tail}: {:?}", parsed.problems);
        assert_eq!(parsed.warnings.len(), 1, "{tail}: {:?}", parsed.warnings);
        let warning = &parsed.warnings[0];
        assert_eq!((warning.line, warning.field.as_deref()), (1, Some(field)));
        assert!(warning.message.contains(says), "{}", warning.message);
        let input = &parsed.records[0].input;
        assert_eq!((input.name.as_str(), input.topology), ("pQuirk", Topology::Circular));
        assert_eq!(input.features.len(), 1);
        let header = input.genbank.clone().unwrap();
        assert_eq!(header.molecule_type.as_deref(), Some("DNA"));
        let kept = if field == "genbank.date" {
            (header.date.as_deref(), header.division.as_deref())
        } else {
            (header.division.as_deref(), header.date.as_deref())
        };
        assert_eq!(kept.0, Some(written), "{header:?}");
        assert!(kept.1.is_some(), "{header:?}");
        let mut out = Vec::new();
        write(&[stored(input)], &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        let locus = out.lines().next().unwrap();
        assert!(!locus.contains(written), "{locus}");
        let again = read(out.as_bytes(), &Defaults::default());
        assert!(
            again.problems.is_empty() && again.warnings.is_empty(),
            "{locus}: {again:?}"
        );
    }
}

/// gb-io takes a location it cannot read for the name of another record (`6..x10`), or drops what
/// follows a location (`1..10xyz` became `1..10`); both are problems at the feature's line, with
/// its key, saying where reading stopped.
#[test]
fn a_malformed_location_is_reported_at_its_feature_with_its_key() {
    let text = quirk(
        "linear   SYN 01-JAN-2024",
        "     misc_feature    1..10\n     CDS             join(1..5,6..x10)\n                     /gene=\"bad\"\n\
         \x20    gene            1..10xyz\n",
    );
    let parsed = read(text.as_bytes(), &Defaults::default());
    assert!(parsed.records.is_empty() && parsed.warnings.is_empty(), "{parsed:?}");
    let problems: Vec<_> = parsed
        .problems
        .iter()
        .map(|p| (p.line, p.field.as_deref().unwrap_or_default(), p.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            (
                6,
                "features[1].location",
                "feature 1 (CDS): location `join(1..5,6..x10)` is not an INSDC location (`x10)` cannot be read)"
            ),
            (
                8,
                "features[2].location",
                "feature 2 (gene): location `1..10xyz` is not an INSDC location (`xyz` cannot be read)"
            ),
        ]
    );
}

/// A record without a sequence of its own is refused, saying why in words: no ORIGIN, an empty
/// ORIGIN, a CONTIG record, a TSA or TLS master record.
#[test]
fn records_without_a_sequence_are_refused_saying_why() {
    let no_origin = quirk("linear   SYN 01-JAN-2024", "     misc_feature    1..10\n")
        .replace("ORIGIN\n        1 acgtacgtac gtacgtacgt acgtacgtac gtacgtacgt\n", "");
    let empty_origin = no_origin.replace("//\n", "ORIGIN\n//\n");
    let contig = no_origin.replace("//\n", "CONTIG      join(ABJB010667125.1:1..40)\n//\n");
    let tsa = "LOCUS       GAAA01000000             123 rc    mRNA    linear   TSA 01-JAN-2020\n\
               DEFINITION  TSA: Example species transcriptome shotgun assembly.\nACCESSION   GAAA00000000\n\
               KEYWORDS    TSA; Transcriptome Shotgun Assembly.\nFEATURES             Location/Qualifiers\n\
               \x20    source          1..123\n                     /organism=\"Example species\"\n\
               TSA         GAAA01000001-GAAA01000123\n//\n";
    for (text, line, says) in [
        (
            no_origin.as_str(),
            1,
            "record 1 has no sequence: it has no ORIGIN section; a part needs its sequence",
        ),
        (
            empty_origin.as_str(),
            6,
            "record 1 has no sequence: its ORIGIN section is empty; a part needs its sequence",
        ),
        (
            contig.as_str(),
            6,
            "record 1 has no sequence: it is a CONTIG record (`CONTIG join(ABJB010667125.1:1..40)`), whose sequence \
             is assembled from other records; import those records, or the assembled sequence",
        ),
        (
            tsa,
            8,
            "record 1 has no sequence: it is the master record of a transcriptome shotgun assembly (TSA) project \
             (`TSA GAAA01000001-GAAA01000123`), which lists the project's records instead of holding a sequence; \
             import those records instead",
        ),
    ] {
        let parsed = read(text.as_bytes(), &Defaults::default());
        assert!(parsed.records.is_empty(), "{parsed:?}");
        assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
        let problem = &parsed.problems[0];
        assert_eq!(
            (problem.line, problem.field.as_deref(), problem.message.as_str()),
            (line, Some("sequence"), says)
        );
    }
}
