//! Owns the lineage graph of a strain: the server-rendered SVG of the strain, its ancestors and
//! its descendants, one row per generation, each strain a link to its page. Pure: nodes and
//! edges in, SVG markup out; no database, no HTTP, no script, no inline style.
//!
//! # Layout
//!
//! A layered (Sugiyama-style) drawing, top-down:
//!
//! 1. **Rows.** One per generation present, oldest at the top. Each strain is drawn once, however
//!    many paths reach it (the first node given for an id wins). An edge spanning several rows
//!    gets a placeholder in every row it passes, so ordering and spacing route it between strains
//!    instead of through them. An edge within one row dips below the row; an edge whose child
//!    sits above its parent (a lineage walk gives each strain its fewest generations, so a strain
//!    can be a parent's parent and a sibling at once) is laid out like any other and drawn
//!    upwards.
//! 2. **Order within rows.** The barycentre heuristic: two rounds of a downward sweep (each row
//!    sorted by the mean position of its neighbours in the row above) and an upward sweep (the
//!    row below); the order with the fewest edge crossings seen is kept.
//! 3. **Coordinates.** Each row packed and centred, then (down, up, down) every node is pulled
//!    towards the mean centre of its neighbours in the row above or below, the row kept in order
//!    and spaced by the least-squares `map::spread`.
//!    Edges meeting one side of a strain are spread along it in the order of where they lead.
//! 4. **Edge labels.** On a white box at the middle of the edge, in the gap between two rows (the
//!    middle gap of a long edge, the gap below the row of an edge within one row); the labels of
//!    one gap, sorted by where they want to be, are spread sideways so they never overlap, and
//!    the gaps are high enough that they never touch a node.
//!
//! With V strains, E edges, P placeholders (the total number of rows the edges skip), N = V + P
//! and S = E + P segments: O(N log N + S²) time (the crossing counts dominate, and lineages are
//! small) and O(N + S) memory, besides the SVG text itself.

use std::collections::{BTreeMap, HashMap};

use maud::{html, Markup};

use super::map::{num, spread, text_width, truncate, Rect, TEXT_COLOUR};

/// A strain to draw.
#[derive(Debug, Clone)]
pub struct GraphNode<'a> {
    pub id: &'a str,
    pub accession: &'a str,
    pub name: &'a str,
    /// Below 0 ancestors (-1 parents), 0 the strain shown (highlighted), above 0 descendants.
    pub generation: i32,
}

/// "`child` is a `relation` `parent`": the relation is already translated, e.g. "mutant of".
#[derive(Debug, Clone)]
pub struct GraphEdge<'a> {
    pub parent: &'a str,
    pub child: &'a str,
    pub relation: &'a str,
}

const NODE_WIDTH: f64 = 172.0;
const NODE_HEIGHT: f64 = 44.0;
const ROW_GAP: f64 = 60.0;
const NODE_GAP: f64 = 28.0;
/// Width kept for an edge passing through a row.
const PLACEHOLDER_WIDTH: f64 = 12.0;
const ACCESSION_FONT: f64 = 12.0;
const NAME_FONT: f64 = 11.0;
const RELATION_FONT: f64 = 10.0;
const LABEL_HEIGHT: f64 = 14.0;
/// Room on each side of a relation inside its white box.
const LABEL_PADDING: f64 = 4.0;
const LABEL_SPACING: f64 = 6.0;
const MAX_RELATION_CHARS: usize = 28;

/// A strain's box; `input` indexes the nodes given to [`render`].
#[derive(Debug, Clone)]
pub(crate) struct PlacedNode {
    pub input: usize,
    pub rect: Rect,
}

/// An edge's path and its label's box; `input` indexes the edges given to [`render`], `parent`
/// and `child` the nodes.
#[derive(Debug, Clone)]
pub(crate) struct PlacedEdge {
    pub input: usize,
    pub parent: usize,
    pub child: usize,
    /// Where the path runs, from the parent to the child: out of one row and into the next, then
    /// (for an edge skipping rows) straight through a row, and so on; an edge within one row
    /// runs from the parent's bottom to the child's.
    pub points: Vec<(f64, f64)>,
    pub label: Rect,
    pub text: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub nodes: Vec<PlacedNode>,
    pub edges: Vec<PlacedEdge>,
    pub view: Rect,
}

/// A place in a row: a strain (its index in `Layout::nodes`) or an edge passing through.
struct Slot {
    row: usize,
    node: Option<usize>,
}

/// An edge as the slots it runs through, from its upper end to its lower end.
struct Chain {
    edge: usize,
    slots: Vec<usize>,
    /// The child is in the upper row.
    upwards: bool,
}

impl Slot {
    fn width(&self) -> f64 {
        if self.node.is_some() {
            NODE_WIDTH
        } else {
            PLACEHOLDER_WIDTH
        }
    }
}

/// Renders the graph as an `<svg class="lineage">` that scales to its container.
pub fn render(title: &str, nodes: &[GraphNode<'_>], edges: &[GraphEdge<'_>]) -> Markup {
    let layout = layout(nodes, edges);
    html! {
        svg xmlns="http://www.w3.org/2000/svg" class="lineage" viewBox=(layout.view.view_box()) role="group"
            aria-labelledby="lineage-title" font-family="sans-serif" {
            title id="lineage-title" { (title) }
            defs {
                marker id="lineage-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7"
                    orient="auto" {
                    path d="M0,0 L10,5 L0,10 Z" fill="#5a6b7b" {}
                }
            }
            g class="edges" {
                @for placed in &layout.edges {
                    @let edge = &edges[placed.input];
                    g class="edge" data-relation=(edge.relation) {
                        title { (nodes[placed.child].accession) " " (edge.relation) " " (nodes[placed.parent].accession) }
                        path d=(edge_path(&placed.points)) fill="none" stroke="#5a6b7b" stroke-width="1.5"
                            marker-end="url(#lineage-arrow)" {}
                    }
                }
            }
            // Drawn after every edge, so no edge line runs over a label.
            g class="edge-labels" {
                @for placed in layout.edges.iter().filter(|e| !e.text.is_empty()) {
                    g class="edge-label" data-relation=(edges[placed.input].relation) {
                        rect x=(num(placed.label.x)) y=(num(placed.label.y)) width=(num(placed.label.width))
                            height=(num(placed.label.height)) rx="3" fill="#ffffff" stroke="#d0d5da"
                            stroke-width="0.75" {}
                        text x=(num(placed.label.x + placed.label.width / 2.0))
                            y=(num(placed.label.y + LABEL_HEIGHT / 2.0 + RELATION_FONT * 0.35)) text-anchor="middle"
                            font-size=(num(RELATION_FONT)) fill=(TEXT_COLOUR) { (placed.text) }
                    }
                }
            }
            g class="nodes" {
                @for placed in &layout.nodes {
                    @let node = &nodes[placed.input];
                    @let focus = node.generation == 0;
                    @let rect = placed.rect;
                    @let centre = rect.x + rect.width / 2.0;
                    a class="node" href=(strain_href(node.accession)) data-accession=(node.accession)
                        aria-current=[focus.then_some("page")] {
                        title { (node.accession) " " (node.name) }
                        rect x=(num(rect.x)) y=(num(rect.y)) width=(num(rect.width)) height=(num(rect.height)) rx="6"
                            fill=(if focus { "#fff1c2" } else { "#ffffff" })
                            stroke=(if focus { "#8a5a00" } else { "#5a6b7b" })
                            stroke-width=(if focus { "2.5" } else { "1.25" }) {}
                        text x=(num(centre)) y=(num(rect.y + 18.0)) text-anchor="middle" font-size=(num(ACCESSION_FONT))
                            font-weight="bold" fill=(TEXT_COLOUR) { (fit(node.accession, ACCESSION_FONT * 1.1)) }
                        text x=(num(centre)) y=(num(rect.y + 34.0)) text-anchor="middle" font-size=(num(NAME_FONT))
                            fill=(TEXT_COLOUR) { (fit(node.name, NAME_FONT)) }
                    }
                }
            }
        }
    }
}

/// `text` cut to fit inside a node at `font_size` (bold text is passed a wider size).
fn fit(text: &str, font_size: f64) -> String {
    let room = NODE_WIDTH - 2.0 * LABEL_PADDING - 8.0;
    truncate(text, (room / text_width("x", font_size)).floor() as usize)
}

/// `/strains/{accession}`, the accession percent-encoded as one path segment.
fn strain_href(accession: &str) -> String {
    let mut href = String::from("/strains/");
    for byte in accession.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            href.push(char::from(byte));
        } else {
            href.push_str(&format!("%{byte:02X}"));
        }
    }
    href
}

/// Lays out the graph (see the module doc). Edges naming an unknown strain, and edges from a
/// strain to itself, are left out.
pub(crate) fn layout(nodes: &[GraphNode<'_>], edges: &[GraphEdge<'_>]) -> Layout {
    // Each strain once: the first node given for an id.
    let mut slot_of: HashMap<&str, usize> = HashMap::new();
    let mut kept: Vec<usize> = Vec::new();
    for (i, node) in nodes.iter().enumerate() {
        if !slot_of.contains_key(node.id) {
            slot_of.insert(node.id, kept.len());
            kept.push(i);
        }
    }
    let mut generations: Vec<i32> = kept.iter().map(|&i| nodes[i].generation).collect();
    generations.sort_unstable();
    generations.dedup();
    let row_count = generations.len();
    let mut slots: Vec<Slot> = kept
        .iter()
        .enumerate()
        .map(|(k, &i)| Slot {
            row: generations.binary_search(&nodes[i].generation).unwrap_or(0),
            node: Some(k),
        })
        .collect();

    // Each edge as a chain of slots from its upper end to its lower end.
    let node_of = |slot: usize| kept[slot];
    let mut chains: Vec<Chain> = Vec::new();
    for (e, edge) in edges.iter().enumerate() {
        let (Some(&parent), Some(&child)) = (slot_of.get(edge.parent), slot_of.get(edge.child)) else {
            continue;
        };
        if parent == child {
            continue;
        }
        let upwards = slots[child].row < slots[parent].row;
        let (top, bottom) = if upwards { (child, parent) } else { (parent, child) };
        let mut chain = vec![top];
        for row in slots[top].row + 1..slots[bottom].row {
            slots.push(Slot { row, node: None });
            chain.push(slots.len() - 1);
        }
        chain.push(bottom);
        chains.push(Chain {
            edge: e,
            slots: chain,
            upwards,
        });
    }
    let mut above: Vec<Vec<usize>> = vec![Vec::new(); slots.len()];
    let mut below: Vec<Vec<usize>> = vec![Vec::new(); slots.len()];
    for chain in &chains {
        for pair in chain.slots.windows(2) {
            if slots[pair[0]].row < slots[pair[1]].row {
                below[pair[0]].push(pair[1]);
                above[pair[1]].push(pair[0]);
            }
        }
    }
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); row_count];
    for (s, slot) in slots.iter().enumerate() {
        rows[slot.row].push(s);
    }
    order_rows(&mut rows, &above, &below);
    let widths: Vec<f64> = slots.iter().map(Slot::width).collect();
    let lefts = place_in_rows(&rows, &widths, &above, &below);
    let top_of = |row: usize| row as f64 * (NODE_HEIGHT + ROW_GAP);
    let centre = |s: usize| lefts[s] + widths[s] / 2.0;

    let placed_nodes: Vec<PlacedNode> = kept
        .iter()
        .enumerate()
        .map(|(k, &input)| PlacedNode {
            input,
            rect: Rect {
                x: lefts[k],
                y: top_of(slots[k].row),
                width: NODE_WIDTH,
                height: NODE_HEIGHT,
            },
        })
        .collect();

    let ends = edge_ends(&chains, &slots, centre);

    // Paths, and where each label wants to be: (gap below which row, centre x).
    let mut placed_edges: Vec<PlacedEdge> = Vec::new();
    let mut wanted: Vec<(usize, f64)> = Vec::new();
    for (chain, [start, end]) in chains.iter().zip(ends) {
        let (first, last) = (chain.slots[0], chain.slots[chain.slots.len() - 1]);
        let (points, gap, x) = if slots[first].row == slots[last].row {
            let bottom = top_of(slots[first].row) + NODE_HEIGHT;
            (
                vec![(start, bottom), (end, bottom)],
                slots[first].row,
                (start + end) / 2.0,
            )
        } else {
            // Down the chain: out of the bottom of each slot and into the top of the next.
            let mut points = vec![(start, top_of(slots[first].row) + NODE_HEIGHT)];
            for &s in &chain.slots[1..chain.slots.len() - 1] {
                points.push((centre(s), top_of(slots[s].row)));
                points.push((centre(s), top_of(slots[s].row) + NODE_HEIGHT));
            }
            points.push((end, top_of(slots[last].row)));
            // The middle one of the curves between rows carries the label.
            let middle = (chain.slots.len() - 2) / 2;
            let x = (points[2 * middle].0 + points[2 * middle + 1].0) / 2.0;
            if chain.upwards {
                points.reverse();
            }
            (points, slots[first].row + middle, x)
        };
        let text = truncate(edges[chain.edge].relation, MAX_RELATION_CHARS);
        let width = if text.is_empty() {
            0.0
        } else {
            text_width(&text, RELATION_FONT) + 2.0 * LABEL_PADDING
        };
        let y = top_of(gap) + NODE_HEIGHT + (ROW_GAP - LABEL_HEIGHT) / 2.0;
        let (parent, child) = if chain.upwards { (last, first) } else { (first, last) };
        placed_edges.push(PlacedEdge {
            input: chain.edge,
            parent: node_of(parent),
            child: node_of(child),
            points,
            label: Rect {
                x: x - width / 2.0,
                y,
                width,
                height: LABEL_HEIGHT,
            },
            text,
        });
        wanted.push((gap, x));
    }

    spread_labels(&mut placed_edges, &wanted);

    let boxes = placed_nodes
        .iter()
        .map(|n| n.rect)
        .chain(placed_edges.iter().map(|e| e.label));
    let placeholders = slots
        .iter()
        .enumerate()
        .filter(|(_, slot)| slot.node.is_none())
        .map(|(s, slot)| Rect {
            x: lefts[s],
            y: top_of(slot.row),
            width: PLACEHOLDER_WIDTH,
            height: NODE_HEIGHT,
        });
    let view = boxes
        .chain(placeholders)
        .reduce(|view, b| view.union(&b))
        .unwrap_or(Rect {
            x: 0.0,
            y: 0.0,
            width: NODE_WIDTH,
            height: NODE_HEIGHT,
        })
        .grow(12.0);
    Layout {
        nodes: placed_nodes,
        edges: placed_edges,
        view,
    }
}

/// Where each chain leaves its upper end and enters its lower end: the edges at one side of a
/// strain spread along it in the order of where they lead, so arrows do not meet in one point.
fn edge_ends(chains: &[Chain], slots: &[Slot], centre: impl Fn(usize) -> f64) -> Vec<[f64; 2]> {
    let mut ends: Vec<[f64; 2]> = vec![[0.0; 2]; chains.len()];
    // Per side of a slot (bottom or not): where each attached edge leads, the chain, which end.
    struct Attached {
        toward: f64,
        chain: usize,
        end: usize,
    }
    let mut sides: BTreeMap<(usize, bool), Vec<Attached>> = BTreeMap::new();
    for (c, chain) in chains.iter().enumerate() {
        let (first, last) = (chain.slots[0], chain.slots[chain.slots.len() - 1]);
        let flat = slots[first].row == slots[last].row;
        let (next, previous) = (chain.slots[1], chain.slots[chain.slots.len() - 2]);
        sides.entry((first, true)).or_default().push(Attached {
            toward: centre(next),
            chain: c,
            end: 0,
        });
        sides.entry((last, flat)).or_default().push(Attached {
            toward: centre(previous),
            chain: c,
            end: 1,
        });
    }
    for ((slot, _), mut attached) in sides {
        attached.sort_by(|a, b| a.toward.total_cmp(&b.toward));
        let spacing = (NODE_WIDTH * 0.6 / attached.len() as f64).min(14.0);
        let first_offset = (attached.len() - 1) as f64 / -2.0 * spacing;
        for (i, a) in attached.into_iter().enumerate() {
            ends[a.chain][a.end] = centre(slot) + first_offset + i as f64 * spacing;
        }
    }
    ends
}

/// Puts the labels of one gap side by side, in the order of where they want to be
/// (`wanted[e]`: the gap below which row, and the centre x, of edge `e`'s label).
fn spread_labels(placed_edges: &mut [PlacedEdge], wanted: &[(usize, f64)]) {
    let gaps = wanted.iter().map(|&(gap, _)| gap + 1).max().unwrap_or(0);
    for gap in 0..gaps {
        let mut members: Vec<usize> = (0..placed_edges.len()).filter(|&e| wanted[e].0 == gap).collect();
        members.sort_by(|&a, &b| wanted[a].1.total_cmp(&wanted[b].1));
        let sizes: Vec<f64> = members.iter().map(|&e| placed_edges[e].label.width).collect();
        let ideal: Vec<f64> = members.iter().map(|&e| placed_edges[e].label.x).collect();
        for (&e, x) in members.iter().zip(spread(&ideal, &sizes, LABEL_SPACING)) {
            placed_edges[e].label.x = x;
        }
    }
}

/// Path data through an edge's points: a curve leaving and entering vertically between
/// consecutive rows (even to odd index), a straight line through a placeholder (odd to even).
/// An edge within one row (two points at one height) dips to the middle of the gap below it,
/// where its label is.
fn edge_path(points: &[(f64, f64)]) -> String {
    if let [(from, y), (to, y_to)] = points {
        if y == y_to {
            let (bottom, dip) = (num(*y), num(y + ROW_GAP * 2.0 / 3.0));
            let (from, to) = (num(*from), num(*to));
            return format!("M{from},{bottom} C{from},{dip} {to},{dip} {to},{bottom}");
        }
    }
    let mut path = format!("M{},{}", num(points[0].0), num(points[0].1));
    for (i, pair) in points.windows(2).enumerate() {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        if i % 2 == 0 {
            let middle = num((y0 + y1) / 2.0);
            path.push_str(&format!(
                " C{},{middle} {},{middle} {},{}",
                num(x0),
                num(x1),
                num(x1),
                num(y1)
            ));
        } else {
            path.push_str(&format!(" L{},{}", num(x1), num(y1)));
        }
    }
    path
}

/// Orders each row by the barycentre heuristic (see the module doc), keeping the order with the
/// fewest crossings seen.
fn order_rows(rows: &mut [Vec<usize>], above: &[Vec<usize>], below: &[Vec<usize>]) {
    let mut position = vec![0.0; above.len()];
    let index = |rows: &[Vec<usize>], position: &mut [f64]| {
        for row in rows {
            for (i, &s) in row.iter().enumerate() {
                position[s] = i as f64;
            }
        }
    };
    index(rows, &mut position);
    let mut best = (crossings(rows, below, &position), rows.to_vec());
    for sweep in 0..4 {
        let downwards = sweep % 2 == 0;
        let (neighbours, order): (&[Vec<usize>], Vec<usize>) = if downwards {
            (above, (1..rows.len()).collect())
        } else {
            (below, (0..rows.len().saturating_sub(1)).rev().collect())
        };
        for r in order {
            let mut keyed: Vec<(f64, usize)> = rows[r]
                .iter()
                .map(|&s| {
                    let near = &neighbours[s];
                    let key = if near.is_empty() {
                        position[s]
                    } else {
                        near.iter().map(|&n| position[n]).sum::<f64>() / near.len() as f64
                    };
                    (key, s)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            rows[r] = keyed.into_iter().map(|(_, s)| s).collect();
            index(&rows[r..=r], &mut position);
        }
        let count = crossings(rows, below, &position);
        if count < best.0 {
            best = (count, rows.to_vec());
        }
    }
    rows.clone_from_slice(&best.1);
}

/// Pairs of edge segments that cross between consecutive rows. O(S²) for S segments.
fn crossings(rows: &[Vec<usize>], below: &[Vec<usize>], position: &[f64]) -> usize {
    let mut count = 0;
    for row in rows {
        let segments: Vec<(f64, f64)> = row
            .iter()
            .flat_map(|&s| below[s].iter().map(move |&t| (position[s], position[t])))
            .collect();
        for (i, a) in segments.iter().enumerate() {
            count += segments[i + 1..]
                .iter()
                .filter(|b| (a.0 - b.0) * (a.1 - b.1) < 0.0)
                .count();
        }
    }
    count
}

/// Left x of every slot: rows packed and centred, then pulled towards their neighbours.
fn place_in_rows(rows: &[Vec<usize>], widths: &[f64], above: &[Vec<usize>], below: &[Vec<usize>]) -> Vec<f64> {
    let mut lefts = vec![0.0; widths.len()];
    for row in rows {
        let total: f64 = row.iter().map(|&s| widths[s] + NODE_GAP).sum::<f64>() - NODE_GAP;
        let mut x = -total / 2.0;
        for &s in row {
            lefts[s] = x;
            x += widths[s] + NODE_GAP;
        }
    }
    for pass in 0..3 {
        // Downwards rows follow the row above; upwards, the row below.
        let downwards = pass % 2 == 0;
        let neighbours = if downwards { above } else { below };
        let order: Vec<&Vec<usize>> = if downwards {
            rows.iter().collect()
        } else {
            rows.iter().rev().collect()
        };
        for row in order {
            let ideal: Vec<f64> = row
                .iter()
                .map(|&s| {
                    let near = &neighbours[s];
                    if near.is_empty() {
                        lefts[s]
                    } else {
                        let centre = near.iter().map(|&n| lefts[n] + widths[n] / 2.0).sum::<f64>() / near.len() as f64;
                        centre - widths[s] / 2.0
                    }
                })
                .collect();
            let sizes: Vec<f64> = row.iter().map(|&s| widths[s]).collect();
            for (&s, x) in row.iter().zip(spread(&ideal, &sizes, NODE_GAP)) {
                lefts[s] = x;
            }
        }
    }
    lefts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::map::tests::assert_well_formed;

    fn node<'a>(id: &'a str, name: &'a str, generation: i32) -> GraphNode<'a> {
        GraphNode {
            id,
            accession: id,
            name,
            generation,
        }
    }

    fn edge<'a>(parent: &'a str, child: &'a str, relation: &'a str) -> GraphEdge<'a> {
        GraphEdge {
            parent,
            child,
            relation,
        }
    }

    fn placed<'a>(layout: &'a Layout, nodes: &[GraphNode<'_>], id: &str) -> &'a PlacedNode {
        layout
            .nodes
            .iter()
            .find(|n| nodes[n.input].id == id)
            .expect("node is drawn")
    }

    /// Labels overlap neither each other nor any strain, and every edge stays clear of the
    /// strains it does not join where it passes through their row.
    fn assert_readable(layout: &Layout) {
        for (i, a) in layout.edges.iter().enumerate() {
            for b in &layout.edges[i + 1..] {
                assert!(
                    !a.label.intersects(&b.label),
                    "labels {:?} and {:?} overlap",
                    a.text,
                    b.text
                );
            }
            for n in &layout.nodes {
                assert!(!a.label.intersects(&n.rect), "label {:?} covers a strain", a.text);
                // Straight runs through a row (odd to even index) miss the strains in it.
                for pair in a.points.windows(2).skip(1).step_by(2) {
                    let run = Rect {
                        x: pair[0].0 - 0.5,
                        y: pair[0].1,
                        width: 1.0,
                        height: pair[1].1 - pair[0].1,
                    };
                    assert!(!run.intersects(&n.rect), "edge {:?} runs through a strain", a.text);
                }
            }
        }
    }

    #[test]
    fn a_diamond_draws_each_strain_once() {
        let nodes = [
            node("BRS-A", "wild type", -1),
            node("BRS-B", "focus", 0),
            node("BRS-C", "sibling", 0),
            node("BRS-D", "double mutant", 1),
            // Reached again through its second parent.
            node("BRS-D", "double mutant", 1),
        ];
        let edges = [
            edge("BRS-A", "BRS-B", "mutant of"),
            edge("BRS-A", "BRS-C", "transformant of"),
            edge("BRS-B", "BRS-D", "mutant of"),
            edge("BRS-C", "BRS-D", "conjugant of"),
        ];
        let layout = layout(&nodes, &edges);
        assert_eq!(layout.nodes.len(), 4);
        let y = |id| placed(&layout, &nodes, id).rect.y;
        assert!(y("BRS-A") < y("BRS-B") && y("BRS-B") < y("BRS-D"));
        assert_eq!(y("BRS-B"), y("BRS-C"));
        assert_readable(&layout);

        let svg = render("Lineage of BRS-B", &nodes, &edges).into_string();
        assert_well_formed(&svg);
        assert!(svg.starts_with("<svg ") && svg.contains(r#"class="lineage""#) && svg.contains(r#"role="group""#));
        assert!(svg.contains(r#"<title id="lineage-title">Lineage of BRS-B</title>"#));
        for id in ["BRS-A", "BRS-B", "BRS-C", "BRS-D"] {
            assert_eq!(svg.matches(&format!(r#"data-accession="{id}""#)).count(), 1, "{id}");
            assert_eq!(svg.matches(&format!(r#"href="/strains/{id}""#)).count(), 1, "{id}");
        }
        assert_eq!(svg.matches(r#"<a class="node""#).count(), 4);
        assert_eq!(svg.matches(r#"<g class="edge" "#).count(), 4);
        assert_eq!(
            svg.matches(r#"data-relation="mutant of""#).count(),
            4,
            "two edges, each with its label"
        );
        assert!(svg.contains(">transformant of</text>") && svg.contains(">conjugant of</text>"));
        assert!(svg.contains("<title>BRS-C transformant of BRS-A</title>"));
        assert_eq!(
            svg.matches(r#"aria-current="page""#).count(),
            2,
            "generation 0 is highlighted"
        );
        assert!(!svg.contains("style=") && !svg.contains("<script"));
    }

    #[test]
    fn a_chain_of_six_generations_stands_straight() {
        let ids = ["G1", "G2", "G3", "G4", "G5", "G6"];
        let nodes: Vec<GraphNode<'_>> = ids.iter().zip(-2..).map(|(id, g)| node(id, "strain", g)).collect();
        let edges: Vec<GraphEdge<'_>> = ids.windows(2).map(|w| edge(w[0], w[1], "mutant of")).collect();
        let layout = layout(&nodes, &edges);
        let rects: Vec<Rect> = ids.iter().map(|id| placed(&layout, &nodes, id).rect).collect();
        for pair in rects.windows(2) {
            assert!(
                pair[0].y + pair[0].height < pair[1].y,
                "each generation below the one before"
            );
            assert!((pair[0].x - pair[1].x).abs() < 0.5, "a chain is drawn straight down");
        }
        for placed in &layout.edges {
            let (parent, child) = (&layout.nodes[placed.parent].rect, &layout.nodes[placed.child].rect);
            assert!(placed.label.y > parent.y + parent.height && placed.label.y + placed.label.height < child.y);
        }
        assert_readable(&layout);
        assert_well_formed(&render("Lineage of G3", &nodes, &edges).into_string());
    }

    /// A family with a wide fan, an edge skipping a generation, an edge within a generation and
    /// an edge whose child sits above its parent.
    fn family() -> (Vec<GraphNode<'static>>, Vec<GraphEdge<'static>>) {
        let nodes = vec![
            node("BRS-Z", "ancestral isolate", -2),
            node("BRS-W", "lab-adapted", -1),
            node("BRS-A", "conjugation donor", -1),
            node("BRS-F", "Escherichia coli K-12 MG1655 ΔlacZ", 0),
            node("BRS-C1", "ΔlacZ pUC19", 1),
            node("BRS-C2", "ΔlacZ pBR322", 1),
            node("BRS-C3", "ΔlacZ ΔrecA", 1),
            node("BRS-C4", "ΔlacZ ΔendA", 1),
            node("BRS-C5", "evolved line 5", 1),
            node("BRS-C6", "evolved line 6", 1),
            node("BRS-G", "ΔlacZ pUC19 ΔrecA", 2),
        ];
        let edges = vec![
            edge("BRS-Z", "BRS-W", "passaged from"),
            edge("BRS-W", "BRS-F", "mutant of"),
            edge("BRS-A", "BRS-F", "conjugant of"),
            edge("BRS-A", "BRS-Z", "transconjugant of"),
            edge("BRS-F", "BRS-C1", "transformant of"),
            edge("BRS-F", "BRS-C2", "transformant of"),
            edge("BRS-F", "BRS-C3", "knockout of"),
            edge("BRS-F", "BRS-C4", "knockout of"),
            edge("BRS-F", "BRS-C5", "evolved from"),
            edge("BRS-F", "BRS-C6", "evolved from"),
            edge("BRS-C5", "BRS-C6", "contaminant of"),
            edge("BRS-C1", "BRS-G", "knockout of"),
            edge("BRS-F", "BRS-G", "also derived from"),
            edge("BRS-F", "BRS-unknown", "ignored"),
        ];
        (nodes, edges)
    }

    #[test]
    fn labels_never_overlap_in_a_busy_family() {
        let (nodes, edges) = family();
        let layout = layout(&nodes, &edges);
        assert_eq!(layout.nodes.len(), nodes.len());
        assert_eq!(
            layout.edges.len(),
            edges.len() - 1,
            "the edge to an unknown strain is left out"
        );
        assert_readable(&layout);
        let skipping = layout
            .edges
            .iter()
            .find(|e| edges[e.input].relation == "also derived from")
            .expect("drawn");
        assert_eq!(skipping.points.len(), 4, "through a placeholder in the row it skips");
        let upwards = layout
            .edges
            .iter()
            .find(|e| edges[e.input].relation == "transconjugant of")
            .expect("drawn");
        assert!(
            upwards.points[0].1 > upwards.points[upwards.points.len() - 1].1,
            "drawn from parent up to child"
        );
        let svg = render("Lineage", &nodes, &edges).into_string();
        assert_well_formed(&svg);
        assert_eq!(svg.matches(r#"<a class="node""#).count(), nodes.len());
    }

    #[test]
    fn text_is_escaped_and_names_are_cut() {
        let nodes = [
            GraphNode {
                id: "1",
                accession: "BRS 1/a",
                name: r#"<&>" and a name far too long to fit"#,
                generation: 0,
            },
            GraphNode {
                id: "2",
                accession: "BRS2",
                name: "child",
                generation: 1,
            },
        ];
        let edges = [edge("1", "2", r#"<b>"#)];
        let svg = render("Lineage <&>", &nodes, &edges).into_string();
        assert_well_formed(&svg);
        assert!(svg.contains(r#"href="/strains/BRS%201%2Fa""#));
        assert!(svg.contains("Lineage &lt;&amp;&gt;") && svg.contains("&lt;b&gt;"));
        assert!(svg.contains(r#"<title>BRS 1/a &lt;&amp;&gt;&quot; and a name far too long to fit</title>"#));
        assert!(svg.contains(">&lt;&amp;&gt;&quot; and a name far to…</text>"), "{svg}");
    }

    #[test]
    fn an_empty_graph_still_renders() {
        let svg = render("Lineage", &[], &[]).into_string();
        assert_well_formed(&svg);
        assert!(svg.contains("viewBox="));
    }

    /// Writes a sample SVG for a person to look at:
    /// `cargo test --lib pages::lineage_graph -- --ignored` (into `$BIOREG_SAMPLES_DIR`, default
    /// `/tmp/web-map-samples`).
    #[test]
    #[ignore]
    fn write_samples() {
        let dir = std::env::var("BIOREG_SAMPLES_DIR").unwrap_or_else(|_| "/tmp/web-map-samples".into());
        std::fs::create_dir_all(&dir).expect("sample folder");
        let (nodes, edges) = family();
        let svg = render("Lineage of BRS-F", &nodes, &edges).into_string();
        std::fs::write(format!("{dir}/lineage.svg"), svg).expect("sample written");
    }
}
