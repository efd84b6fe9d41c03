//! Owns the tables of the SBOL2 rules: what each property's values must be, which properties are
//! required, which class a reference must name, and which `sbol:` properties each class may have.

use super::super::super::sbol3::graph::Value;
use super::super::super::sbol3::vocab::Encoding;
use super::super::{DCTERMS_DESCRIPTION, DCTERMS_TITLE};

/// What a property's values must be.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Kind {
    Iri,
    Text,
    Integer,
}

impl Kind {
    pub(super) fn accepts(self, value: &Value) -> bool {
        match (self, value) {
            (Kind::Iri, Value::Iri(_) | Value::Blank(_)) => true,
            (Kind::Text, Value::Literal { .. }) => true,
            (Kind::Integer, Value::Literal { value, .. }) => value.trim().parse::<i64>().is_ok(),
            _ => false,
        }
    }

    pub(super) fn what(self) -> &'static str {
        match self {
            Kind::Iri => "a URI",
            Kind::Text => "a string",
            Kind::Integer => "an integer",
        }
    }
}

/// A rule about one property of one class (`None`: every SBOL object).
pub(super) struct PropertyRule {
    pub(super) class: Option<&'static str>,
    pub(super) property: &'static str,
    pub(super) kind: Kind,
    /// The rule broken by a value of the wrong kind.
    pub(super) kind_rule: &'static str,
    /// The rule broken when the property is missing, if it is required.
    pub(super) required: Option<&'static str>,
    /// The classes a reference must name, the rule, and whether the object must be in the file.
    pub(super) target: Option<(&'static [&'static str], &'static str, bool)>,
}

const fn property(class: Option<&'static str>, property: &'static str, kind: Kind, rule: &'static str) -> PropertyRule {
    PropertyRule {
        class,
        property,
        kind,
        kind_rule: rule,
        required: None,
        target: None,
    }
}

impl PropertyRule {
    const fn required(mut self, rule: &'static str) -> Self {
        self.required = Some(rule);
        self
    }

    const fn naming(mut self, classes: &'static [&'static str], rule: &'static str) -> Self {
        self.target = Some((classes, rule, false));
        self
    }

    const fn naming_in_file(mut self, classes: &'static [&'static str], rule: &'static str) -> Self {
        self.target = Some((classes, rule, true));
        self
    }
}

/// The classes whose objects are TopLevels (rule sbol-12103: what a Collection may hold).
pub(super) const TOP_LEVELS: &[&str] = &[
    sbol!("Sequence"),
    sbol!("ComponentDefinition"),
    sbol!("ModuleDefinition"),
    sbol!("Model"),
    sbol!("Collection"),
    sbol!("CombinatorialDerivation"),
    sbol!("Implementation"),
    sbol!("Attachment"),
    sbol!("Experiment"),
    sbol!("ExperimentalData"),
    prov!("Activity"),
    prov!("Agent"),
    prov!("Plan"),
];

pub(super) const RULES: &[PropertyRule] = &[
    property(None, sbol!("persistentIdentity"), Kind::Iri, "10203"),
    property(None, sbol!("displayId"), Kind::Text, "10204"),
    property(None, sbol!("version"), Kind::Text, "10206"),
    property(None, prov!("wasDerivedFrom"), Kind::Iri, "10208"),
    property(None, DCTERMS_TITLE, Kind::Text, "10212"),
    property(None, DCTERMS_DESCRIPTION, Kind::Text, "10213"),
    property(None, prov!("wasGeneratedBy"), Kind::Iri, "10221").naming(&[prov!("Activity")], "10222"),
    property(None, sbol!("attachment"), Kind::Iri, "10306").naming(&[sbol!("Attachment")], "10307"),
    property(Some(sbol!("Sequence")), sbol!("elements"), Kind::Text, "10402").required("10402"),
    property(Some(sbol!("Sequence")), sbol!("encoding"), Kind::Iri, "10403").required("10403"),
    property(Some(sbol!("ComponentDefinition")), sbol!("type"), Kind::Iri, "10502").required("10502"),
    property(Some(sbol!("ComponentDefinition")), sbol!("role"), Kind::Iri, "10507"),
    property(
        Some(sbol!("ComponentDefinition")),
        sbol!("sequence"),
        Kind::Iri,
        "10512",
    )
    .naming(&[sbol!("Sequence")], "10513"),
    property(Some(sbol!("Component")), sbol!("definition"), Kind::Iri, "10602")
        .required("10602")
        .naming(&[sbol!("ComponentDefinition")], "10604"),
    property(
        Some(sbol!("FunctionalComponent")),
        sbol!("definition"),
        Kind::Iri,
        "10602",
    )
    .required("10602")
    .naming(&[sbol!("ComponentDefinition")], "10604"),
    property(Some(sbol!("Component")), sbol!("access"), Kind::Iri, "10607").required("10607"),
    property(Some(sbol!("FunctionalComponent")), sbol!("access"), Kind::Iri, "10607").required("10607"),
    property(Some(sbol!("Component")), sbol!("role"), Kind::Iri, "10702"),
    property(Some(sbol!("SequenceAnnotation")), sbol!("location"), Kind::Iri, "10902").required("10902"),
    property(Some(sbol!("Range")), sbol!("start"), Kind::Integer, "11102").required("11102"),
    property(Some(sbol!("Range")), sbol!("end"), Kind::Integer, "11103").required("11103"),
    property(Some(sbol!("Cut")), sbol!("at"), Kind::Integer, "11202").required("11202"),
    property(Some(sbol!("SequenceConstraint")), sbol!("subject"), Kind::Iri, "11402")
        .required("11402")
        .naming(&[sbol!("Component")], "11402"),
    property(Some(sbol!("SequenceConstraint")), sbol!("object"), Kind::Iri, "11404")
        .required("11404")
        .naming(&[sbol!("Component")], "11404"),
    property(
        Some(sbol!("SequenceConstraint")),
        sbol!("restriction"),
        Kind::Iri,
        "11407",
    )
    .required("11407"),
    property(Some(sbol!("Collection")), sbol!("member"), Kind::Iri, "12102").naming(TOP_LEVELS, "12103"),
    property(Some(prov!("Activity")), sbol!("type"), Kind::Iri, "12412"),
    property(Some(prov!("Activity")), prov!("wasInformedBy"), Kind::Iri, "12406").naming(&[prov!("Activity")], "12407"),
    property(Some(prov!("Usage")), prov!("entity"), Kind::Iri, "12502").required("12502"),
    property(Some(prov!("Usage")), prov!("hadRole"), Kind::Iri, "12503"),
    property(Some(prov!("Association")), prov!("hadRole"), Kind::Iri, "12602"),
    property(Some(prov!("Association")), prov!("hadPlan"), Kind::Iri, "12603").naming(&[prov!("Plan")], "12604"),
    property(Some(prov!("Association")), prov!("agent"), Kind::Iri, "12605")
        .required("12605")
        .naming(&[prov!("Agent")], "12606"),
    property(Some(sbol!("Implementation")), sbol!("built"), Kind::Iri, "13102")
        .naming_in_file(&[sbol!("ComponentDefinition"), sbol!("ModuleDefinition")], "13103"),
    property(Some(sbol!("Attachment")), sbol!("source"), Kind::Iri, "13202").required("13202"),
    property(Some(sbol!("Attachment")), sbol!("format"), Kind::Iri, "13204"),
    property(Some(sbol!("Attachment")), sbol!("size"), Kind::Integer, "13207"),
    property(Some(sbol!("Attachment")), sbol!("hash"), Kind::Text, "13208"),
    property(Some(sbol!("Experiment")), sbol!("experimentalData"), Kind::Iri, "13402")
        .naming(&[sbol!("ExperimentalData")], "13404"),
];

/// The `sbol:` properties (local names) each class may have besides `persistentIdentity`,
/// `displayId` and `version` (and `attachment` for TopLevels), with the rule saying so.
pub(super) const ALLOWED: &[(&str, &str, &[&str])] = &[
    (sbol!("Sequence"), "10401", &["elements", "encoding"]),
    (
        sbol!("ComponentDefinition"),
        "10501",
        &[
            "type",
            "role",
            "component",
            "sequence",
            "sequenceAnnotation",
            "sequenceConstraint",
        ],
    ),
    (
        sbol!("Component"),
        "10701",
        &[
            "access",
            "definition",
            "mapsTo",
            "role",
            "roleIntegration",
            "sourceLocation",
            "measure",
        ],
    ),
    (sbol!("MapsTo"), "10801", &["refinement", "local", "remote"]),
    (sbol!("SequenceAnnotation"), "10901", &["component", "location", "role"]),
    (sbol!("Range"), "11101", &["sequence", "orientation", "start", "end"]),
    (sbol!("Cut"), "11201", &["sequence", "orientation", "at"]),
    (sbol!("GenericLocation"), "11301", &["sequence", "orientation"]),
    (
        sbol!("SequenceConstraint"),
        "11401",
        &["restriction", "subject", "object"],
    ),
    (sbol!("Model"), "11501", &["source", "language", "framework"]),
    (
        sbol!("ModuleDefinition"),
        "11601",
        &["role", "module", "interaction", "functionalComponent", "model"],
    ),
    (sbol!("Module"), "11701", &["definition", "mapsTo", "measure"]),
    (
        sbol!("FunctionalComponent"),
        "11801",
        &["access", "definition", "mapsTo", "direction", "measure"],
    ),
    (sbol!("Interaction"), "11901", &["type", "participation", "measure"]),
    (sbol!("Participation"), "12001", &["role", "participant", "measure"]),
    (sbol!("Collection"), "12101", &["member"]),
    (prov!("Activity"), "12401", &["type"]),
    (prov!("Usage"), "12501", &[]),
    (prov!("Association"), "12601", &[]),
    (prov!("Plan"), "12701", &[]),
    (prov!("Agent"), "12801", &[]),
    (
        sbol!("CombinatorialDerivation"),
        "12901",
        &["strategy", "template", "variableComponent"],
    ),
    (
        sbol!("VariableComponent"),
        "13001",
        &[
            "operator",
            "variable",
            "variant",
            "variantCollection",
            "variantDerivation",
        ],
    ),
    (sbol!("Implementation"), "13101", &["built"]),
    (sbol!("Attachment"), "13201", &["source", "format", "size", "hash"]),
    (sbol!("ExperimentalData"), "13301", &[]),
    (sbol!("Experiment"), "13401", &["experimentalData"]),
];

/// Table 1 encodings (sbol-10407), besides the IUPAC ones [`Encoding::of`] recognises.
pub(super) const SMILES: &str = "http://www.opensmiles.org/opensmiles.html";
/// Table 4 access values (sbol-10607).
pub(super) const ACCESS: &[&str] = &[sbol!("public"), sbol!("private")];
/// Table 2 types and the encoding each is cross-listed with in Table 1 (sbol-10503, 10516).
pub(super) const TABLE_2: &[(&str, Option<Encoding>)] = &[
    (biopax!("DnaRegion"), Some(Encoding::NucleicAcid)),
    (biopax!("RnaRegion"), Some(Encoding::NucleicAcid)),
    (biopax!("Protein"), Some(Encoding::Protein)),
    (biopax!("SmallMolecule"), None),
    (biopax!("Complex"), None),
];
/// The SO topology attribute terms (linear, circular) and strand attribute terms (single and
/// double stranded), for sbol-10528 and 10529.
pub(super) const SO_TOPOLOGY: &[&str] = &["SO:0000987", "SO:0000988"];
pub(super) const SO_STRAND: &[&str] = &["SO:0000984", "SO:0000985"];
