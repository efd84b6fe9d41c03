//! Owns the CSV column set for parts: reading a spreadsheet export into [`PartInput`]s (with each
//! row's line and every problem at once) and the template users fill in. Parsing is the `csv`
//! crate's (quoting, embedded newlines, BOM-free UTF-8); the column mapping is ours.
//!
//! Columns (header row required; order free; names case-insensitive):
//! `name` and `sequence` (required), `role`, `description`, `molecule_type` (dna, rna, protein),
//! `topology` (linear, circular), `aliases` and `tags` (`;`-separated), `license`,
//! `source_registry`, `source_external_id`. O(file) time; memory is the file plus one row.

use super::{Defaults, Parsed, Problem, Record};
use crate::domain::parts::input::Source;
use crate::domain::parts::PartInput;
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

/// The template for parts: the header row and one example row.
pub fn part_template() -> String {
    format!(
        "{}\nBBa_B0034,RBS,AAAGAGGAGAAA,Elowitz 1999 RBS,dna,linear,B0034;RBS34,rbs;community,CC-BY-4.0,iGEM Registry,BBa_B0034\n",
        PART_COLUMNS.join(",")
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

/// Reads every row of a parts CSV.
pub fn read_parts(text: &[u8], defaults: &Defaults) -> Parsed {
    let mut parsed = Parsed::default();
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_ascii_lowercase()).collect(),
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
        if !PART_COLUMNS.contains(&header.as_str()) {
            parsed.problems.push(Problem {
                index: None,
                line: 1,
                field: Some(header.clone()),
                message: format!(
                    "column {} `{header}` is not one of {}",
                    column + 1,
                    PART_COLUMNS.join(", ")
                ),
            });
        }
    }
    for required in ["name", "sequence"] {
        if !headers.iter().any(|h| h == required) {
            parsed.problems.push(Problem {
                index: None,
                line: 1,
                field: Some(required.into()),
                message: format!("the `{required}` column is missing"),
            });
        }
    }
    if !parsed.problems.is_empty() {
        return parsed;
    }
    for (index, row) in reader.records().enumerate() {
        let row = match row {
            Ok(row) => row,
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
        let line = row.position().map_or(0, |p| p.line() as usize);
        let get = |column: &str| {
            headers
                .iter()
                .position(|h| h == column)
                .and_then(|i| row.get(i))
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        let mut problem = |field: &str, message: String| {
            parsed.problems.push(Problem {
                index: Some(index),
                line,
                field: Some(field.into()),
                message,
            })
        };
        let topology = match get("topology").map(|t| t.to_ascii_lowercase()) {
            None => defaults.topology.unwrap_or(Topology::Linear),
            Some(t) if t == "linear" => Topology::Linear,
            Some(t) if t == "circular" => Topology::Circular,
            Some(other) => {
                problem(
                    "topology",
                    format!("row {}: topology `{other}` is not linear or circular", index + 1),
                );
                continue;
            }
        };
        let molecule_type = match get("molecule_type").map(|m| m.to_ascii_lowercase()) {
            None => defaults.molecule_type.unwrap_or(MoleculeType::Dna),
            Some(m) if m == "dna" => MoleculeType::Dna,
            Some(m) if m == "rna" => MoleculeType::Rna,
            Some(m) if m == "protein" => MoleculeType::Protein,
            Some(other) => {
                problem(
                    "molecule_type",
                    format!("row {}: molecule type `{other}` is not dna, rna or protein", index + 1),
                );
                continue;
            }
        };
        let (Some(name), Some(sequence)) = (get("name"), get("sequence")) else {
            problem("name", format!("row {} needs a name and a sequence", index + 1));
            continue;
        };
        let role = get("role")
            .map(str::to_string)
            .unwrap_or_else(|| defaults.role(topology));
        let source = Source {
            registry: get("source_registry").map(str::to_string),
            external_id: get("source_external_id").map(str::to_string),
            ..Source::default()
        };
        parsed.records.push(Record {
            index,
            line,
            input: PartInput {
                description: get("description").unwrap_or_default().to_string(),
                aliases: get("aliases").map(split_list).unwrap_or_default(),
                tags: get("tags").map(split_list).unwrap_or_default(),
                license: get("license").map(str::to_string),
                source: Some(source).filter(|s| *s != Source::default()),
                ..PartInput::new(name.to_string(), role, molecule_type, topology, sequence.to_string())
            },
        });
    }
    parsed
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
