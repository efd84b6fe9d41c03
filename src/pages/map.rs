//! Owns the sequence map of a part: the server-rendered SVG that draws a part's features and
//! sequence-search hits around a circle (circular parts) or along a ruler (linear parts). Pure:
//! a [`MapSpec`] in, SVG markup out; no database, no HTTP, no script, no inline style.
//!
//! # Layout
//!
//! Positions are continuous coordinates: base `i` (1-based) covers `[i - 1, i)`, and a feature of
//! a circular part of length `L` that crosses the origin (`start > end`) covers
//! `[start - 1, end + L)`, one span drawn as one arc through the origin. Spans narrower than the
//! minimum drawn size (1.5° of arc, 3 units of ruler) are widened about their middle, so 1 bp
//! features stay visible.
//!
//! 1. **Lanes.** Forward features go outside (above) the backbone, reverse ones inside (below),
//!    strandless ones on it. Tick marks sit on the backbone; their numbers inside the reverse lanes
//!    of a circle, between the backbone and the reverse lanes of a ruler. Within each strand,
//!    spans are put in lanes by greedy interval scheduling: spans that cross the origin first
//!    (they all overlap there), then the others by start, each into the first lane whose last span
//!    ends by the time it begins and whose origin-crossing span (or, on a circle, first span, one
//!    turn on) begins after it ends. Without origin-crossing spans this uses the fewest lanes
//!    possible, the greatest overlap.
//! 2. **Labels.** Circular: a label wants to sit level with its feature's middle, just outside the
//!    outermost lane, on the half of the circle its feature's middle is on. Per half, labels sorted
//!    by that height are moved apart with the least total squared displacement (`spread`) and
//!    kept within 0.9 of the label circle's radius (which grows when a half holds more labels than
//!    that), then pushed sideways until the whole box clears the label circle. A leader runs out
//!    from the feature, along a chord inside the label circle to the label's row, then along that
//!    row to the label, so it crosses no label. Linear: labels are taken right to left; each
//!    starts where its leader rises from its feature's middle (moved left when that would crowd
//!    the leader before it, or run off the ruler) and goes in the first row, counting out from the
//!    lanes, where it misses both the labels there and the leaders crossing that row to rows
//!    further out, so leaders cross neither labels nor each other. Forward and strandless labels
//!    go above, reverse ones below. Labels past 24 characters end in an ellipsis; the `<title>`
//!    keeps the full text.
//!
//! Text width is estimated, not measured (the server has no fonts): characters × 0.6 × font
//! size, a little more than the average advance of common sans-serif fonts, so boxes err roomy.
//!
//! With n features, k lanes, r label rows (linear) and h hits: O(n log n + n·(k + r) + h) time
//! and O(n + h) memory, besides the SVG text itself.
//!
//! ```
//! use bioreg::pages::map::{render, MapFeature, MapSpec};
//!
//! let spec = MapSpec {
//!     title: "Map of BRP000001 demo (100 bp, linear)",
//!     length: 100,
//!     circular: false,
//!     features: vec![MapFeature { index: 0, label: "gfp", kind: "CDS", start: 10, end: 60, strand: 1 }],
//!     hits: vec![],
//! };
//! let svg = render(&spec).into_string();
//! assert!(svg.contains(r#"data-feature-index="0""#));
//! ```

use std::f64::consts::{PI, TAU};

use maud::{html, Markup};

/// One feature to draw.
#[derive(Debug, Clone)]
pub struct MapFeature<'a> {
    /// Row of the feature in the page's feature table (0-based); becomes `data-feature-index`.
    pub index: usize,
    /// Name, or the type label when unnamed.
    pub label: &'a str,
    /// Sequence Ontology label (`CDS`, `promoter`, `terminator`, `rep_origin` …); picks the colour.
    pub kind: &'a str,
    /// 1-based, inclusive.
    pub start: i64,
    /// On a circular part, `start > end` means the feature crosses the origin.
    pub end: i64,
    /// +1 forward, -1 reverse, 0 none.
    pub strand: i8,
}

/// A sequence-search hit; `start > end` crosses the origin of a circular part.
#[derive(Debug, Clone)]
pub struct MapHit {
    pub start: i64,
    pub end: i64,
    pub strand: i8,
    pub label: String,
}

/// Everything the map shows.
#[derive(Debug, Clone)]
pub struct MapSpec<'a> {
    /// Accessible title, e.g. "Map of BRP000042 pUC19 (2686 bp, circular)".
    pub title: &'a str,
    pub length: i64,
    pub circular: bool,
    pub features: Vec<MapFeature<'a>>,
    pub hits: Vec<MapHit>,
}

/// Estimated advance of one character, as a fraction of the font size (see the module doc).
const CHAR_WIDTH: f64 = 0.6;
/// Colour of all text: dark enough on white and on every feature fill.
pub(crate) const TEXT_COLOUR: &str = "#1a1a1a";
const LABEL_FONT: f64 = 11.0;
const LABEL_HEIGHT: f64 = 14.0;
const LABEL_GAP: f64 = 2.0;
/// How far up and down a circular map's labels may go, as a fraction of the label circle's radius.
const LABEL_REACH: f64 = 0.9;
const MAX_LABEL_CHARS: usize = 24;
const TICK_FONT: f64 = 9.0;
/// Length of an arrow head along the feature, in viewBox units.
const HEAD: f64 = 8.0;
const MIN_BACKBONE_RADIUS: f64 = 150.0;
/// Room left in the middle of a circular map for its length.
const CENTRE_RADIUS: f64 = 48.0;
/// Smallest arc drawn, in radians.
const MIN_ARC: f64 = 0.026;
const RULER_WIDTH: f64 = 800.0;
/// Smallest bar drawn, in viewBox units.
const MIN_BAR: f64 = 3.0;
/// Least distance between the leaders of two labels on a linear map.
const LEADER_GAP: f64 = 5.0;

/// An axis-aligned box in viewBox units; `y` grows downwards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    #[cfg(test)]
    pub(crate) fn intersects(&self, other: &Rect) -> bool {
        self.x < other.x + other.width
            && other.x < self.x + self.width
            && self.y < other.y + other.height
            && other.y < self.y + self.height
    }

    pub(crate) fn union(&self, other: &Rect) -> Rect {
        let (x, y) = (self.x.min(other.x), self.y.min(other.y));
        Rect {
            x,
            y,
            width: (self.x + self.width).max(other.x + other.width) - x,
            height: (self.y + self.height).max(other.y + other.height) - y,
        }
    }

    pub(crate) fn grow(&self, margin: f64) -> Rect {
        Rect {
            x: self.x - margin,
            y: self.y - margin,
            width: self.width + 2.0 * margin,
            height: self.height + 2.0 * margin,
        }
    }

    /// The `viewBox` attribute that shows this box.
    pub(crate) fn view_box(&self) -> String {
        format!(
            "{} {} {} {}",
            num(self.x),
            num(self.y),
            num(self.width),
            num(self.height)
        )
    }
}

/// Where a feature or hit is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Shape {
    /// A ring segment about the centre; angles in radians clockwise from 12 o'clock, `from < to`
    /// (`to` passes 2π when the segment crosses the origin).
    Arc { from: f64, to: f64, inner: f64, outer: f64 },
    /// A bar on a linear map.
    Bar {
        left: f64,
        right: f64,
        top: f64,
        bottom: f64,
    },
}

#[derive(Debug, Clone)]
pub(crate) struct PlacedLabel {
    pub text: String,
    pub rect: Rect,
    /// The leader line, from the feature's side to the label.
    pub leader: Vec<(f64, f64)>,
}

/// A feature as drawn; its track and lane are there for the tests to check.
#[derive(Debug, Clone)]
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) struct PlacedFeature {
    /// 0 forward, 1 reverse, 2 no strand.
    pub track: usize,
    pub lane: usize,
    pub shape: Shape,
    pub label: PlacedLabel,
}

#[derive(Debug, Clone)]
pub(crate) struct Tick {
    pub mark: [(f64, f64); 2],
    pub text: String,
    /// Middle of the text's baseline.
    pub at: (f64, f64),
}

/// The whole drawing in viewBox units; features and hits in the order of the spec.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    /// Radius of the backbone circle, or 0 on a linear map.
    pub radius: f64,
    pub features: Vec<PlacedFeature>,
    pub hits: Vec<Shape>,
    pub ticks: Vec<Tick>,
    pub view: Rect,
}

/// 32-bit FNV-1a, for ids that must differ between maps on one page.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |hash, &b| {
        (hash ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// Renders the map as an `<svg class="seqmap">` that scales to its container.
pub fn render(spec: &MapSpec<'_>) -> Markup {
    let layout = layout(spec);
    // Several maps may share a page (search results): the title's id is made from the title.
    let title_id = format!("seqmap-{:08x}", fnv1a(spec.title.as_bytes()));
    let topology = if spec.circular { "circular" } else { "linear" };
    html! {
        svg xmlns="http://www.w3.org/2000/svg" class="seqmap" viewBox=(layout.view.view_box()) role="img"
            aria-labelledby=(title_id) font-family="sans-serif" data-topology=(topology) {
            title id=(title_id) { (spec.title) }
            @if spec.circular {
                circle class="backbone" cx="0" cy="0" r=(num(layout.radius)) fill="none" stroke="#4a4a4a"
                    stroke-width="2" {}
                text class="length" x="0" y="5" text-anchor="middle" font-size="14" fill=(TEXT_COLOUR) {
                    (spec.length) " bp"
                }
            } @else {
                rect class="backbone" x="0" y="-1.5" width=(num(RULER_WIDTH)) height="3" fill="#4a4a4a" {}
            }
            g class="ticks" stroke="#4a4a4a" {
                @for tick in &layout.ticks {
                    line x1=(num(tick.mark[0].0)) y1=(num(tick.mark[0].1)) x2=(num(tick.mark[1].0))
                        y2=(num(tick.mark[1].1)) stroke-width="1" {}
                    text x=(num(tick.at.0)) y=(num(tick.at.1)) text-anchor="middle" font-size=(num(TICK_FONT))
                        fill=(TEXT_COLOUR) stroke="none" { (tick.text) }
                }
            }
            g class="features" {
                @for (feature, placed) in spec.features.iter().zip(&layout.features) {
                    @let (fill, outline, class) = palette(feature.kind);
                    g class="feature" data-feature-index=(feature.index) {
                        title { (feature_title(feature)) }
                        polyline class="leader" points=(points(&placed.label.leader)) fill="none" stroke="#8c8c8c"
                            stroke-width="0.75" {}
                        path class=(format!("feature-shape {class}")) d=(shape_path(&placed.shape, feature.strand))
                            fill=(fill) stroke=(outline) stroke-width="1" {}
                        text class="feature-label" x=(num(placed.label.rect.x))
                            y=(num(placed.label.rect.y + LABEL_HEIGHT / 2.0 + LABEL_FONT * 0.35))
                            font-size=(num(LABEL_FONT)) fill=(TEXT_COLOUR) stroke="#ffffff" stroke-width="3"
                            stroke-linejoin="round" paint-order="stroke" { (placed.label.text) }
                    }
                }
            }
            g class="hits" {
                @for (hit, shape) in spec.hits.iter().zip(&layout.hits) {
                    path class="hit" d=(shape_path(shape, 0)) fill="#ff8c00" fill-opacity="0.35" stroke="#b35c00"
                        stroke-width="1" {
                        title { (hit.label) " " (hit.start) ".." (hit.end) ", " (strand_name(hit.strand)) }
                    }
                }
            }
        }
    }
}

/// The boxes of the feature labels, in feature order, for the tests to check.
#[cfg(test)]
pub(crate) fn label_boxes(spec: &MapSpec<'_>) -> Vec<Rect> {
    layout(spec).features.iter().map(|f| f.label.rect).collect()
}

/// Lays out the whole map (see the module doc).
pub(crate) fn layout(spec: &MapSpec<'_>) -> Layout {
    let length = spec.length.max(1);
    let texts: Vec<String> = spec
        .features
        .iter()
        .map(|f| {
            truncate(
                if f.label.trim().is_empty() { f.kind } else { f.label },
                MAX_LABEL_CHARS,
            )
        })
        .collect();
    let tracks: Vec<usize> = spec.features.iter().map(|f| track(f.strand)).collect();
    if spec.circular {
        circular_layout(spec, length, &tracks, texts)
    } else {
        linear_layout(spec, length, &tracks, texts)
    }
}

fn track(strand: i8) -> usize {
    match strand.signum() {
        1 => 0,
        -1 => 1,
        _ => 2,
    }
}

/// The span `[from, to)` of 1-based inclusive bounds, clamped to the part; on a circular part
/// `start > end` crosses the origin (`to > length`), on a linear one the bounds are swapped.
fn span(start: i64, end: i64, length: i64, circular: bool) -> (f64, f64) {
    let (start, end) = (start.clamp(1, length), end.clamp(1, length));
    if start <= end {
        ((start - 1) as f64, end as f64)
    } else if circular {
        ((start - 1) as f64, (end + length) as f64)
    } else {
        ((end - 1) as f64, start as f64)
    }
}

/// Widens a span shorter than `min` about its middle, keeping it on the part.
fn widen((from, to): (f64, f64), min: f64, length: f64, circular: bool) -> (f64, f64) {
    if to - from >= min {
        return (from, to);
    }
    let middle = (from + to) / 2.0;
    let (from, to) = (middle - min / 2.0, middle + min / 2.0);
    if circular {
        if from < 0.0 {
            (from + length, to + length)
        } else {
            (from, to)
        }
    } else if from < 0.0 {
        (0.0, min.min(length))
    } else if to > length {
        ((length - min).max(0.0), length)
    } else {
        (from, to)
    }
}

/// Lane of each span by greedy interval scheduling (see the module doc); spans that only touch
/// share a lane. O(n log n + n·k) time, O(n) memory.
pub(crate) fn assign_lanes(spans: &[(f64, f64)], length: f64, circular: bool) -> Vec<usize> {
    let crosses = |i: usize| circular && spans[i].1 > length;
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by(|&a, &b| crosses(b).cmp(&crosses(a)).then(spans[a].0.total_cmp(&spans[b].0)));
    // Per lane: where its last span ends, and where the next turn of the circle begins.
    let mut ends: Vec<f64> = Vec::new();
    let mut limits: Vec<f64> = Vec::new();
    let mut lanes = vec![0; spans.len()];
    for i in order {
        let (from, to) = spans[i];
        if crosses(i) {
            lanes[i] = ends.len();
            ends.push(to - length);
            limits.push(from);
            continue;
        }
        match (0..ends.len()).find(|&k| ends[k] <= from && to <= limits[k]) {
            Some(k) => {
                lanes[i] = k;
                ends[k] = to;
            }
            None => {
                lanes[i] = ends.len();
                ends.push(to);
                limits.push(if circular { from + length } else { f64::INFINITY });
            }
        }
    }
    lanes
}

/// Places items of the given sizes, in the given order, as near their ideal starts as possible
/// (least total squared displacement) with `pos[i + 1] >= pos[i] + sizes[i] + gap`.
/// Pool-adjacent-violators on the ideals less each item's offset in a tight pack; O(n) time and
/// memory.
pub(crate) fn spread(ideal: &[f64], sizes: &[f64], gap: f64) -> Vec<f64> {
    let mut offsets = Vec::with_capacity(ideal.len());
    let mut packed = 0.0;
    for size in sizes {
        offsets.push(packed);
        packed += size + gap;
    }
    // Blocks of items that end up packed tight: (sum of their shifted ideals, how many).
    let mut blocks: Vec<(f64, usize)> = Vec::new();
    for (wanted, offset) in ideal.iter().zip(&offsets) {
        let mut block = (wanted - offset, 1);
        while let Some(&(sum, count)) = blocks.last() {
            if sum / count as f64 <= block.0 / block.1 as f64 {
                break;
            }
            blocks.pop();
            block = (block.0 + sum, block.1 + count);
        }
        blocks.push(block);
    }
    let mut placed = Vec::with_capacity(ideal.len());
    for (sum, count) in blocks {
        for _ in 0..count {
            placed.push(sum / count as f64 + offsets[placed.len()]);
        }
    }
    placed
}

/// How many lanes each track (forward, reverse, none) needs, and the lane of each span.
fn lanes_by_track(spans: &[(f64, f64)], tracks: &[usize], length: f64, circular: bool) -> (Vec<usize>, [usize; 3]) {
    let mut lanes = vec![0; spans.len()];
    let mut counts = [0; 3];
    for (track, count) in counts.iter_mut().enumerate() {
        let members: Vec<usize> = (0..spans.len()).filter(|&i| tracks[i] == track).collect();
        let member_spans: Vec<(f64, f64)> = members.iter().map(|&i| spans[i]).collect();
        for (&i, lane) in members.iter().zip(assign_lanes(&member_spans, length, circular)) {
            lanes[i] = lane;
            *count = (*count).max(lane + 1);
        }
    }
    (lanes, counts)
}

/// Distance between lanes: roomy for a few lanes, tighter (down to 4 units) for many.
fn lane_pitch(counts: [usize; 3]) -> f64 {
    let most = counts.iter().copied().max().unwrap_or(0).max(1);
    (96.0 / most as f64).clamp(4.0, 13.0)
}

/// Tick positions (coordinates) and their texts: the origin as 1, then a round step giving about
/// ten ticks. On a circle the last tick is dropped when it would crowd the origin's.
fn ticks(length: i64, circular: bool) -> Vec<(f64, String)> {
    let raw = length as f64 / 10.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude)
        .round()
        .max(1.0) as i64;
    let mut ticks = vec![(0.0, "1".to_string())];
    let mut position = step;
    while position < length {
        if !(circular && (length - position) * 4 < step) {
            ticks.push((position as f64, position.to_string()));
        }
        position += step;
    }
    ticks
}

fn polar(radius: f64, angle: f64) -> (f64, f64) {
    (radius * angle.sin(), -radius * angle.cos())
}

fn circular_layout(spec: &MapSpec<'_>, length: i64, tracks: &[usize], texts: Vec<String>) -> Layout {
    let bases = length as f64;
    let angle = |position: f64| position / bases * TAU;
    let to_span = |start, end| widen(span(start, end, length, true), MIN_ARC / TAU * bases, bases, true);
    let spans: Vec<(f64, f64)> = spec.features.iter().map(|f| to_span(f.start, f.end)).collect();
    let (lanes, counts) = lanes_by_track(&spans, tracks, bases, true);
    let pitch = lane_pitch(counts);
    let thickness = pitch * 0.7;
    let tick_list = ticks(length, true);
    // A horizontal tick label reaches at most its diagonal inwards from its tick.
    let tick_room = tick_list
        .iter()
        .map(|(_, text)| text_width(text, TICK_FONT).hypot(TICK_FONT))
        .fold(0.0, f64::max);
    let half_band = counts[2] as f64 * pitch / 2.0;
    let reverse_lanes = counts[1] as f64 * pitch;
    let radius = MIN_BACKBONE_RADIUS.max(CENTRE_RADIUS + tick_room + 8.0 + reverse_lanes + 6.0 + half_band);
    // Inwards from the backbone: tick marks, the reverse lanes, then the tick numbers.
    let reverse_base = radius - half_band - 6.0;
    let numbers_base = if counts[1] > 0 {
        reverse_base - reverse_lanes - 2.0
    } else {
        reverse_base
    };
    let forward_base = radius + half_band + 4.0;
    let lanes_outer = forward_base + counts[0] as f64 * pitch;

    let shapes: Vec<Shape> = spans
        .iter()
        .zip(tracks.iter().zip(&lanes))
        .map(|(&(from, to), (&track, &lane))| {
            let lane = lane as f64;
            let (inner, outer) = match track {
                0 => (forward_base + lane * pitch, forward_base + lane * pitch + thickness),
                1 => {
                    let outer = reverse_base - lane * pitch;
                    (outer - thickness, outer)
                }
                _ => {
                    let inner = radius - half_band + lane * pitch + (pitch - thickness) / 2.0;
                    (inner, inner + thickness)
                }
            };
            let from = angle(from);
            // A whole turn would start and end on one point, which an SVG arc cannot draw.
            Shape::Arc {
                from,
                to: angle(to).min(from + TAU * 0.999),
                inner,
                outer,
            }
        })
        .collect();

    // Labels, per half of the circle.
    let outers: Vec<f64> = shapes
        .iter()
        .map(|shape| match shape {
            Shape::Arc { outer, .. } => *outer,
            Shape::Bar { .. } => 0.0,
        })
        .collect();
    let middles: Vec<f64> = shapes
        .iter()
        .map(|shape| match shape {
            Shape::Arc { from, to, .. } => ((from + to) / 2.0) % TAU,
            Shape::Bar { .. } => 0.0,
        })
        .collect();
    let on_right: Vec<bool> = middles.iter().map(|&middle| middle < PI).collect();
    // Labels stay level with the label circle (within 0.9 of its radius, so every leader can meet
    // it), and the circle grows when one half has more labels than its height holds.
    let most_on_a_side = on_right
        .iter()
        .filter(|&&right| right)
        .count()
        .max(on_right.iter().filter(|&&right| !right).count());
    let stack = most_on_a_side as f64 * (LABEL_HEIGHT + LABEL_GAP);
    let label_radius = (lanes_outer + 18.0).max(stack / (2.0 * LABEL_REACH));
    let reach = label_radius * LABEL_REACH;
    let mut labels: Vec<Option<PlacedLabel>> = vec![None; shapes.len()];
    for right in [true, false] {
        let mut members: Vec<usize> = (0..shapes.len()).filter(|&i| on_right[i] == right).collect();
        let height_of = |i: usize| -label_radius * middles[i].cos();
        members.sort_by(|&a, &b| height_of(a).total_cmp(&height_of(b)));
        let ideal: Vec<f64> = members.iter().map(|&i| height_of(i) - LABEL_HEIGHT / 2.0).collect();
        let mut tops = spread(&ideal, &vec![LABEL_HEIGHT; members.len()], LABEL_GAP);
        // Back within reach: push down from the top, then up from the bottom.
        let mut floor = -reach;
        for top in tops.iter_mut() {
            *top = top.max(floor);
            floor = *top + LABEL_HEIGHT + LABEL_GAP;
        }
        let mut ceiling = reach;
        for top in tops.iter_mut().rev() {
            *top = top.min(ceiling - LABEL_HEIGHT);
            ceiling = *top - LABEL_GAP;
        }
        for (&i, top) in members.iter().zip(tops) {
            let centre = top + LABEL_HEIGHT / 2.0;
            // The box clears the circle when its edge is outside the circle at the box's row
            // nearest the centre line.
            let nearest = if top < 0.0 && top + LABEL_HEIGHT > 0.0 {
                0.0
            } else {
                top.abs().min((top + LABEL_HEIGHT).abs())
            };
            let edge = (label_radius * label_radius - nearest * nearest).sqrt() + 2.0;
            let width = text_width(&texts[i], LABEL_FONT);
            let side = if right { 1.0 } else { -1.0 };
            // Out from the feature, a chord inside the label circle (which no label enters) to
            // the label's row, then along that row (which no other label shares) to the label.
            let meets_circle = (label_radius * label_radius - centre * centre).sqrt();
            labels[i] = Some(PlacedLabel {
                text: texts[i].clone(),
                rect: Rect {
                    x: if right { edge } else { -edge - width },
                    y: top,
                    width,
                    height: LABEL_HEIGHT,
                },
                leader: vec![
                    polar(outers[i] + 1.0, middles[i]),
                    polar(lanes_outer + 9.0, middles[i]),
                    (side * meets_circle, centre),
                    (side * (edge - 1.0), centre),
                ],
            });
        }
    }

    let ticks = tick_list
        .into_iter()
        .map(|(position, text)| {
            let theta = angle(position);
            let base = radius - half_band;
            // How far the horizontal number reaches towards the backbone from its middle.
            let inwards = theta.sin().abs() * text_width(&text, TICK_FONT) / 2.0 + theta.cos().abs() * TICK_FONT / 2.0;
            let (x, y) = polar(numbers_base - 2.0 - inwards, theta);
            Tick {
                mark: [polar(base, theta), polar(base - 4.0, theta)],
                text,
                at: (x, y + TICK_FONT * 0.35),
            }
        })
        .collect();

    let hits = spec
        .hits
        .iter()
        .map(|hit| {
            let (from, to) = to_span(hit.start, hit.end);
            let from = angle(from);
            Shape::Arc {
                from,
                to: angle(to).min(from + TAU * 0.999),
                inner: radius - half_band - 3.5,
                outer: radius + half_band + 3.5,
            }
        })
        .collect();

    let features = place(shapes, tracks, lanes, labels);
    let circle = Rect {
        x: -label_radius,
        y: -label_radius,
        width: 2.0 * label_radius,
        height: 2.0 * label_radius,
    };
    Layout {
        radius,
        view: view(circle, &features),
        features,
        hits,
        ticks,
    }
}

fn linear_layout(spec: &MapSpec<'_>, length: i64, tracks: &[usize], texts: Vec<String>) -> Layout {
    let bases = length as f64;
    let scale = RULER_WIDTH / bases;
    let to_span = |start, end| widen(span(start, end, length, false), MIN_BAR / scale, bases, false);
    let spans: Vec<(f64, f64)> = spec.features.iter().map(|f| to_span(f.start, f.end)).collect();
    let (lanes, counts) = lanes_by_track(&spans, tracks, bases, false);
    let pitch = lane_pitch(counts);
    let thickness = pitch * 0.7;
    let half_band = counts[2] as f64 * pitch / 2.0;
    let forward_base = half_band + 4.0;
    let top_edge = -(forward_base + counts[0] as f64 * pitch);
    let reverse_base = half_band + 22.0;
    let bottom_edge = reverse_base + counts[1] as f64 * pitch;

    let shapes: Vec<Shape> = spans
        .iter()
        .zip(tracks.iter().zip(&lanes))
        .map(|(&(from, to), (&track, &lane))| {
            let lane = lane as f64;
            let (top, bottom) = match track {
                0 => {
                    let bottom = -(forward_base + lane * pitch);
                    (bottom - thickness, bottom)
                }
                1 => (reverse_base + lane * pitch, reverse_base + lane * pitch + thickness),
                _ => {
                    let top = -half_band + lane * pitch + (pitch - thickness) / 2.0;
                    (top, top + thickness)
                }
            };
            Shape::Bar {
                left: from * scale,
                right: to * scale,
                top,
                bottom,
            }
        })
        .collect();

    // Labels: forward and strandless above, reverse below (see the module doc).
    let mut labels: Vec<Option<PlacedLabel>> = vec![None; shapes.len()];
    for above in [true, false] {
        let mut members: Vec<(usize, f64, f64)> = (0..shapes.len())
            .filter(|&i| (tracks[i] != 1) == above)
            .map(|i| {
                (
                    i,
                    (spans[i].0 + spans[i].1) / 2.0 * scale,
                    text_width(&texts[i], LABEL_FONT),
                )
            })
            .collect();
        // Right to left, so every label placed so far starts right of this one's leader.
        members.sort_by(|a, b| b.1.total_cmp(&a.1));
        // Per row, where what is taken begins: everything taken (labels, and leaders crossing the
        // row to rows further out) lies right of every later anchor, so that is all there is to know.
        let mut rows: Vec<f64> = Vec::new();
        let mut previous_anchor = f64::INFINITY;
        for (i, middle, width) in members {
            let anchor = middle.min(previous_anchor - LEADER_GAP).min(RULER_WIDTH - width);
            previous_anchor = anchor;
            let row = rows
                .iter()
                .position(|&taken| anchor + width + 6.0 <= taken)
                .unwrap_or(rows.len());
            if row == rows.len() {
                rows.push(f64::INFINITY);
            }
            rows[row] = anchor;
            for taken in &mut rows[..row] {
                *taken = anchor - 1.0;
            }
            let step = row as f64 * (LABEL_HEIGHT + LABEL_GAP);
            // The leader leaves the lanes at the feature's middle and bends to the label's start.
            let (y, leader) = if above {
                let y = top_edge - 8.0 - LABEL_HEIGHT - step;
                let bends = [
                    (middle, top_edge - 1.0),
                    (middle, top_edge - 3.0),
                    (anchor, top_edge - 7.0),
                ];
                (y, [bends.as_slice(), &[(anchor, y + LABEL_HEIGHT)]].concat())
            } else {
                let y = bottom_edge + 8.0 + step;
                let bends = [
                    (middle, bottom_edge + 1.0),
                    (middle, bottom_edge + 3.0),
                    (anchor, bottom_edge + 7.0),
                ];
                (y, [bends.as_slice(), &[(anchor, y)]].concat())
            };
            labels[i] = Some(PlacedLabel {
                text: texts[i].clone(),
                rect: Rect {
                    x: anchor,
                    y,
                    width,
                    height: LABEL_HEIGHT,
                },
                leader,
            });
        }
    }

    let ticks = ticks(length, false)
        .into_iter()
        .map(|(position, text)| {
            let x = position * scale;
            let half = text_width(&text, TICK_FONT) / 2.0;
            Tick {
                mark: [(x, half_band), (x, half_band + 4.0)],
                at: (x.clamp(half, RULER_WIDTH - half), half_band + 14.0),
                text,
            }
        })
        .collect();

    let hits = spec
        .hits
        .iter()
        .map(|hit| {
            let (from, to) = to_span(hit.start, hit.end);
            Shape::Bar {
                left: from * scale,
                right: to * scale,
                top: -half_band - 5.0,
                bottom: half_band + 5.0,
            }
        })
        .collect();

    let features = place(shapes, tracks, lanes, labels);
    let band = Rect {
        x: 0.0,
        y: top_edge,
        width: RULER_WIDTH,
        height: bottom_edge - top_edge,
    };
    Layout {
        radius: 0.0,
        view: view(band, &features),
        features,
        hits,
        ticks,
    }
}

/// Joins each feature's shape, lane and label.
fn place(
    shapes: Vec<Shape>,
    tracks: &[usize],
    lanes: Vec<usize>,
    labels: Vec<Option<PlacedLabel>>,
) -> Vec<PlacedFeature> {
    shapes
        .into_iter()
        .zip(labels)
        .zip(tracks.iter().zip(lanes))
        .map(|((shape, label), (&track, lane))| PlacedFeature {
            track,
            lane,
            shape,
            label: label.expect("every feature is labelled on one side"),
        })
        .collect()
}

/// The viewBox: `extent` and every label, with a margin.
fn view(extent: Rect, features: &[PlacedFeature]) -> Rect {
    features
        .iter()
        .fold(extent, |view, f| view.union(&f.label.rect))
        .grow(10.0)
}

/// SVG path of a feature or hit shape, with an arrow head on the 3' end of a stranded one.
fn shape_path(shape: &Shape, strand: i8) -> String {
    match *shape {
        Shape::Arc { from, to, inner, outer } => {
            let middle = (inner + outer) / 2.0;
            let head = (HEAD / middle).min(to - from);
            let point = |radius: f64, angle: f64| {
                let (x, y) = polar(radius, angle);
                format!("{},{}", num(x), num(y))
            };
            // An arc from `a` to `b` (clockwise when `sweep` is 1) at `radius`.
            let arc = |radius: f64, a: f64, b: f64, sweep: u8| {
                let large = u8::from((b - a).abs() > PI);
                let r = num(radius);
                format!("A{r},{r} 0 {large} {sweep} {}", point(radius, b))
            };
            match strand.signum() {
                1 => {
                    let neck = to - head;
                    format!(
                        "M{} {} L{} L{} {} Z",
                        point(outer, from),
                        arc(outer, from, neck, 1),
                        point(middle, to),
                        point(inner, neck),
                        arc(inner, neck, from, 0)
                    )
                }
                -1 => {
                    let neck = from + head;
                    format!(
                        "M{} L{} {} L{} {} Z",
                        point(middle, from),
                        point(outer, neck),
                        arc(outer, neck, to, 1),
                        point(inner, to),
                        arc(inner, to, neck, 0)
                    )
                }
                _ => format!(
                    "M{} {} L{} {} Z",
                    point(outer, from),
                    arc(outer, from, to, 1),
                    point(inner, to),
                    arc(inner, to, from, 0)
                ),
            }
        }
        Shape::Bar {
            left,
            right,
            top,
            bottom,
        } => {
            let head = HEAD.min(right - left);
            let middle = (top + bottom) / 2.0;
            let (l, r, t, b, m) = (num(left), num(right), num(top), num(bottom), num(middle));
            match strand.signum() {
                1 => {
                    let neck = num(right - head);
                    format!("M{l},{t} L{neck},{t} L{r},{m} L{neck},{b} L{l},{b} Z")
                }
                -1 => {
                    let neck = num(left + head);
                    format!("M{r},{t} L{neck},{t} L{l},{m} L{neck},{b} L{r},{b} Z")
                }
                _ => format!("M{l},{t} L{r},{t} L{r},{b} L{l},{b} Z"),
            }
        }
    }
}

fn points(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Fill, outline and class of a feature kind: light fills with darker outlines, so the dark
/// label text would read on any of them.
fn palette(kind: &str) -> (&'static str, &'static str, &'static str) {
    match kind.to_ascii_lowercase().as_str() {
        "cds" => ("#8db4e8", "#2b5797", "kind-cds"),
        "promoter" => ("#9ad69a", "#2e7d32", "kind-promoter"),
        "terminator" => ("#f29a9a", "#b71c1c", "kind-terminator"),
        "rbs" | "ribosome_entry_site" => ("#cdb0ec", "#6a3d9a", "kind-rbs"),
        "rep_origin" | "origin_of_replication" => ("#f6c879", "#a05a00", "kind-rep-origin"),
        "primer_binding_site" | "primer_bind" => ("#8fd8dd", "#00727a", "kind-primer"),
        _ => ("#cccccc", "#5f5f5f", "kind-other"),
    }
}

fn strand_name(strand: i8) -> &'static str {
    match strand.signum() {
        1 => "forward",
        -1 => "reverse",
        _ => "no strand",
    }
}

fn feature_title(feature: &MapFeature<'_>) -> String {
    format!(
        "{} ({}) {}..{}, {}",
        if feature.label.trim().is_empty() {
            feature.kind
        } else {
            feature.label
        },
        feature.kind,
        feature.start,
        feature.end,
        strand_name(feature.strand)
    )
}

/// Estimated width of `text` at `font_size` (see the module doc).
pub(crate) fn text_width(text: &str, font_size: f64) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH * font_size
}

/// `text` cut to at most `max_chars` characters, the last of them an ellipsis when cut.
pub(crate) fn truncate(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let kept: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// A coordinate with one decimal, without a trailing `.0` or a negative zero.
pub(crate) fn num(value: f64) -> String {
    let text = format!("{value:.1}");
    match text.strip_suffix(".0") {
        Some("-0") => "0".to_string(),
        Some(whole) => whole.to_string(),
        None => text,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::formats::location;

    /// Asserts `markup` is well-formed XML as far as a renderer can get it wrong: tags closed in
    /// order, names plain, attribute values quoted, `&` only in entities, no stray `<` or `>`.
    pub(crate) fn assert_well_formed(markup: &str) {
        fn assert_text(text: &str) {
            assert!(
                !text.contains('<') && !text.contains('>'),
                "stray angle bracket in {text:?}"
            );
            for (at, _) in text.match_indices('&') {
                let entity = &text[at..];
                assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&#"]
                        .iter()
                        .any(|e| entity.starts_with(e)),
                    "bare & in {text:?}"
                );
            }
        }
        let is_name = |name: &str| !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        let mut open: Vec<&str> = Vec::new();
        let mut rest = markup;
        while let Some(start) = rest.find('<') {
            assert_text(&rest[..start]);
            let end = start + rest[start..].find('>').expect("every tag is closed");
            let tag = &rest[start + 1..end];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(open.pop(), Some(name), "closing tag out of order");
            } else {
                let (body, self_closing) = tag.strip_suffix('/').map_or((tag, false), |body| (body, true));
                let name = body.split_whitespace().next().unwrap_or_default();
                assert!(is_name(name), "tag name {name:?}");
                let mut attributes = body[name.len()..].trim_start();
                while !attributes.is_empty() {
                    let (key, after) = attributes.split_once("=\"").expect("attributes are key=\"value\"");
                    assert!(is_name(key), "attribute name {key:?}");
                    let (value, after) = after.split_once('"').expect("attribute value is closed");
                    assert_text(value);
                    attributes = after.trim_start();
                }
                if !self_closing {
                    open.push(name);
                }
            }
            rest = &rest[end + 1..];
        }
        assert_text(rest);
        assert!(open.is_empty(), "unclosed tags {open:?}");
    }

    fn feature<'a>(index: usize, label: &'a str, kind: &'a str, start: i64, end: i64, strand: i8) -> MapFeature<'a> {
        MapFeature {
            index,
            label,
            kind,
            start,
            end,
            strand,
        }
    }

    fn spec<'a>(length: i64, circular: bool, features: Vec<MapFeature<'a>>) -> MapSpec<'a> {
        MapSpec {
            title: "Map of a test part",
            length,
            circular,
            features,
            hits: vec![],
        }
    }

    type FileFeatures = Vec<(String, String, location::Bounds)>;

    /// A GenBank record as the map needs it: label, kind and bounds of every feature but `source`.
    fn record_features(seq: &gb_io::seq::Seq) -> FileFeatures {
        let length = seq.len();
        seq.features
            .iter()
            .filter(|f| f.kind != "source")
            .map(|f| {
                let bounds = location::bounds(&f.location, length, true).expect("location is on the sequence");
                let label = ["label", "gene", "note"]
                    .iter()
                    .find_map(|key| f.qualifiers.iter().find(|(k, _)| k == key).and_then(|(_, v)| v.clone()))
                    .unwrap_or_else(|| f.kind.to_string());
                (label, f.kind.to_string(), bounds)
            })
            .collect()
    }

    /// pUC19 as GenBank has it.
    fn puc19() -> (i64, FileFeatures) {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/genbank/pydna/pUC19_M77789.gb"
        );
        let seq = gb_io::reader::parse_file(path).expect("pUC19 parses").remove(0);
        assert!(seq.is_circular());
        (seq.len(), record_features(&seq))
    }

    /// The whole map check on one record: every feature drawn once, labels apart from each other
    /// and from the features, well-formed SVG.
    fn assert_draws_every_feature(title: &str, length: i64, features: &FileFeatures, circular: bool) {
        let spec = MapSpec {
            title,
            length,
            circular,
            features: features
                .iter()
                .enumerate()
                .map(|(i, (label, kind, b))| feature(i, label, kind, b.start, b.end, b.strand))
                .collect(),
            hits: vec![],
        };
        let svg = render(&spec).into_string();
        assert_well_formed(&svg);
        for i in 0..features.len() {
            assert_eq!(
                svg.matches(&format!(r#"data-feature-index="{i}""#)).count(),
                1,
                "{title}: feature {i}"
            );
        }
        assert_no_label_overlaps(&spec);
        assert_labels_clear_features(&layout(&spec));
    }

    /// Every circular record of the shared data set (`BIOREG_SHARED_DATA`, as `.ci/run` sets it):
    /// the map draws every feature, labels apart. Skipped without the data set.
    #[test]
    fn every_circular_genbank_record_of_the_shared_data_draws_every_feature() {
        let Ok(root) = std::env::var("BIOREG_SHARED_DATA") else {
            eprintln!("BIOREG_SHARED_DATA is not set; skipped");
            return;
        };
        let mut files = vec![std::path::PathBuf::from(root).join("genbank")];
        let (mut records, mut features_drawn) = (0, 0);
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            // Files gb-io cannot read are the GenBank interop's business, not the map's.
            let Ok(parsed) = gb_io::reader::parse_file(&path) else {
                continue;
            };
            for seq in parsed
                .iter()
                .filter(|s| s.is_circular() && s.seq.len() as i64 == s.len())
            {
                if seq
                    .features
                    .iter()
                    .any(|f| location::bounds(&f.location, seq.len(), true).is_err())
                {
                    continue;
                }
                let features = record_features(seq);
                let title = format!("{} ({})", path.display(), seq.name.clone().unwrap_or_default());
                assert_draws_every_feature(&title, seq.len(), &features, true);
                records += 1;
                features_drawn += features.len();
            }
        }
        eprintln!("{records} circular records, {features_drawn} features drawn");
        assert!(records > 0, "no circular GenBank record found under BIOREG_SHARED_DATA");
    }

    fn puc19_spec(features: &[(String, String, location::Bounds)], length: i64) -> MapSpec<'_> {
        MapSpec {
            title: "Map of M77789 pUC19 (2686 bp, circular)",
            length,
            circular: true,
            features: features
                .iter()
                .enumerate()
                .map(|(i, (label, kind, b))| feature(i, label, kind, b.start, b.end, b.strand))
                .collect(),
            hits: vec![MapHit {
                start: 2600,
                end: 40,
                strand: 1,
                label: "hit 1".into(),
            }],
        }
    }

    fn assert_no_label_overlaps(spec: &MapSpec<'_>) {
        let boxes = label_boxes(spec);
        assert_eq!(boxes.len(), spec.features.len());
        for (i, a) in boxes.iter().enumerate() {
            for (j, b) in boxes.iter().enumerate().skip(i + 1) {
                assert!(!a.intersects(b), "labels {i} {a:?} and {j} {b:?} overlap");
            }
        }
    }

    /// No label box touches a feature: on a circle every box lies outside the outermost lane,
    /// on a ruler no box meets a bar.
    fn assert_labels_clear_features(layout: &Layout) {
        let outermost = layout
            .features
            .iter()
            .filter_map(|f| match f.shape {
                Shape::Arc { outer, .. } => Some(outer),
                Shape::Bar { .. } => None,
            })
            .fold(0.0, f64::max);
        for (i, placed) in layout.features.iter().enumerate() {
            let r = placed.label.rect;
            let nearest = (0f64.clamp(r.x, r.x + r.width), 0f64.clamp(r.y, r.y + r.height));
            assert!(
                nearest.0.hypot(nearest.1) >= outermost,
                "label {i} reaches into the lanes"
            );
            for (j, other) in layout.features.iter().enumerate() {
                if let Shape::Bar {
                    left,
                    right,
                    top,
                    bottom,
                } = other.shape
                {
                    let bar = Rect {
                        x: left,
                        y: top,
                        width: right - left,
                        height: bottom - top,
                    };
                    assert!(!r.intersects(&bar), "label {i} covers feature {j}");
                }
            }
        }
    }

    /// No leader runs through another feature's label.
    fn assert_leaders_clear_labels(layout: &Layout) {
        for (i, placed) in layout.features.iter().enumerate() {
            for pair in placed.label.leader.windows(2) {
                for step in 0..=100 {
                    let t = f64::from(step) / 100.0;
                    let (x, y) = (
                        pair[0].0 + t * (pair[1].0 - pair[0].0),
                        pair[0].1 + t * (pair[1].1 - pair[0].1),
                    );
                    let point = Rect {
                        x: x - 0.01,
                        y: y - 0.01,
                        width: 0.02,
                        height: 0.02,
                    };
                    for (j, other) in layout.features.iter().enumerate() {
                        assert!(
                            j == i || !other.label.rect.grow(-0.5).intersects(&point),
                            "leader {i} crosses label {j}"
                        );
                    }
                }
            }
        }
    }

    /// No two features in one lane of one track overlap once drawn.
    fn assert_lanes_disjoint(layout: &Layout) {
        let extent = |shape: &Shape| match *shape {
            Shape::Arc { from, to, .. } => (from, to),
            Shape::Bar { left, right, .. } => (left, right),
        };
        let overlap = |(a0, a1): (f64, f64), (b0, b1): (f64, f64)| a0 < b1 && b0 < a1;
        for (i, a) in layout.features.iter().enumerate() {
            for b in &layout.features[i + 1..] {
                if a.track == b.track && a.lane == b.lane {
                    let (ea, eb) = (extent(&a.shape), extent(&b.shape));
                    let turn = if matches!(a.shape, Shape::Arc { .. }) { TAU } else { 0.0 };
                    let shifted = |(x, y): (f64, f64), by: f64| (x + by, y + by);
                    assert!(
                        !overlap(ea, eb) && !overlap(shifted(ea, turn), eb) && !overlap(ea, shifted(eb, turn)),
                        "{ea:?} and {eb:?} share a lane"
                    );
                }
            }
        }
    }

    #[test]
    fn puc19_draws_every_feature_once_with_separate_labels() {
        let (length, features) = puc19();
        assert_eq!(features.len(), 7);
        let spec = puc19_spec(&features, length);
        let svg = render(&spec).into_string();
        assert_well_formed(&svg);
        assert!(svg.starts_with("<svg ") && svg.contains(r#"class="seqmap""#) && svg.contains(r#"role="img""#));
        assert!(svg.contains(r#">Map of M77789 pUC19 (2686 bp, circular)</title>"#));
        assert!(svg.contains(r#"data-topology="circular""#));
        assert!(svg.contains("2686 bp"));
        for i in 0..features.len() {
            assert_eq!(
                svg.matches(&format!(r#"data-feature-index="{i}""#)).count(),
                1,
                "feature {i}"
            );
        }
        assert_eq!(svg.matches(r#"<g class="feature""#).count(), features.len());
        assert_eq!(svg.matches(r#"class="hit""#).count(), 1);
        assert!(!svg.contains("style="), "the CSP forbids inline styles");
        assert!(!svg.contains("<script"));
        assert!(svg.contains("pBR322 (misc_feature) 685..2686, reverse"));
        assert_no_label_overlaps(&spec);
        let layout = layout(&spec);
        assert_labels_clear_features(&layout);
        assert_leaders_clear_labels(&layout);
        assert_lanes_disjoint(&layout);
    }

    #[test]
    fn a_feature_across_the_origin_is_one_short_arc() {
        let spec = spec(5000, true, vec![feature(0, "across", "CDS", 4900, 100, 1)]);
        let Shape::Arc { from, to, .. } = layout(&spec).features[0].shape else {
            panic!("a circle draws arcs")
        };
        let bases = (to - from) / TAU * 5000.0;
        assert!((bases - 201.0).abs() < 0.5, "the arc spans {bases} bp");
        assert!((from / TAU * 5000.0 - 4899.0).abs() < 0.5);
        let svg = render(&spec).into_string();
        assert_eq!(svg.matches("<path class=\"feature-shape").count(), 1);
        // The short way round: neither outline arc is drawn with the large-arc flag.
        let shape = svg.split("class=\"feature-shape").nth(1).unwrap_or_default();
        let path = shape
            .split(" d=\"")
            .nth(1)
            .and_then(|d| d.split('"').next())
            .unwrap_or_default();
        assert_eq!(
            path.matches(" 0 0 1 ").count() + path.matches(" 0 0 0 ").count(),
            2,
            "{path}"
        );
    }

    #[test]
    fn a_hit_across_the_origin_is_one_arc() {
        let mut spec = spec(5000, true, vec![]);
        spec.hits.push(MapHit {
            start: 4990,
            end: 10,
            strand: -1,
            label: "GAATTC".into(),
        });
        let Shape::Arc { from, to, .. } = layout(&spec).hits[0] else {
            panic!("a circle draws arcs")
        };
        assert!(((to - from) / TAU * 5000.0 - 21.0).abs() < 0.5);
        assert_eq!(render(&spec).into_string().matches(r#"class="hit""#).count(), 1);
    }

    #[test]
    fn a_one_base_feature_is_still_drawn() {
        for circular in [true, false] {
            let spec = spec(5000, circular, vec![feature(0, "snp", "SNV", 2500, 2500, 0)]);
            let layout = layout(&spec);
            match layout.features[0].shape {
                Shape::Arc { from, to, inner, outer } => {
                    assert!(to - from >= MIN_ARC * 0.999 && outer > inner);
                    assert!(
                        layout.radius > inner && layout.radius < outer,
                        "strandless sits on the backbone"
                    );
                }
                Shape::Bar {
                    left,
                    right,
                    top,
                    bottom,
                } => {
                    assert!(right - left >= MIN_BAR * 0.999 && bottom > top);
                    assert!(top < 0.0 && bottom > 0.0, "strandless sits on the backbone");
                }
            }
            assert!(render(&spec).into_string().contains(r#"data-feature-index="0""#));
        }
    }

    #[test]
    fn overlapping_features_get_distinct_lanes_on_their_strand_side() {
        let labels: Vec<String> = (0..40).map(|i| format!("gene{i}")).collect();
        for circular in [true, false] {
            let mut features: Vec<MapFeature<'_>> = labels
                .iter()
                .enumerate()
                .map(|(i, label)| feature(i, label, "CDS", 1000 + 10 * i as i64, 3000 + 10 * i as i64, -1))
                .collect();
            features.push(feature(40, "fwd", "promoter", 100, 400, 1));
            features.push(feature(41, "fwd2", "promoter", 300, 600, 1));
            let spec = spec(5000, circular, features);
            let layout = layout(&spec);
            let mut lanes: Vec<usize> = layout.features[..40].iter().map(|f| f.lane).collect();
            lanes.sort_unstable();
            lanes.dedup();
            assert_eq!(lanes.len(), 40);
            assert_ne!(layout.features[40].lane, layout.features[41].lane);
            assert_lanes_disjoint(&layout);
            assert_no_label_overlaps(&spec);
            assert_labels_clear_features(&layout);
            assert_leaders_clear_labels(&layout);
            for placed in &layout.features {
                match (placed.shape, placed.track) {
                    (Shape::Arc { inner, .. }, 0) => assert!(inner > layout.radius, "forward outside"),
                    (Shape::Arc { outer, .. }, 1) => assert!(outer < layout.radius, "reverse inside"),
                    (Shape::Bar { bottom, .. }, 0) => assert!(bottom < 0.0, "forward above"),
                    (Shape::Bar { top, .. }, 1) => assert!(top > 0.0, "reverse below"),
                    _ => unreachable!("no strandless features here"),
                }
            }
        }
    }

    #[test]
    fn lanes_respect_the_origin() {
        // 4900..100 crosses the origin; 50..60 overlaps its tail, 200..300 fits beside it.
        let spans = [(4899.0, 5100.0), (49.0, 60.0), (199.0, 300.0), (4950.0, 4990.0)];
        assert_eq!(assign_lanes(&spans, 5000.0, true), vec![0, 1, 0, 1]);
        // Interval scheduling uses as many lanes as the greatest overlap; touching spans share one.
        let spans = [(0.0, 10.0), (5.0, 15.0), (12.0, 20.0), (16.0, 30.0), (20.0, 25.0)];
        assert_eq!(assign_lanes(&spans, 100.0, false), vec![0, 1, 0, 1, 0]);
    }

    /// 80 features of 10 bp, 2 bp apart, on a 1000 bp linear part.
    fn packed_linear(labels: &[String]) -> MapSpec<'_> {
        let features = labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let start = 1 + 12 * i as i64;
                feature(
                    i,
                    label,
                    "primer_binding_site",
                    start,
                    start + 9,
                    if i % 3 == 0 { -1 } else { 1 },
                )
            })
            .collect();
        spec(1000, false, features)
    }

    /// 60 features of 3 bp, all in the first 200 bp of a 3000 bp circular part.
    fn crowded_circular(labels: &[String]) -> MapSpec<'_> {
        let features = labels
            .iter()
            .enumerate()
            .map(|(i, label)| feature(i, label, "misc_feature", 10 + 3 * i as i64, 12 + 3 * i as i64, 1))
            .collect();
        spec(3000, true, features)
    }

    #[test]
    fn tightly_packed_linear_labels_do_not_overlap() {
        let labels: Vec<String> = (0..80).map(|i| format!("binding site {i}")).collect();
        let spec = packed_linear(&labels);
        assert_no_label_overlaps(&spec);
        let layout = layout(&spec);
        assert_labels_clear_features(&layout);
        assert_leaders_clear_labels(&layout);
        assert_lanes_disjoint(&layout);
        assert_well_formed(&render(&spec).into_string());
    }

    #[test]
    fn crowded_circular_labels_spread_without_overlap() {
        let labels: Vec<String> = (0..60).map(|i| format!("site {i}")).collect();
        let spec = crowded_circular(&labels);
        assert_no_label_overlaps(&spec);
        assert_labels_clear_features(&layout(&spec));
        assert_leaders_clear_labels(&layout(&spec));
    }

    #[test]
    fn text_is_escaped_and_long_labels_are_cut() {
        let long = "a very long feature name that will not fit";
        let mut spec = spec(
            1000,
            true,
            vec![
                feature(0, r#"<&>""#, "CDS", 10, 90, 1),
                feature(1, long, "promoter", 100, 200, -1),
            ],
        );
        spec.title = "Map of <script>&";
        let svg = render(&spec).into_string();
        assert_well_formed(&svg);
        assert!(svg.contains("&lt;&amp;&gt;&quot;"));
        assert!(!svg.contains(r#"<&>""#) && !svg.contains("<script>"));
        assert!(svg.contains("Map of &lt;script&gt;&amp;"));
        assert!(
            svg.contains(&format!("{long} (promoter) 100..200, reverse")),
            "the title keeps the full name"
        );
        assert!(svg.contains(">a very long feature nam…<"));
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcd", 3), "ab…");
    }

    #[test]
    fn spread_moves_crowded_items_apart_least() {
        assert_eq!(spread(&[0.0, 20.0], &[10.0, 10.0], 0.0), vec![0.0, 20.0]);
        assert_eq!(spread(&[0.0, 0.0], &[10.0, 10.0], 0.0), vec![-5.0, 5.0]);
        assert_eq!(
            spread(&[0.0, 0.0, 30.0], &[10.0, 10.0, 10.0], 2.0),
            vec![-6.0, 6.0, 30.0]
        );
    }

    /// The annotation pUC19 usually carries, for looking at the drawing.
    fn annotated_puc19() -> MapSpec<'static> {
        MapSpec {
            title: "Map of pUC19, annotated (2686 bp, circular)",
            length: 2686,
            circular: true,
            features: vec![
                feature(0, "lacZα", "CDS", 146, 469, -1),
                feature(1, "lac promoter", "promoter", 514, 544, -1),
                feature(2, "CAP binding site", "protein_binding_site", 559, 580, 1),
                feature(3, "lac operator", "operator", 489, 505, -1),
                feature(4, "MCS", "engineered_region", 396, 454, 0),
                feature(5, "M13 fwd", "primer_binding_site", 434, 450, -1),
                feature(6, "M13 rev", "primer_binding_site", 205, 221, 1),
                feature(7, "ori", "rep_origin", 867, 1455, -1),
                feature(8, "AmpR", "CDS", 1626, 2486, -1),
                feature(9, "AmpR promoter", "promoter", 2487, 2591, -1),
                feature(10, "bla terminator region across the origin", "terminator", 2650, 30, 1),
                feature(11, "EcoRI", "restriction_site", 396, 396, 0),
                feature(12, "HindIII", "restriction_site", 447, 447, 0),
            ],
            hits: vec![MapHit {
                start: 2676,
                end: 12,
                strand: 1,
                label: "search hit".into(),
            }],
        }
    }

    /// Writes sample SVGs for a person to look at:
    /// `cargo test --lib pages::map -- --ignored` (into `$BIOREG_SAMPLES_DIR`, default
    /// `/tmp/web-map-samples`).
    #[test]
    #[ignore]
    fn write_samples() {
        let dir = std::env::var("BIOREG_SAMPLES_DIR").unwrap_or_else(|_| "/tmp/web-map-samples".into());
        std::fs::create_dir_all(&dir).expect("sample folder");
        let (length, features) = puc19();
        let write = |name: &str, spec: &MapSpec<'_>| {
            std::fs::write(format!("{dir}/{name}.svg"), render(spec).into_string()).expect("sample written");
        };
        write("puc19", &puc19_spec(&features, length));
        write("puc19-annotated", &annotated_puc19());
        let mut linear = annotated_puc19();
        linear.circular = false;
        linear.title = "Map of pUC19 drawn linear";
        linear.features.retain(|f| f.start <= f.end);
        linear.hits.clear();
        write("puc19-linear", &linear);
        let labels: Vec<String> = (0..80).map(|i| format!("binding site {i}")).collect();
        write("packed-linear", &packed_linear(&labels));
        write("crowded-circular", &crowded_circular(&labels[..60]));
    }
}
