//! Owns the CSV column sets for parts and strains: reading a spreadsheet into [`PartInput`]s or
//! [`StrainInput`]s (with each row's line and every problem at once), writing stored records
//! out in the same columns, and the templates users fill in. Parsing and quoting are the `csv`
//! crate's; the column mapping is ours. O(file) time; memory is the file plus one row.
//!
//! Header row required; column order free; names case-insensitive. Lists are `;`-separated.
//! An `accession` column (written by exports) is accepted and ignored: the registry assigns
//! accessions, so an exported file can be imported elsewhere as it is.
//!
//! Parts ([`PART_COLUMNS`]): `name` and `sequence` required; `role`, `description`,
//! `molecule_type` (dna, rna, protein), `topology` (linear, circular), `aliases`, `tags`,
//! `license`, `source_registry`, `source_external_id`.
//!
//! Strains ([`STRAIN_COLUMNS`]): `name`, `organism_type`, `taxon_name` and `risk_group`
//! required; `ncbi_taxid`, `biosafety_level`, `aliases`, `other_collection_numbers`
//! (`DSM 18039; ATCC 700926`), `genotype`, `phenotype`, `gmo` (true/false), `genome_accessions`,
//! `parents` and `parts` (each `REF` or `REF (relation)`; a parent is a strain accession or id,
//! or the name of a strain in an earlier row of the same file; a part is a part accession or
//! id), `growth_media`, `growth_temperature_c` (the optimum), `isolated_from`, `country`
//! (ISO 3166-1 alpha-2), `depositor`, `tags`, `source_registry`, `source_external_id`.

use std::io::Write;

use serde_json::Value;

use super::{Defaults, Parsed, Problem, Record};
use crate::domain::parts::input::Source;
use crate::domain::parts::PartInput;
use crate::domain::strains::input::{
    CarriedPartInput, CarriedRelation, GeographicOrigin, LineageRelation, ParentInput, StrainInput, TaxonInput,
    Temperature,
};
use crate::seq::{MoleculeType, Topology};

/// Every column a parts CSV may have, in the template's order.
pub const PART_COLUMNS: [&str; 11] = [
    "name",
    "role",
    "sequence",
    "description",
    "molecule_type",
    "topology",
    "aliases",
    "tags",
    "license",
    "source_registry",
    "source_external_id",
];

/// Every column a strains CSV may have, in the template's order.
pub const STRAIN_COLUMNS: [&str; 23] = [
    "name",
    "organism_type",
    "taxon_name",
    "ncbi_taxid",
    "risk_group",
    "biosafety_level",
    "aliases",
    "other_collection_numbers",
    "genotype",
    "phenotype",
    "gmo",
    "genome_accessions",
    "parents",
    "parts",
    "growth_media",
    "growth_temperature_c",
    "isolated_from",
    "country",
    "depositor",
    "tags",
    "source_registry",
    "source_external_id",
    "type_strain",
];

/// The column exports write first and imports ignore.
const ACCESSION: &str = "accession";

/// The template for parts: the header row and one example row.
pub fn part_template() -> String {
    format!(
        "{}\nBBa_B0034,RBS,AAAGAGGAGAAA,Elowitz 1999 RBS,dna,linear,B0034;RBS34,rbs;community,CC-BY-4.0,iGEM Registry,BBa_B0034\n",
        PART_COLUMNS.join(",")
    )
}

/// The template for strains: the header row and two example rows, the second derived from the
/// first by name.
pub fn strain_template() -> String {
    format!(
        "{}\n\
         MG1655,bacteria,Escherichia coli str. K-12 substr. MG1655,511145,1,1,K-12 MG1655,ATCC 700926;DSM 18039,\
         F- lambda- ilvG- rfb-50 rph-1,,false,GCF_000005845.2,,,LB,37,,US,,reference-strain,,,false\n\
         MG1655 dlacZ,bacteria,Escherichia coli,562,1,1,,,MG1655 delta-lacZ,Lac-,true,,MG1655 (gene_knockout),,\
         LB;M9 glucose,37,,,,example,,,false\n",
        STRAIN_COLUMNS.join(",")
    )
}

fn split_list(value: &str) -> Vec<String> {
    value
        .split(';')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .collect()
}

/// `REF` or `REF (relation)`.
fn split_reference(item: &str) -> (String, Option<String>) {
    match item.strip_suffix(')').and_then(|rest| rest.rsplit_once('(')) {
        Some((reference, relation)) => (reference.trim().to_string(), Some(relation.trim().to_ascii_lowercase())),
        None => (item.trim().to_string(), None),
    }
}

/// One data row, with its columns looked up by header name.
struct Row<'a> {
    headers: &'a [String],
    record: csv::StringRecord,
    index: usize,
    line: usize,
}

impl Row<'_> {
    fn get(&self, column: &str) -> Option<&str> {
        self.headers
            .iter()
            .position(|h| h == column)
            .and_then(|i| self.record.get(i))
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }

    fn list(&self, column: &str) -> Vec<String> {
        self.get(column).map(split_list).unwrap_or_default()
    }

    fn problem(&self, field: &str, message: String) -> Problem {
        Problem {
            index: Some(self.index),
            line: self.line,
            field: Some(field.into()),
            message: format!("row {}: {message}", self.index + 1),
        }
    }
}

/// Reads the header row, checks it against `columns` and `required`, and hands every data row
/// to `read_row`, which returns the record or the row's problems (all of them).
fn read_rows<T>(
    text: &[u8],
    columns: &[&str],
    required: &[&str],
    mut read_row: impl FnMut(&Row) -> Result<T, Vec<Problem>>,
) -> Parsed<T> {
    let mut parsed = Parsed::default();
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
            .collect(),
        Err(error) => {
            parsed.problems.push(Problem {
                index: None,
                line: 1,
                field: None,
                message: format!("the header row cannot be read: {error}"),
            });
            return parsed;
        }
    };
    for (column, header) in headers.iter().enumerate() {
        if header != ACCESSION && !columns.contains(&header.as_str()) {
            parsed.problems.push(Problem {
                index: None,
                line: 1,
                field: Some(header.clone()),
                message: format!("column {} `{header}` is not one of {}", column + 1, columns.join(", ")),
            });
        }
    }
    for required in required {
        if !headers.iter().any(|h| h == required) {
            parsed.problems.push(Problem {
                index: None,
                line: 1,
                field: Some((*required).into()),
                message: format!("the `{required}` column is missing"),
            });
        }
    }
    if !parsed.problems.is_empty() {
        return parsed;
    }
    for (index, record) in reader.records().enumerate() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line() as usize);
                parsed.problems.push(Problem {
                    index: Some(index),
                    line,
                    field: None,
                    message: format!("row {} cannot be read: {error}", index + 1),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let row = Row {
            headers: &headers,
            record,
            index,
            line,
        };
        match read_row(&row) {
            Ok(input) => parsed.records.push(Record { index, line, input }),
            Err(problems) => parsed.problems.extend(problems),
        }
    }
    parsed
}

/// Reads every row of a parts CSV.
pub fn read_parts(text: &[u8], defaults: &Defaults) -> Parsed {
    read_rows(text, &PART_COLUMNS, &["name", "sequence"], |row| {
        let mut problems = Vec::new();
        let topology = match row.get("topology").map(|t| t.to_ascii_lowercase()) {
            None => defaults.topology.unwrap_or(Topology::Linear),
            Some(t) if t == "linear" => Topology::Linear,
            Some(t) if t == "circular" => Topology::Circular,
            Some(other) => {
                problems.push(row.problem("topology", format!("topology `{other}` is not linear or circular")));
                Topology::Linear
            }
        };
        let molecule_type = match row.get("molecule_type").map(|m| m.to_ascii_lowercase()) {
            None => defaults.molecule_type.unwrap_or(MoleculeType::Dna),
            Some(m) if m == "dna" => MoleculeType::Dna,
            Some(m) if m == "rna" => MoleculeType::Rna,
            Some(m) if m == "protein" => MoleculeType::Protein,
            Some(other) => {
                problems.push(row.problem(
                    "molecule_type",
                    format!("molecule type `{other}` is not dna, rna or protein"),
                ));
                MoleculeType::Dna
            }
        };
        for required in ["name", "sequence"] {
            if row.get(required).is_none() {
                problems.push(row.problem(required, format!("`{required}` is empty")));
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let (name, sequence) = (
            row.get("name").unwrap_or_default(),
            row.get("sequence").unwrap_or_default(),
        );
        let role = row
            .get("role")
            .map(str::to_string)
            .unwrap_or_else(|| defaults.role(topology));
        let source = Source {
            registry: row.get("source_registry").map(str::to_string),
            external_id: row.get("source_external_id").map(str::to_string),
            ..Source::default()
        };
        Ok(PartInput {
            description: row.get("description").unwrap_or_default().to_string(),
            aliases: row.list("aliases"),
            tags: row.list("tags"),
            license: row.get("license").map(str::to_string),
            source: Some(source).filter(|s| *s != Source::default()),
            ..PartInput::new(name.to_string(), role, molecule_type, topology, sequence.to_string())
        })
    })
}

fn parse_bool(row: &Row, column: &str, problems: &mut Vec<Problem>) -> bool {
    match row.get(column).map(str::to_ascii_lowercase).as_deref() {
        None | Some("false" | "no" | "n" | "0") => false,
        Some("true" | "yes" | "y" | "1") => true,
        Some(other) => {
            problems.push(row.problem(column, format!("`{other}` is not true or false")));
            false
        }
    }
}

fn parse_number<T: std::str::FromStr>(row: &Row, column: &str, problems: &mut Vec<Problem>) -> Option<T> {
    let value = row.get(column)?;
    match value.parse() {
        Ok(number) => Some(number),
        Err(_) => {
            problems.push(row.problem(column, format!("`{value}` is not a number")));
            None
        }
    }
}

/// Reads every row of a strains CSV. Values are checked here only as far as the columns go
/// (numbers, booleans, relation names); the registry's own rules run when the rows are
/// registered, so an import reports both kinds of problem together.
pub fn read_strains(text: &[u8]) -> Parsed<StrainInput> {
    let required = ["name", "organism_type", "taxon_name", "risk_group"];
    read_rows(text, &STRAIN_COLUMNS, &required, |row| {
        let mut problems = Vec::new();
        for column in required {
            if row.get(column).is_none() {
                problems.push(row.problem(column, format!("`{column}` is empty")));
            }
        }
        let ncbi_taxid = parse_number(row, "ncbi_taxid", &mut problems);
        let risk_group = parse_number(row, "risk_group", &mut problems);
        let biosafety_level = parse_number(row, "biosafety_level", &mut problems);
        let optimum = parse_number::<f64>(row, "growth_temperature_c", &mut problems);
        let gmo = parse_bool(row, "gmo", &mut problems);
        let type_strain = parse_bool(row, "type_strain", &mut problems);
        let mut parents = Vec::new();
        for item in row.list("parents") {
            let (strain, relation) = split_reference(&item);
            let relation = match relation.as_deref().map(LineageRelation::parse) {
                Some(LineageRelation::Other) if relation.as_deref() != Some("other") => {
                    problems.push(row.problem(
                        "parents",
                        format!(
                            "`{item}`: relation `{}` is not one of transformation, mutagenesis, gene_knockout, \
                             gene_knockin, adaptive_evolution, conjugation, cross, reisolation, deposit_transfer, other",
                            relation.unwrap_or_default()
                        ),
                    ));
                    LineageRelation::Other
                }
                Some(relation) => relation,
                None => LineageRelation::Other,
            };
            parents.push(ParentInput {
                strain,
                relation,
                description: None,
            });
        }
        let mut parts = Vec::new();
        for item in row.list("parts") {
            let (part, relation) = split_reference(&item);
            let relation = match relation.as_deref() {
                None => CarriedRelation::Plasmid,
                Some(name @ ("plasmid" | "chromosomal_integration" | "other")) => CarriedRelation::parse(name),
                Some(other) => {
                    problems.push(row.problem(
                        "parts",
                        format!("`{item}`: relation `{other}` is not plasmid, chromosomal_integration or other"),
                    ));
                    CarriedRelation::Other
                }
            };
            parts.push(CarriedPartInput {
                part,
                relation,
                copy_number: None,
                notes: None,
            });
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let source = Source {
            registry: row.get("source_registry").map(str::to_string),
            external_id: row.get("source_external_id").map(str::to_string),
            ..Source::default()
        };
        let text = |column: &str| row.get(column).map(str::to_string);
        Ok(StrainInput {
            name: text("name"),
            aliases: row.list("aliases"),
            other_collection_numbers: row.list("other_collection_numbers"),
            organism_type: text("organism_type").map(|o| o.to_ascii_lowercase()),
            taxon: Some(TaxonInput {
                name: text("taxon_name"),
                ncbi_taxid,
            }),
            type_strain,
            genotype: text("genotype"),
            phenotype: text("phenotype"),
            gmo,
            genome_accessions: row.list("genome_accessions"),
            parts,
            parents,
            risk_group,
            biosafety_level,
            growth_media: row.list("growth_media"),
            growth_temperature_c: optimum.map(|optimum| Temperature {
                optimum: Some(optimum),
                min: None,
                max: None,
            }),
            isolated_from: text("isolated_from"),
            geographic_origin: text("country").map(|country| GeographicOrigin {
                country: Some(country),
                locality: None,
                latitude: None,
                longitude: None,
            }),
            depositor: text("depositor"),
            tags: row.list("tags"),
            source: Some(source).filter(|s| *s != Source::default()),
            ..StrainInput::default()
        })
    })
}

/// A JSON value as one CSV cell: strings as they are, numbers and booleans printed, null empty.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The strings of a JSON array, `;`-joined (`pick` takes each item to its text).
fn joined(value: &Value, pick: impl Fn(&Value) -> Option<String>) -> String {
    value
        .as_array()
        .map(|items| items.iter().filter_map(&pick).collect::<Vec<_>>().join("; "))
        .unwrap_or_default()
}

fn as_text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_string)
}

/// Writes part views (the JSON a viewer is shown) in `accession` + [`PART_COLUMNS`];
/// `header` writes the header row first.
pub fn write_parts(parts: &[Value], out: &mut impl Write, header: bool) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    if header {
        writer.write_record(std::iter::once(ACCESSION).chain(PART_COLUMNS))?;
    }
    for part in parts {
        let source = &part["source"];
        writer.write_record([
            cell(&part["accession"]),
            cell(&part["name"]),
            cell(&part["role"]["id"]),
            cell(&part["sequence"]),
            cell(&part["description"]),
            cell(&part["molecule_type"]),
            cell(&part["topology"]),
            joined(&part["aliases"], as_text),
            joined(&part["tags"], as_text),
            cell(&part["license"]),
            cell(&source["registry"]),
            cell(&source["external_id"]),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

/// Writes strain views (the JSON a viewer is shown) in `accession` + [`STRAIN_COLUMNS`], so
/// that the file imports again; `header` writes the header row first.
pub fn write_strains(strains: &[Value], out: &mut impl Write, header: bool) -> csv::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    if header {
        writer.write_record(std::iter::once(ACCESSION).chain(STRAIN_COLUMNS))?;
    }
    let reference = |key: &'static str| {
        move |item: &Value| {
            let accession = item[key]["accession"].as_str()?;
            Some(match item["relation"].as_str() {
                Some(relation) => format!("{accession} ({relation})"),
                None => accession.to_string(),
            })
        }
    };
    for strain in strains {
        let source = &strain["source"];
        writer.write_record([
            cell(&strain["accession"]),
            cell(&strain["name"]),
            cell(&strain["organism_type"]),
            cell(&strain["taxon"]["name"]),
            cell(&strain["taxon"]["ncbi_taxid"]),
            cell(&strain["risk_group"]),
            cell(&strain["biosafety_level"]),
            joined(&strain["aliases"], as_text),
            joined(&strain["other_collection_numbers"], |n| as_text(&n["display"])),
            cell(&strain["genotype"]),
            cell(&strain["phenotype"]),
            cell(&strain["gmo"]),
            joined(&strain["genome_accessions"], as_text),
            joined(&strain["parents"], reference("strain")),
            joined(&strain["parts"], reference("part")),
            joined(&strain["growth_media"], as_text),
            cell(&strain["growth_temperature_c"]["optimum"]),
            cell(&strain["isolated_from"]),
            cell(&strain["geographic_origin"]["country"]),
            cell(&strain["depositor"]),
            joined(&strain["tags"], as_text),
            cell(&source["registry"]),
            cell(&source["external_id"]),
            cell(&strain["type_strain"]),
        ])?;
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_parts_and_every_problem_names_its_row_and_line() {
        let parsed = read_parts(part_template().as_bytes(), &Defaults::default());
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let part = &parsed.records[0].input;
        assert_eq!(
            (part.name.as_str(), part.role.as_str(), parsed.records[0].line),
            ("BBa_B0034", "RBS", 2)
        );
        assert_eq!(part.aliases, vec!["B0034", "RBS34"]);
        assert_eq!(part.source.as_ref().unwrap().external_id.as_deref(), Some("BBa_B0034"));

        let text = b"Name,Sequence,Topology\nok,ACGT,linear\n\"multi\nline\",ACGT,round\n,ACGT,\n";
        let parsed = read_parts(text, &Defaults::default());
        assert_eq!(parsed.records.len(), 1);
        let problems: Vec<_> = parsed.problems.iter().map(|p| (p.index, p.line)).collect();
        assert_eq!(problems, vec![(Some(1), 3), (Some(2), 5)]);
        let unknown = read_parts(b"name,sequence,colour\nx,ACGT,red\n", &Defaults::default());
        assert!(unknown.problems[0].message.contains("colour"));
    }
}
