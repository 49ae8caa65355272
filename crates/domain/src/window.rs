//! Virtual scrolling: which rows of a long list are in view.
//!
//! Rows have a fixed height and an expanded row adds a detail panel of fixed height, so the
//! offset of any row is arithmetic and a 100,000-row list puts only the rows in view (plus a
//! few either side) into the DOM, with spacers standing in for the rest.

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Layout {
    pub row_height: f64,
    pub detail_height: f64,
    /// The sticky column headers that cover the top of the scroller (none over cards).
    pub header_height: f64,
    /// Rows rendered beyond each edge of the viewport, so fast scrolling shows no gap.
    pub overscan: usize,
}

/// Rows `start..end` are rendered, between spacers of `pad_top` and `pad_bottom` pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    pub pad_top: f64,
    pub pad_bottom: f64,
}

/// The list's two layouts: table rows on a wide screen, cards on a phone. The heights must
/// match style/main.css (`--row`, `--detail`, and the same values inside its
/// `@media (max-width: 700px)` block, whose query is [`CARDS_MEDIA`]).
pub const TABLE: Layout = Layout {
    row_height: 44.0,
    detail_height: 112.0,
    header_height: 40.0,
    overscan: 8,
};

/// One card per customer: company, domain, relationship and reseller on their own lines; the
/// details stack the ID, its copy button and the quick links as 44 px touch targets.
pub const CARDS: Layout = Layout {
    row_height: 120.0,
    detail_height: 236.0,
    header_height: 0.0,
    overscan: 4,
};

/// The media query under which the list shows cards (= style/main.css).
pub const CARDS_MEDIA: &str = "(max-width: 700px)";

impl Layout {
    /// The layout for a screen where [`CARDS_MEDIA`] matches or not.
    pub fn for_cards(cards: bool) -> Layout {
        if cards {
            CARDS
        } else {
            TABLE
        }
    }

    /// The top of row `i`; `expanded` holds the positions of expanded rows, ascending.
    pub fn offset(&self, i: usize, expanded: &[usize]) -> f64 {
        let details_above = expanded.partition_point(|&e| e < i);
        i as f64 * self.row_height + details_above as f64 * self.detail_height
    }

    /// The rows to render for a viewport of `height` pixels scrolled to `scroll_top`.
    pub fn window(&self, total: usize, expanded: &[usize], scroll_top: f64, height: f64) -> Window {
        let full = self.offset(total, expanded);
        let top = scroll_top.clamp(0.0, full);
        // The first row whose bottom edge is below the top of the viewport.
        let first = self.first_row_ending_after(total, expanded, top);
        let last = self.first_row_ending_after(total, expanded, top + height.max(0.0));
        let start = first.saturating_sub(self.overscan);
        let end = (last + 1 + self.overscan).min(total);
        Window {
            start,
            end,
            pad_top: self.offset(start, expanded),
            pad_bottom: full - self.offset(end, expanded),
        }
    }

    fn first_row_ending_after(&self, total: usize, expanded: &[usize], y: f64) -> usize {
        let (mut lo, mut hi) = (0, total);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.offset(mid + 1, expanded) <= y {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: Layout = Layout {
        row_height: 40.0,
        detail_height: 100.0,
        header_height: 40.0,
        overscan: 2,
    };

    #[test]
    fn top_of_a_long_list_renders_a_screenful_plus_overscan() {
        let w = L.window(100_000, &[], 0.0, 400.0);
        assert_eq!((w.start, w.end), (0, 13));
        assert_eq!(w.pad_top, 0.0);
        assert_eq!(w.pad_bottom, (100_000 - 13) as f64 * 40.0);
    }

    #[test]
    fn scrolled_window_starts_at_the_row_in_view() {
        let w = L.window(100_000, &[], 4000.0, 400.0);
        assert_eq!((w.start, w.end), (98, 113));
        assert_eq!(w.pad_top, 98.0 * 40.0);
    }

    #[test]
    fn expanded_rows_above_push_the_window_down() {
        // Row 0 and 5 expanded: rows 6.. start 200 px lower.
        let w = L.window(1000, &[0, 5], 440.0, 40.0);
        assert_eq!(w.start, 6 - 2);
        assert_eq!(w.pad_top, 4.0 * 40.0 + 100.0);
    }

    #[test]
    fn spacers_and_rows_add_up_to_the_full_height() {
        let expanded = [3, 50, 51, 999];
        for top in [0.0, 123.0, 2000.0, 39_000.0, 1e9] {
            let w = L.window(1000, &expanded, top, 600.0);
            let rendered = L.offset(w.end, &expanded) - L.offset(w.start, &expanded);
            assert_eq!(
                w.pad_top + rendered + w.pad_bottom,
                L.offset(1000, &expanded)
            );
            assert!(w.end - w.start <= 600 / 40 + 2 + 2 * 2);
        }
    }

    #[test]
    fn cards_render_fewer_rows_for_the_same_viewport_and_still_fill_it() {
        let (table, cards) = (Layout::for_cards(false), Layout::for_cards(true));
        let (t, c) = (
            table.window(10_000, &[], 0.0, 600.0),
            cards.window(10_000, &[], 0.0, 600.0),
        );
        assert!(c.end < t.end);
        // The rows rendered reach past the bottom of the viewport.
        assert!(cards.offset(c.end, &[]) >= 600.0);
        assert_eq!(
            c.pad_bottom,
            cards.offset(10_000, &[]) - cards.offset(c.end, &[])
        );
    }

    #[test]
    fn empty_list_renders_nothing() {
        let w = L.window(0, &[], 0.0, 500.0);
        assert_eq!((w.start, w.end, w.pad_top, w.pad_bottom), (0, 0, 0.0, 0.0));
    }
}
