use std::path::Path;

use crate::domain::formats::{sbol3, Defaults, Parsed};
use crate::seq::{MoleculeType, Topology};

/// An SBOL2 RDF/XML document around `body`.
fn document(body: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:sbol="http://sbols.org/v2#"
    xmlns:dcterms="http://purl.org/dc/terms/" xmlns:prov="http://www.w3.org/ns/prov#">
{body}
</rdf:RDF>
"#
    )
    .into_bytes()
}

fn read(body: &str) -> Parsed {
    sbol3::read(&document(body), &Defaults::default())
}

/// The rule ids of a read's problems.
fn rules(parsed: &Parsed) -> Vec<String> {
    parsed
        .problems
        .iter()
        .map(|p| p.message.split(':').next().unwrap_or_default().to_string())
        .collect()
}

const DNA: &str = "http://www.biopax.org/release/biopax-level3.owl#DnaRegion";
const PROTEIN: &str = "http://www.biopax.org/release/biopax-level3.owl#Protein";
const IUPAC_DNA: &str = "http://www.chem.qmul.ac.uk/iubmb/misc/naseq.html";

/// A promoter with its Sequence and one annotation, valid SBOL2.
fn promoter(extra: &str) -> String {
    format!(
        r#"<sbol:ComponentDefinition rdf:about="http://example.org/p1">
  <sbol:displayId>p1</sbol:displayId>
  <dcterms:title>promoter one</dcterms:title>
  <dcterms:description>a test promoter</dcterms:description>
  <sbol:type rdf:resource="{DNA}"/>
  <sbol:role rdf:resource="http://identifiers.org/so/SO:0000167"/>
  <sbol:sequence rdf:resource="http://example.org/p1_seq"/>
  <sbol:sequenceAnnotation>
    <sbol:SequenceAnnotation rdf:about="http://example.org/p1/box">
      <sbol:displayId>box</sbol:displayId>
      <sbol:role rdf:resource="http://identifiers.org/so/SO:0000057"/>
      <sbol:location>
        <sbol:Range rdf:about="http://example.org/p1/box/r">
          <sbol:displayId>r</sbol:displayId>
          <sbol:start>2</sbol:start>
          <sbol:end>7</sbol:end>
          <sbol:orientation rdf:resource="http://sbols.org/v2#reverseComplement"/>
        </sbol:Range>
      </sbol:location>
    </sbol:SequenceAnnotation>
  </sbol:sequenceAnnotation>
  {extra}
</sbol:ComponentDefinition>
<sbol:Sequence rdf:about="http://example.org/p1_seq">
  <sbol:displayId>p1_seq</sbol:displayId>
  <sbol:elements>ttgacagctagctcag</sbol:elements>
  <sbol:encoding rdf:resource="{IUPAC_DNA}"/>
</sbol:Sequence>"#
    )
}

#[test]
fn a_component_definition_becomes_a_part_with_its_features() {
    let parsed = read(&promoter(""));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let input = &parsed.records[0].input;
    assert_eq!(
        (input.name.as_str(), input.role.as_str()),
        ("promoter one", "SO:0000167")
    );
    assert_eq!(input.description, "a test promoter");
    assert_eq!(input.aliases, vec!["p1".to_string()]);
    assert_eq!(
        (input.molecule_type, input.topology),
        (MoleculeType::Dna, Topology::Linear)
    );
    assert_eq!(input.sequence.as_deref(), Some("ttgacagctagctcag"));
    assert_eq!(
        input.source.as_ref().unwrap().uri.as_deref(),
        Some("http://example.org/p1")
    );
    let feature = &input.features[0];
    assert_eq!(
        (
            feature.feature_type.as_str(),
            feature.start,
            feature.end,
            feature.strand
        ),
        ("SO:0000057", 2, 7, -1)
    );
    assert_eq!(feature.name.as_deref(), Some("box"));
}

#[test]
fn circular_types_and_unknown_roles_follow_the_sbol3_reader() {
    let parsed = read(&promoter(
        r#"<sbol:type rdf:resource="http://identifiers.org/so/SO:0000988"/>"#,
    ));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert_eq!(parsed.records[0].input.topology, Topology::Circular);

    let unknown = read(&promoter("").replace("SO:0000167", "SO:9999999"));
    assert!(unknown.problems.is_empty(), "{:?}", unknown.problems);
    let input = &unknown.records[0].input;
    assert_eq!(input.role, "engineered_region");
    assert!(
        input.provenance["role"].contains("SO:9999999"),
        "{:?}",
        input.provenance
    );
}

#[test]
fn a_range_past_the_sequence_is_a_warning() {
    let parsed = read(&promoter("").replace("<sbol:end>7</sbol:end>", "<sbol:end>70</sbol:end>"));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    assert!(parsed.records[0].input.features.is_empty());
    assert!(
        parsed.warnings[0].message.starts_with("sbol2-10523"),
        "{:?}",
        parsed.warnings
    );
}

#[test]
fn designs_without_sequences_are_refused_with_what_the_file_holds() {
    let parsed = read(&format!(
        r#"<sbol:ComponentDefinition rdf:about="http://example.org/d">
  <sbol:displayId>d</sbol:displayId>
  <sbol:type rdf:resource="{DNA}"/>
</sbol:ComponentDefinition>"#
    ));
    assert!(parsed.records.is_empty());
    assert!(
        parsed.problems[0].message.contains("1 without such a Sequence"),
        "{:?}",
        parsed.problems
    );
}

#[test]
fn property_kinds_required_properties_and_references() {
    // sbol2-10221: wasGeneratedBy must be a URI; 10222: it must name an Activity.
    let literal = read(&promoter("<prov:wasGeneratedBy>by hand</prov:wasGeneratedBy>"));
    assert_eq!(rules(&literal), ["sbol2-10221"]);
    assert!(literal.records.is_empty());
    assert!(literal.problems[0].message.contains("<http://example.org/p1>"));
    let sequence = read(&promoter(
        r#"<prov:wasGeneratedBy rdf:resource="http://example.org/p1_seq"/>"#,
    ));
    assert_eq!(rules(&sequence), ["sbol2-10222"]);
    // An Activity kept elsewhere is not checked.
    let elsewhere = read(&promoter(
        r#"<prov:wasGeneratedBy rdf:resource="https://synbiohub.org/public/igem/igem2sbol"/>"#,
    ));
    assert!(elsewhere.problems.is_empty(), "{:?}", elsewhere.problems);

    // sbol2-10402: a Sequence needs elements; 13202: an Attachment a source; 12605: an
    // Association an agent.
    let bare = read(&format!(
        r#"<sbol:Sequence rdf:about="http://example.org/s"><sbol:encoding rdf:resource="{IUPAC_DNA}"/></sbol:Sequence>
<sbol:Attachment rdf:about="http://example.org/a"><sbol:displayId>a</sbol:displayId></sbol:Attachment>
<prov:Activity rdf:about="http://example.org/act"><prov:qualifiedAssociation>
  <prov:Association rdf:about="http://example.org/act/as"><prov:hadRole rdf:resource="http://example.org/r"/></prov:Association>
</prov:qualifiedAssociation></prov:Activity>"#
    ));
    assert_eq!(rules(&bare), ["sbol2-10402", "sbol2-13202", "sbol2-12605"]);

    // sbol2-13207/13208: size is an integer, hash a string; 13103: built names a design of the file.
    let attachment = read(
        r#"<sbol:Attachment rdf:about="http://example.org/a"><sbol:source rdf:resource="http://example.org/f.csv"/>
  <sbol:size>12 bytes</sbol:size><sbol:hash rdf:resource="http://example.org/h"/></sbol:Attachment>
<sbol:Implementation rdf:about="http://example.org/i"><sbol:built rdf:resource="http://example.org/missing"/></sbol:Implementation>"#,
    );
    assert_eq!(rules(&attachment), ["sbol2-13207", "sbol2-13208", "sbol2-13103"]);

    // sbol2-12103: a Collection holds TopLevels, not child objects.
    let collection = read(&promoter("").replace(
        "<sbol:Sequence rdf:about",
        r#"<sbol:Collection rdf:about="http://example.org/c"><sbol:member rdf:resource="http://example.org/p1/box"/></sbol:Collection>
<sbol:Sequence rdf:about"#,
    ));
    assert_eq!(rules(&collection), ["sbol2-12103"]);
}

#[test]
fn classes_may_not_have_other_sbol_properties() {
    let usage = read(
        r#"<prov:Activity rdf:about="http://example.org/act"><prov:qualifiedUsage>
  <prov:Usage rdf:about="http://example.org/act/u"><sbol:display>u</sbol:display>
    <prov:entity rdf:resource="http://example.org/x"/></prov:Usage>
</prov:qualifiedUsage></prov:Activity>"#,
    );
    assert_eq!(rules(&usage), ["sbol2-12501"]);
    assert!(usage.problems[0].message.contains("sbol:display"));
    // Annotations in other namespaces are allowed.
    let annotated = read(&promoter(
        r#"<igem:partStatus xmlns:igem="http://wiki.synbiohub.org/wiki/Terms/igem#">Released</igem:partStatus>"#,
    ));
    assert!(annotated.problems.is_empty(), "{:?}", annotated.problems);
}

#[test]
fn sequences_types_and_roles() {
    // sbol2-10405: elements against the encoding; 10407: an encoding outside Table 1.
    let letters = read(&promoter("").replace("ttgacagctagctcag", "ttgacjgctagctcag"));
    assert_eq!(rules(&letters), ["sbol2-10405"]);
    let encoding = read(&promoter("").replace(IUPAC_DNA, "http://example.org/my-encoding"));
    assert!(
        rules(&encoding).contains(&"sbol2-10407".to_string()),
        "{:?}",
        encoding.problems
    );

    // sbol2-10528: one topology at most; 10529: no topology on a protein.
    let both = read(&promoter(
        r#"<sbol:type rdf:resource="http://identifiers.org/so/SO:0000987"/><sbol:type rdf:resource="http://identifiers.org/so/SO:0000988"/>"#,
    ));
    assert_eq!(rules(&both), ["sbol2-10528"]);
    let protein = read(&format!(
        r#"<sbol:ComponentDefinition rdf:about="http://example.org/prot">
  <sbol:type rdf:resource="{PROTEIN}"/><sbol:type rdf:resource="http://identifiers.org/so/SO:0000987"/>
</sbol:ComponentDefinition>"#
    ));
    assert_eq!(rules(&protein), ["sbol2-10529"]);

    // sbol2-10707: a DNA sub-Component with two sequence feature roles; 11413: differentFrom
    // between two Components of the same definition.
    let composite = read(&promoter(
        r#"<sbol:component><sbol:Component rdf:about="http://example.org/p1/a">
    <sbol:access rdf:resource="http://sbols.org/v2#public"/><sbol:definition rdf:resource="http://example.org/p1"/>
    <sbol:role rdf:resource="http://identifiers.org/so/SO:0000167"/><sbol:role rdf:resource="http://identifiers.org/so/SO:0000316"/>
  </sbol:Component></sbol:component>
  <sbol:component><sbol:Component rdf:about="http://example.org/p1/b">
    <sbol:access rdf:resource="http://sbols.org/v2#public"/><sbol:definition rdf:resource="http://example.org/p1"/>
  </sbol:Component></sbol:component>
  <sbol:sequenceConstraint><sbol:SequenceConstraint rdf:about="http://example.org/p1/c">
    <sbol:restriction rdf:resource="http://sbols.org/v2#differentFrom"/>
    <sbol:subject rdf:resource="http://example.org/p1/a"/><sbol:object rdf:resource="http://example.org/p1/b"/>
  </sbol:SequenceConstraint></sbol:sequenceConstraint>"#,
    ));
    assert_eq!(
        rules(&composite),
        ["sbol2-10707", "sbol2-11413"],
        "{:?}",
        composite.problems
    );
}

#[test]
fn a_broken_document_names_rule_10105() {
    let parsed = sbol3::read(
        b"<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:sbol=\"http://sbols.org/v2#\">\n<oops",
        &Defaults::default(),
    );
    assert!(
        parsed.problems[0].message.starts_with("sbol2-10105"),
        "{:?}",
        parsed.problems
    );
}

/// With `BIOREG_SHARED_DATA` set: every file of `sbol/sbol2/invalid/` is refused with a problem
/// naming its own rule (`sbol-10221.xml` → `sbol2-10221`), and every file of
/// `sbol/sbol2/testsuite/` imports or is refused for a reason that is printed.
#[test]
fn shared_sbol2_files() {
    let Ok(shared) = std::env::var("BIOREG_SHARED_DATA") else {
        eprintln!("BIOREG_SHARED_DATA is not set: the shared SBOL2 files are not read");
        return;
    };
    let root = Path::new(&shared).join("sbol/sbol2");
    let mut wrong = Vec::new();
    let mut refused = 0;
    for path in files(&root.join("invalid"), "xml") {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let rule = name.replace("sbol-", "sbol2-");
        let parsed = sbol3::read(&std::fs::read(&path).unwrap(), &Defaults::default());
        if parsed.records.is_empty() && parsed.problems.iter().any(|p| p.message.starts_with(&rule)) {
            refused += 1;
        } else {
            wrong.push(format!("{name}: {:?}", parsed.problems));
        }
    }
    eprintln!("sbol2/invalid: {refused} refused with their own rule");
    assert!(
        wrong.is_empty(),
        "not refused with their own rule:\n{}",
        wrong.join("\n")
    );

    for folder in ["testsuite", "testsuite-moclo", "sbol-utilities"] {
        let (mut imported, mut records) = (0, 0);
        for path in files(&root.join(folder), "xml") {
            let parsed = sbol3::read(&std::fs::read(&path).unwrap(), &Defaults::default());
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if parsed.problems.is_empty() {
                imported += 1;
                records += parsed.records.len();
            } else {
                eprintln!("  {folder}/{name}: refused: {}", parsed.problems[0].message);
                // A file of valid SBOL2 breaks no rule; it may hold nothing bioreg registers.
                assert!(
                    parsed.problems.iter().all(|p| !p.message.starts_with("sbol2-")),
                    "{folder}/{name}: {:?}",
                    parsed.problems
                );
            }
        }
        eprintln!("sbol2/{folder}: {imported} file(s) imported, {records} record(s)");
    }
}

fn files(folder: &Path, extension: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .map(|entries| entries.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == extension));
    files.sort();
    files
}
