//! Owns the sequence panel of a part page: residues in numbered lines of 60, with the bases that
//! features cover (and a search hit) highlighted.
//!
//! Coverage is one flag byte per shown base, marked feature by feature, then the line is cut into
//! runs of equal flags: O(n + Σ feature lengths) time and O(n) memory for n shown bases. At most
//! [`SHOWN`] bases are drawn; longer sequences are cut with a note (the downloads hold the rest).

use maud::{html, Markup};

/// Bases per line.
const LINE: usize = 60;
/// Bases drawn at most.
pub const SHOWN: usize = 30_000;

const FEATURE: u8 = 1;
const HIT: u8 = 2;

/// A covered interval, 1-based inclusive; `start > end` crosses the origin of a circular part.
#[derive(Debug, Clone, Copy)]
pub struct Span {
    pub start: i64,
    pub end: i64,
}

fn mark(flags: &mut [u8], length: usize, span: Span, flag: u8) {
    let (start, end) = (span.start.max(1) as usize, span.end.max(1) as usize);
    let mut fill = |from: usize, to: usize| {
        for slot in flags.iter_mut().take(to.min(length)).skip(from - 1) {
            *slot |= flag;
        }
    };
    if start <= end {
        fill(start, end);
    } else {
        fill(start, length);
        fill(1, end);
    }
}

/// The sequence in lines, features and hits highlighted.
/// `label` names the scrollable region for assistive technology (it is keyboard-focusable).
pub fn render(sequence: &str, features: &[Span], hits: &[Span], too_long_note: &str, label: &str) -> Markup {
    let bases = sequence.as_bytes();
    let length = bases.len();
    let shown = length.min(SHOWN);
    let mut flags = vec![0u8; shown];
    for span in features {
        mark(&mut flags, shown, *span, FEATURE);
    }
    for span in hits {
        mark(&mut flags, shown, *span, HIT);
    }
    html! {
        @if shown < length { p.muted { (too_long_note) } }
        pre.sequence data-length=(length) tabindex="0" role="region" aria-label=(label) {
            @for (line, chunk) in bases[..shown].chunks(LINE).enumerate() {
                @let offset = line * LINE;
                span.pos aria-hidden="true" { (format!("{:>8} ", offset + 1)) }
                @for run in runs(&flags[offset..offset + chunk.len()]) {
                    @let text = String::from_utf8_lossy(&chunk[run.0..run.1]);
                    @match run.2 {
                        0 => (text),
                        FEATURE => span.cov { (text) },
                        _ => mark.hit { (text) },
                    }
                }
                "\n"
            }
        }
    }
}

/// Runs of equal flags: (from, to, flags), `to` exclusive.
fn runs(flags: &[u8]) -> Vec<(usize, usize, u8)> {
    let mut out: Vec<(usize, usize, u8)> = Vec::new();
    for (i, &flag) in flags.iter().enumerate() {
        match out.last_mut() {
            Some(last) if last.2 == flag => last.1 = i + 1,
            _ => out.push((i, i + 1, flag)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_crossing_features_cover_both_ends() {
        let html = render("AACCGGTTAA", &[Span { start: 9, end: 2 }], &[], "", "s").into_string();
        assert!(
            html.contains(r#"<span class="cov">AA</span>CCGGTT<span class="cov">AA</span>"#),
            "{html}"
        );
    }

    #[test]
    fn hits_win_over_features_and_lines_are_numbered() {
        let sequence = "ACGT".repeat(40);
        let html = render(
            &sequence,
            &[Span { start: 1, end: 70 }],
            &[Span { start: 61, end: 64 }],
            "",
            "s",
        )
        .into_string();
        assert!(html.contains("      61 "), "{html}");
        assert!(html.contains(r#"<mark class="hit">ACGT</mark>"#), "{html}");
        assert_eq!(html.matches('\n').count(), 3);
    }

    #[test]
    fn long_sequences_are_cut_with_a_note() {
        let sequence = "A".repeat(SHOWN + 5);
        let html = render(&sequence, &[], &[], "cut", "s").into_string();
        assert!(html.contains("cut"));
        assert!(html.contains(&format!(r#"data-length="{}""#, SHOWN + 5)));
    }
}
