//! Owns the feature side of SBOL3 reading: SequenceFeatures and SubComponents with their
//! Locations become features, or, when a Component's SubComponents spell its Sequence exactly,
//! the ordered components of a composite.

use std::collections::BTreeMap;

use super::graph::{Node, Value};
use super::read::{check_display_id, single_literal, so_roles, Chosen, Place, Reader};
use super::vocab;
use crate::domain::formats::{location, Problem};
use crate::domain::parts::input::{ComponentInput, FeatureInput, Orientation};
use crate::domain::parts::PartInput;
use crate::seq::{reverse_complement, Topology};

impl<'g> Reader<'g> {
    /// Fills in features and, for a composite, components; gives the Components it uses.
    pub(super) fn features_and_components(
        &self,
        index: usize,
        chosen: &Chosen<'g>,
        topology: Topology,
        input: &mut PartInput,
        problems: &mut Vec<Problem>,
        warnings: &mut Vec<Problem>,
    ) -> Vec<&'g str> {
        let graph = self.graph;
        let component = self.candidates[index].node;
        let length = chosen.elements.chars().count() as i64;
        let mut sub_components = Vec::new();
        // The Ranges outside the sequence of each SubComponent, in `sub_components` order.
        let mut sub_components_outside = Vec::new();
        for value in component.values(vocab::HAS_FEATURE) {
            let Some(feature) = value.key().and_then(|k| graph.node(k)) else {
                problems.push(self.problem(
                    index,
                    &component.key,
                    "hasFeature",
                    format!(
                        "sbol3-10112: Component <{}> refers with `hasFeature` to <{}>, which is not in the file",
                        component.key,
                        value.key().unwrap_or_default()
                    ),
                ));
                continue;
            };
            let is_sub_component = feature.has_type(vocab::SUB_COMPONENT);
            if !is_sub_component && !feature.has_type(vocab::SEQUENCE_FEATURE) {
                continue;
            }
            let mut local = Vec::new();
            check_display_id(feature, &mut local);
            let instance_of = if is_sub_component {
                self.instance_of(component, feature, &mut local)
            } else {
                None
            };
            let mut located = Vec::new();
            let mut outside = Vec::new();
            let places = self.places(component, feature, chosen, length, &mut located, &mut outside);
            let local = local
                .into_iter()
                .map(|(field, message)| (feature.key.clone(), field, message));
            for (key, field, message) in local.chain(located) {
                problems.push(self.problem(index, &key, &field, message));
            }
            if is_sub_component {
                sub_components.push((feature, instance_of, places));
                sub_components_outside.push(outside);
            } else {
                self.drop_ranges(index, feature, outside, places.is_empty(), warnings);
                self.push_feature(index, feature, None, &places, length, topology, input, problems);
            }
        }

        // A composite: every SubComponent is an instance of an importable Component of the file.
        let targets: Option<Vec<&'g str>> = sub_components
            .iter()
            .map(|(_, target, _)| target.filter(|t| self.by_key.contains_key(t)))
            .collect();
        if let Some(targets) = targets.filter(|t| !t.is_empty()) {
            if let Some(components) = self.assemble(component, chosen, &sub_components) {
                // The pieces of a composite must lie on its sequence: a Range outside it is an error.
                for (key, field, message) in sub_components_outside.into_iter().flatten() {
                    problems.push(self.problem(index, &key, &field, message));
                }
                input.components = components;
                return targets;
            }
        }
        for ((feature, target, places), outside) in sub_components.iter().zip(sub_components_outside) {
            self.drop_ranges(index, feature, outside, places.is_empty(), warnings);
            self.push_feature(index, feature, *target, places, length, topology, input, problems);
        }
        Vec::new()
    }

    /// Warnings for the Ranges of a feature (not a piece of a composite) that lie outside the
    /// part's sequence or end before they start: such a Range only annotates, so it is left out
    /// (with the feature, when none of its Locations is left) instead of refusing the part. iGEM's
    /// 2022 distribution, for one, carries a Range ending at 2072 on the 2070 bp of pSB1C3.
    fn drop_ranges(
        &self,
        index: usize,
        feature: &Node,
        outside: Vec<(String, String, String)>,
        nothing_left: bool,
        warnings: &mut Vec<Problem>,
    ) {
        let mut ignored = Vec::new();
        let label = single_literal(feature, vocab::NAME, &mut ignored)
            .or_else(|| single_literal(feature, vocab::DISPLAY_ID, &mut ignored))
            .unwrap_or(&feature.key);
        let done = if nothing_left {
            format!("the feature `{label}` was not imported")
        } else {
            format!("the feature `{label}` was imported without this Range")
        };
        for (key, field, message) in outside {
            warnings.push(self.problem(index, &key, &field, format!("{message}; {done}")));
        }
    }

    /// The Component a SubComponent is an instance of (checked: exactly one, not its parent, and a
    /// Component when it is in the file). An IRI absent from the file is an external reference.
    fn instance_of(&self, parent: &Node, feature: &'g Node, problems: &mut Vec<(String, String)>) -> Option<&'g str> {
        let values: Vec<&'g Value> = feature.values(vocab::INSTANCE_OF).collect();
        if values.len() != 1 {
            problems.push((
                "instanceOf".into(),
                format!(
                    "sbol3-10110: SubComponent <{}> has {} `instanceOf` values; it needs exactly one",
                    feature.key,
                    values.len()
                ),
            ));
        }
        let target = values.first()?.iri()?;
        if target == parent.key {
            problems.push((
                "instanceOf".into(),
                format!(
                    "sbol3-10803: SubComponent <{}> is an instance of the Component that contains it",
                    feature.key
                ),
            ));
            return None;
        }
        if self.graph.node(target).is_some_and(|n| !n.has_type(vocab::COMPONENT)) {
            problems.push((
                "instanceOf".into(),
                format!(
                    "sbol3-10113: SubComponent <{}> is an instance of <{target}>, which is not a Component",
                    feature.key
                ),
            ));
            return None;
        }
        Some(target)
    }

    /// The places of a feature on the part's Sequence, checking each Location. Problems are
    /// (object key, field, message); Ranges outside the sequence or ending before they start
    /// (sbol3-11401..11403) go to `outside` instead, and are left out of the places.
    fn places(
        &self,
        component: &Node,
        feature: &Node,
        chosen: &Chosen,
        length: i64,
        location_problems: &mut Vec<(String, String, String)>,
        outside: &mut Vec<(String, String, String)>,
    ) -> Vec<Place> {
        let graph = self.graph;
        let mut own = Vec::new();
        let mut report = |field: &str, message: String| own.push((feature.key.clone(), field.to_string(), message));
        let feature_strand = match feature.values(vocab::ORIENTATION).next() {
            Some(value) => match value.iri().and_then(vocab::strand_of) {
                Some(strand) => strand,
                None => {
                    report(
                        "orientation",
                        format!(
                            "sbol3-10702: orientation of feature <{}> is not one of Tables 5 and 6 (SO:0001030, SO:0001031, sbol:inline, sbol:reverseComplement)",
                            feature.key
                        ),
                    );
                    0
                }
            },
            None => 0,
        };
        let locations: Vec<&Value> = feature.values(vocab::HAS_LOCATION).collect();
        if locations.is_empty() && feature.has_type(vocab::SEQUENCE_FEATURE) {
            report(
                "hasLocation",
                format!(
                    "sbol3-10110: SequenceFeature <{}> has no `hasLocation`; it needs at least one",
                    feature.key
                ),
            );
        }
        let mut places = Vec::new();
        for value in locations {
            let key = value.key().unwrap_or_default();
            let Some(location) = graph.node(key) else {
                report(
                    "hasLocation",
                    format!(
                        "sbol3-10112: feature <{}> refers with `hasLocation` to <{key}>, which is not in the file",
                        feature.key
                    ),
                );
                continue;
            };
            let mut local = Vec::new();
            let mut misplaced = Vec::new();
            check_display_id(location, &mut local);
            let on: Vec<&str> = location.values(vocab::HAS_SEQUENCE).filter_map(|v| v.key()).collect();
            if on.len() != 1 {
                local.push((
                    "hasLocation".into(),
                    format!(
                        "sbol3-10110: Location <{key}> has {} `hasSequence` values; it needs exactly one",
                        on.len()
                    ),
                ));
            }
            if let Some(sequence) = on.first() {
                if !component.values(vocab::HAS_SEQUENCE).any(|v| v.key() == Some(sequence)) {
                    local.push((
                        "hasLocation".into(),
                        format!(
                            "sbol3-11302: Location <{key}> is on Sequence <{sequence}>, which is not a `hasSequence` of Component <{}>",
                            component.key
                        ),
                    ));
                }
            }
            let strand = match location.values(vocab::ORIENTATION).next() {
                Some(value) => value.iri().and_then(vocab::strand_of).unwrap_or_else(|| {
                    local.push((
                        "orientation".into(),
                        format!("sbol3-11301: orientation of Location <{key}> is not one of Tables 5 and 6"),
                    ));
                    0
                }),
                None => feature_strand,
            };
            let integer = |predicate: &'static str, local: &mut Vec<(String, String)>| -> Option<i64> {
                let short = predicate.trim_start_matches(vocab::SBOL);
                let values: Vec<&Value> = location.values(predicate).collect();
                if values.len() != 1 {
                    local.push((
                        format!("hasLocation.{short}"),
                        format!(
                            "sbol3-10110: Range <{key}> has {} `{short}` values; it needs exactly one",
                            values.len()
                        ),
                    ));
                }
                let value = values.first()?;
                let parsed = value.literal().and_then(|v| v.trim().parse::<i64>().ok());
                if parsed.is_none() {
                    local.push((
                        format!("hasLocation.{short}"),
                        format!("sbol3-10111: `{short}` of Range <{key}> is not an integer"),
                    ));
                }
                parsed
            };
            let place = if location.has_type(vocab::RANGE) {
                let start = integer(vocab::START, &mut local);
                let end = integer(vocab::END, &mut local);
                let order = location
                    .values(vocab::ORDER)
                    .next()
                    .and_then(|v| v.literal()?.trim().parse().ok());
                match (start, end) {
                    (Some(start), Some(end)) => {
                        let on_part = on.first() == Some(&chosen.key);
                        if start < 1 || (on_part && start > length) {
                            misplaced.push((
                                "hasLocation.start".into(),
                                format!(
                                    "sbol3-11401: Range <{key}> starts at {start}, outside the sequence (1..{length})"
                                ),
                            ));
                        }
                        if end < 1 || (on_part && end > length) {
                            misplaced.push((
                                "hasLocation.end".into(),
                                format!("sbol3-11402: Range <{key}> ends at {end}, outside the sequence (1..{length})"),
                            ));
                        }
                        if end < start {
                            misplaced.push((
                                "hasLocation.end".into(),
                                format!("sbol3-11403: Range <{key}> ends ({end}) before it starts ({start})"),
                            ));
                        }
                        Some(Place {
                            start,
                            end,
                            strand,
                            order,
                        })
                    }
                    _ => None,
                }
            } else if location.has_type(vocab::ENTIRE_SEQUENCE) {
                Some(Place {
                    start: 1,
                    end: length,
                    strand,
                    order: None,
                })
            } else {
                // Cuts (a point between two residues) and unknown Locations are not kept.
                None
            };
            let bad = !local.is_empty() || !misplaced.is_empty();
            // Location problems are reported on the Location's own line.
            let on_location = |(field, message)| (key.to_string(), field, message);
            location_problems.extend(local.into_iter().map(on_location));
            outside.extend(misplaced.into_iter().map(on_location));
            if let (Some(place), false, true) = (place, bad, on.first() == Some(&chosen.key)) {
                places.push(place);
            }
        }
        location_problems.extend(own);
        places
    }

    /// Adds a feature for a SequenceFeature or SubComponent with places on the Sequence.
    #[allow(clippy::too_many_arguments)]
    fn push_feature(
        &self,
        index: usize,
        feature: &Node,
        instance_of: Option<&str>,
        places: &[Place],
        length: i64,
        topology: Topology,
        input: &mut PartInput,
        problems: &mut Vec<Problem>,
    ) {
        if places.is_empty() {
            return;
        }
        let mut ignored = Vec::new();
        let name = single_literal(feature, vocab::NAME, &mut ignored)
            .or_else(|| single_literal(feature, vocab::DISPLAY_ID, &mut ignored))
            .map(str::to_string);
        // Roles bioreg does not know are kept as a qualifier; the type falls back to the
        // definition's role, then to `sequence_feature`.
        let (own, unknown) = so_roles(feature);
        let feature_type = own
            .or_else(|| instance_of.and_then(|k| self.graph.node(k)).and_then(|n| so_roles(n).0))
            .unwrap_or_else(|| "sequence_feature".to_string());
        let mut qualifiers = BTreeMap::new();
        if !unknown.is_empty() {
            qualifiers.insert("sbol3_role".to_string(), unknown);
        }
        if let Some(description) = single_literal(feature, vocab::DESCRIPTION, &mut ignored) {
            qualifiers.insert("note".to_string(), vec![description.to_string()]);
        }
        if let Some(target) = instance_of {
            qualifiers.insert("instance_of".to_string(), vec![target.to_string()]);
        }
        let (start, end, strand, text) = match places {
            [one] => (one.start, one.end, one.strand, None),
            several => {
                let text = join(several);
                let circular = topology == Topology::Circular;
                match location::parse(&text).and_then(|l| location::bounds(&l, length, circular)) {
                    Ok(b) => (b.start, b.end, b.strand, Some(text)),
                    Err(message) => {
                        problems.push(self.problem(
                            index,
                            &feature.key,
                            "hasLocation",
                            format!(
                                "feature <{}>: its Ranges, as the location `{text}`, {message}",
                                feature.key
                            ),
                        ));
                        return;
                    }
                }
            }
        };
        input.features.push(FeatureInput {
            name,
            feature_type,
            start,
            end,
            strand,
            qualifiers,
            key: None,
            location: text,
        });
    }

    /// The components of a composite whose pieces spell its Sequence exactly, else `None`.
    fn assemble(
        &self,
        component: &Node,
        chosen: &Chosen,
        sub_components: &[(&'g Node, Option<&'g str>, Vec<Place>)],
    ) -> Option<Vec<ComponentInput>> {
        let sequence = chosen.elements.to_ascii_uppercase().into_bytes();
        let piece = |target: &str, strand: i8| -> Option<Vec<u8>> {
            let part = self.candidates[self.by_key[target]].sequence.as_ref()?;
            if part.molecule != chosen.molecule {
                return None;
            }
            let forward = part.elements.to_ascii_uppercase().into_bytes();
            Some(match strand {
                -1 => reverse_complement(&forward, chosen.molecule),
                _ => forward,
            })
        };
        let entry = |feature: &Node, target: &str, strand: i8| ComponentInput {
            part: Some(super::reference(target)),
            linker: None,
            name: single_literal(feature, vocab::NAME, &mut Vec::new()).map(str::to_string),
            orientation: Some(if strand == -1 {
                Orientation::Reverse
            } else {
                Orientation::Forward
            }),
        };
        let linker = |from: usize, to: usize| ComponentInput {
            part: None,
            linker: Some(String::from_utf8_lossy(&sequence[from..to]).into_owned()),
            name: None,
            orientation: None,
        };
        let mut components = Vec::new();
        if sub_components.iter().all(|(_, _, places)| places.len() == 1) {
            let mut placed: Vec<(&Node, &str, Place)> = sub_components
                .iter()
                .map(|(f, t, p)| (*f, t.unwrap_or_default(), p[0]))
                .collect();
            placed.sort_by_key(|(_, _, p)| (p.start, p.end));
            let mut cursor = 0usize;
            for (feature, target, place) in placed {
                let (from, to) = (place.start as usize - 1, place.end as usize);
                if from < cursor || to > sequence.len() || sequence[from..to] != piece(target, place.strand)? {
                    return None;
                }
                if from > cursor {
                    components.push(linker(cursor, from));
                }
                components.push(entry(feature, target, place.strand));
                cursor = to;
            }
            if cursor < sequence.len() {
                components.push(linker(cursor, sequence.len()));
            }
        } else if sub_components.iter().all(|(_, _, places)| places.is_empty()) {
            let mut assembly = Vec::new();
            for &i in &self.constraint_order(component, sub_components) {
                let (feature, target, _) = &sub_components[i];
                let target = target.unwrap_or_default();
                let strand = feature
                    .values(vocab::ORIENTATION)
                    .next()
                    .and_then(|v| v.iri().and_then(vocab::strand_of))
                    .unwrap_or(1);
                assembly.extend(piece(target, strand)?);
                components.push(entry(feature, target, strand));
            }
            if assembly != sequence {
                return None;
            }
        } else {
            return None;
        }
        Some(components)
    }

    /// The order of SubComponents without Locations: by the Component's `precedes`/`meets`
    /// Constraints where they give one, else as in the file.
    fn constraint_order(&self, component: &Node, sub_components: &[(&Node, Option<&str>, Vec<Place>)]) -> Vec<usize> {
        let position = |key: &str| sub_components.iter().position(|(f, _, _)| f.key == key);
        let mut before: Vec<Vec<usize>> = vec![Vec::new(); sub_components.len()];
        for constraint in component
            .values(vocab::HAS_CONSTRAINT)
            .filter_map(|v| self.graph.node(v.key()?))
        {
            let restriction = constraint.values(vocab::RESTRICTION).next().and_then(|v| v.iri());
            if !restriction.is_some_and(|r| vocab::PRECEDES.contains(&r)) {
                continue;
            }
            let end = |p: &'static str| constraint.values(p).next().and_then(|v| v.key()).and_then(position);
            if let (Some(subject), Some(object)) = (end(vocab::SUBJECT), end(vocab::OBJECT)) {
                before[object].push(subject);
            }
        }
        // Depth-first: each SubComponent after those constrained to precede it; file order breaks
        // ties (a cycle of constraints is broken where it closes).
        super::graph::post_order(&before).0
    }
}

/// The INSDC location of several places: in `sbol:order` when every place has one, else in
/// reading order (forward places left to right, reverse places right to left).
pub(in crate::domain::formats) fn join(places: &[Place]) -> String {
    let mut places = places.to_vec();
    if places.iter().all(|p| p.order.is_some()) {
        places.sort_by_key(|p| p.order);
    } else if places.iter().all(|p| p.strand == -1) {
        places.sort_by_key(|p| std::cmp::Reverse(p.start));
    } else {
        places.sort_by_key(|p| p.start);
    }
    let pieces: Vec<String> = places
        .iter()
        .map(|p| match p.strand {
            -1 => format!("complement({}..{})", p.start, p.end),
            _ => format!("{}..{}", p.start, p.end),
        })
        .collect();
    format!("join({})", pieces.join(","))
}
