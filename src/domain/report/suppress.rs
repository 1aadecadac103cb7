//! Small-number suppression: what makes a table safe to publish.
//!
//! A count from 1 to the threshold less one is shown as `<5` (primary suppression), a
//! true zero stays 0, and the rest may be rounded to the nearest 5. Totals are worked
//! out from the exact figures and are themselves counts under the same rule. Then,
//! because a reader can subtract, further cells are withheld (`*`) until no hidden cell
//! can be worked out from what is shown (secondary suppression).
//!
//! Whether a hidden cell can be worked out is exact, not a rule of thumb: a table with
//! its totals is a set of sums, one per row and column whose total is shown. Seen as a
//! graph (a node per such row and column, every row or column without a shown total
//! merged into one free node, an edge per hidden cell), a hidden cell's value is fixed
//! by the sums exactly when its edge is a bridge: on no cycle of hidden cells. So cells
//! are withheld until no hidden cell is a bridge.

use serde::{Deserialize, Serialize};

use super::table::{CountTable, Shown, ShownTable};

/// The publishing rule. The threshold is a setting: some publishers suppress up to 7.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// Counts from 1 to `threshold - 1` are shown as `<threshold`.
    pub threshold: u64,
    /// Counts at or above the threshold are rounded to the nearest multiple of this.
    pub round_to: Option<u64>,
}

impl Default for Rule {
    fn default() -> Rule {
        Rule {
            threshold: 5,
            round_to: None,
        }
    }
}

/// Thresholds a publisher may choose: 2 (1 hidden) to 20.
pub const THRESHOLDS: std::ops::RangeInclusive<u64> = 2..=20;

impl Rule {
    /// The rule in words, printed under every published report.
    pub fn describe(&self) -> String {
        let t = self.threshold;
        let mut s = format!(
            "Published figures: counts from 1 to {} are shown as <{t}; * marks a count \
             withheld so that a <{t} cannot be worked out from the totals; 0 is a true \
             zero; totals are worked out from the exact figures",
            t.saturating_sub(1)
        );
        if let Some(r) = self.round_to {
            s.push_str(&format!(
                "; counts of {t} or more are rounded to the nearest {r}"
            ));
        }
        s.push('.');
        s
    }

    fn show(&self, n: u64) -> Shown {
        match (n, self.round_to) {
            (0, _) => Shown::Count(0),
            (n, _) if n < self.threshold => Shown::Small,
            // Never rounded down below the threshold: that would show a small count.
            (n, Some(r)) if r > 1 => {
                Shown::Count(((n + r / 2) / r * r).max(self.threshold.div_ceil(r) * r))
            }
            (n, _) => Shown::Count(n),
        }
    }
}

/// Exact figures, for an administrator on screen: nothing hidden.
pub fn working(table: &CountTable) -> ShownTable {
    let grid = Grid::of(table);
    let cells = grid
        .values
        .iter()
        .map(|r| r.iter().map(|&n| Shown::Count(n)).collect())
        .collect();
    grid.into_shown(table, cells)
}

/// The table as it may be published under `rule`.
pub fn publish(table: &CountTable, rule: &Rule) -> ShownTable {
    let grid = Grid::of(table);
    let mut hidden: Vec<Vec<Option<Shown>>> = grid
        .values
        .iter()
        .map(|r| {
            r.iter()
                .map(|&n| matches!(rule.show(n), Shown::Small).then_some(Shown::Small))
                .collect()
        })
        .collect();
    while let Some((r, c)) = grid.first_bridge(&hidden) {
        match grid.partner(&hidden, r, c) {
            Some((pr, pc)) => hidden[pr][pc] = Some(Shown::Withheld),
            // Every count that is not zero is hidden already: then no cycle is missing
            // (each hidden cell lies on the cycle through its row's and column's totals).
            None => break,
        }
    }
    let cells = grid
        .values
        .iter()
        .zip(&hidden)
        .map(|(vals, hid)| {
            vals.iter()
                .zip(hid)
                .map(|(&n, h)| h.unwrap_or_else(|| rule.show(n)))
                .collect()
        })
        .collect();
    grid.into_shown(table, cells)
}

/// The table with its totals as one grid: body rows then the total row, body columns
/// then the total column, as far as the table shows them.
struct Grid {
    values: Vec<Vec<u64>>,
    body_rows: usize,
    body_columns: usize,
    /// Rows add up to a shown total (there is a total column).
    row_sums: bool,
    /// Columns add up to a shown total (there is a total row).
    column_sums: bool,
}

impl Grid {
    fn of(t: &CountTable) -> Grid {
        let mut values = t.counts.clone();
        if t.row_totals {
            for (row, sum) in values.iter_mut().zip(t.row_sums()) {
                row.push(sum);
            }
        }
        if t.column_totals {
            let mut foot = t.column_sums();
            if t.row_totals {
                foot.push(foot.iter().sum());
            }
            values.push(foot);
        }
        Grid {
            values,
            body_rows: t.rows.len(),
            body_columns: t.columns.len(),
            row_sums: t.row_totals,
            column_sums: t.column_totals,
        }
    }

    fn height(&self) -> usize {
        self.values.len()
    }

    fn width(&self) -> usize {
        self.body_columns + usize::from(self.row_sums)
    }

    /// The node a row's sum is, or the free node when its total is not shown.
    fn row_node(&self, r: usize) -> usize {
        if self.row_sums { r } else { self.free() }
    }

    fn column_node(&self, c: usize) -> usize {
        if self.column_sums {
            self.height() + c
        } else {
            self.free()
        }
    }

    fn free(&self) -> usize {
        self.height() + self.width()
    }

    /// The hidden cells as edges between their row's and column's nodes.
    fn edges(&self, hidden: &[Vec<Option<Shown>>]) -> Vec<(usize, usize, (usize, usize))> {
        let mut edges = Vec::new();
        for (r, row) in hidden.iter().enumerate() {
            for (c, h) in row.iter().enumerate() {
                if h.is_some() {
                    edges.push((self.row_node(r), self.column_node(c), (r, c)));
                }
            }
        }
        edges
    }

    /// A hidden cell that the shown sums still fix, if any.
    fn first_bridge(&self, hidden: &[Vec<Option<Shown>>]) -> Option<(usize, usize)> {
        let edges = self.edges(hidden);
        let nodes = self.free() + 1;
        bridges(nodes, &edges).into_iter().next()
    }

    /// The cell to withhold beside hidden cell `(r, c)`: a shown count that is not
    /// zero, in its row or column, that puts it on a cycle if one does; body cells
    /// before totals, smaller counts first. Anywhere in the table as a last resort.
    fn partner(&self, hidden: &[Vec<Option<Shown>>], r: usize, c: usize) -> Option<(usize, usize)> {
        let shown_nonzero =
            |&(i, j): &(usize, usize)| hidden[i][j].is_none() && self.values[i][j] > 0;
        let rank = |&(i, j): &(usize, usize)| {
            let total = i >= self.body_rows || j >= self.body_columns;
            (total, self.values[i][j], i, j)
        };
        let mut near: Vec<(usize, usize)> = (0..self.width())
            .map(|j| (r, j))
            .chain((0..self.height()).map(|i| (i, c)))
            .filter(shown_nonzero)
            .collect();
        near.sort_by_key(rank);
        let fixes = |&(i, j): &(usize, usize)| {
            let mut trial = hidden.to_vec();
            trial[i][j] = Some(Shown::Withheld);
            let edges = self.edges(&trial);
            !bridges(self.free() + 1, &edges).contains(&(r, c))
        };
        if let Some(best) = near.iter().find(|p| fixes(p)).or(near.first()) {
            return Some(*best);
        }
        let mut anywhere: Vec<(usize, usize)> = (0..self.height())
            .flat_map(|i| (0..self.width()).map(move |j| (i, j)))
            .filter(shown_nonzero)
            .collect();
        anywhere.sort_by_key(rank);
        anywhere.first().copied()
    }

    fn into_shown(self, t: &CountTable, mut cells: Vec<Vec<Shown>>) -> ShownTable {
        let column_totals = self.column_sums.then(|| cells.pop().unwrap_or_default());
        let row_totals = self.row_sums.then(|| {
            cells
                .iter_mut()
                .map(|r| r.pop().unwrap_or(Shown::Count(0)))
                .collect()
        });
        ShownTable {
            title: t.title.clone(),
            row_heading: t.row_heading.clone(),
            rows: t.rows.clone(),
            columns: t.columns.clone(),
            cells,
            row_totals,
            column_totals,
            note: t.note.clone(),
        }
    }
}

/// The edges (by their cell) that are bridges of the multigraph: Tarjan's low-link,
/// with parallel edges told apart by index so a doubled edge is never a bridge.
fn bridges<T: Copy>(nodes: usize, edges: &[(usize, usize, T)]) -> Vec<T> {
    let mut adjacent: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nodes];
    for (k, &(a, b, _)) in edges.iter().enumerate() {
        adjacent[a].push((b, k));
        adjacent[b].push((a, k));
    }
    let mut order = vec![usize::MAX; nodes];
    let mut low = vec![0; nodes];
    let mut found = Vec::new();
    let mut counter = 0;
    for start in 0..nodes {
        if order[start] != usize::MAX {
            continue;
        }
        // An explicit stack of (node, edge it was reached by, next neighbour to visit).
        let mut stack = vec![(start, usize::MAX, 0usize)];
        order[start] = counter;
        low[start] = counter;
        counter += 1;
        while let Some(top) = stack.last_mut() {
            let (v, via, next) = *top;
            top.2 += 1;
            if let Some(&(w, k)) = adjacent[v].get(next) {
                if k == via {
                    continue;
                }
                if order[w] == usize::MAX {
                    order[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push((w, k, 0));
                } else {
                    low[v] = low[v].min(order[w]);
                }
            } else {
                stack.pop();
                if let Some(&(parent, _, _)) = stack.last() {
                    low[parent] = low[parent].min(low[v]);
                    if low[v] > order[parent] {
                        found.push(edges[via].2);
                    }
                }
            }
        }
    }
    found
}

#[cfg(test)]
#[path = "suppress_tests.rs"]
mod tests;
