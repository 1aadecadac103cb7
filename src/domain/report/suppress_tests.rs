//! The publishing rule over random tables: no small count shows, every hidden cell has
//! a hidden partner in each line whose total is shown, and no hidden cell can be
//! worked out from what is shown (checked by linear algebra, independently of the
//! graph the rule itself uses).

use proptest::prelude::*;

use super::*;

fn table(counts: Vec<Vec<u64>>, row_totals: bool, column_totals: bool) -> CountTable {
    let rows = (0..counts.len()).map(|i| format!("row {i}")).collect();
    let columns = (0..counts[0].len()).map(|j| format!("col {j}")).collect();
    let mut t = CountTable::new("t", "r", rows, columns).with_totals(row_totals, column_totals);
    t.counts = counts;
    t
}

/// Exact values and shown cells of the table with its totals, as one grid.
fn grids(t: &CountTable, s: &ShownTable) -> (Vec<Vec<u64>>, Vec<Vec<Shown>>) {
    let mut exact = t.counts.clone();
    let mut shown = s.cells.clone();
    if let Some(rt) = &s.row_totals {
        for (i, sum) in t.row_sums().into_iter().enumerate() {
            exact[i].push(sum);
            shown[i].push(rt[i]);
        }
    }
    if let Some(ct) = &s.column_totals {
        let mut foot = t.column_sums();
        if s.row_totals.is_some() {
            foot.push(foot.iter().sum());
        }
        exact.push(foot);
        shown.push(ct.clone());
    }
    (exact, shown)
}

fn hidden(c: Shown) -> bool {
    !matches!(c, Shown::Count(_))
}

/// The lines whose sums a reader knows, as the grid cells in each: the last cell is
/// the total, the others add up to it.
fn lines(t: &CountTable, h: usize, w: usize) -> Vec<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    if t.row_totals {
        out.extend((0..h).map(|i| (0..w).map(|j| (i, j)).collect()));
    }
    if t.column_totals {
        out.extend((0..w).map(|j| (0..h).map(|i| (i, j)).collect()));
    }
    out
}

fn rank(mut m: Vec<Vec<f64>>) -> usize {
    let cols = m.first().map_or(0, Vec::len);
    let mut r = 0;
    for c in 0..cols {
        let Some(p) = (r..m.len()).find(|&i| m[i][c].abs() > 1e-9) else {
            continue;
        };
        m.swap(r, p);
        for i in 0..m.len() {
            if i != r && m[i][c].abs() > 1e-9 {
                let f = m[i][c] / m[r][c];
                let pivot = m[r].clone();
                for (x, p) in m[i].iter_mut().zip(pivot) {
                    *x -= f * p;
                }
            }
        }
        r += 1;
    }
    r
}

/// Hidden cells whose value the shown sums fix.
fn derivable(t: &CountTable, shown: &[Vec<Shown>]) -> Vec<(usize, usize)> {
    let (h, w) = (shown.len(), shown[0].len());
    let unknown: Vec<(usize, usize)> = (0..h)
        .flat_map(|i| (0..w).map(move |j| (i, j)))
        .filter(|&(i, j)| hidden(shown[i][j]))
        .collect();
    let matrix: Vec<Vec<f64>> = lines(t, h, w)
        .into_iter()
        .map(|line| {
            let total = *line.last().unwrap();
            unknown
                .iter()
                .map(|cell| match (line.contains(cell), *cell == total) {
                    (false, _) => 0.0,
                    (true, true) => -1.0,
                    (true, false) => 1.0,
                })
                .collect()
        })
        .collect();
    if matrix.is_empty() || unknown.is_empty() {
        return Vec::new();
    }
    let full = rank(matrix.clone());
    (0..unknown.len())
        .filter(|&k| {
            let without = matrix
                .iter()
                .map(|r| {
                    r.iter()
                        .enumerate()
                        .filter(|(i, _)| *i != k)
                        .map(|(_, v)| *v)
                        .collect()
                })
                .collect();
            rank(without) + 1 == full
        })
        .map(|k| unknown[k])
        .collect()
}

fn counts() -> impl Strategy<Value = Vec<Vec<u64>>> {
    let cell = prop_oneof![3 => Just(0u64), 3 => 1..5u64, 2 => 5..12u64, 2 => 12..60u64];
    (1..6usize, 1..5usize).prop_flat_map(move |(h, w)| {
        prop::collection::vec(prop::collection::vec(cell.clone(), w), h)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn published_tables_are_safe(
        counts in counts(),
        row_totals in any::<bool>(),
        column_totals in any::<bool>(),
        threshold in 2..9u64,
        round in any::<bool>(),
    ) {
        let t = table(counts, row_totals, column_totals);
        let rule = Rule { threshold, round_to: round.then_some(5) };
        let s = publish(&t, &rule);
        let (exact, shown) = grids(&t, &s);
        for (i, row) in shown.iter().enumerate() {
            for (j, cell) in row.iter().enumerate() {
                let n = exact[i][j];
                match *cell {
                    Shown::Count(v) => {
                        prop_assert!(v == 0 || v >= threshold, "{v} shown at {i},{j}");
                        prop_assert_eq!(v == 0, n == 0, "zero kept true at {},{}", i, j);
                        if !round { prop_assert_eq!(v, n); }
                    }
                    Shown::Small => prop_assert!(n >= 1 && n < threshold),
                    Shown::Withheld => prop_assert!(n > 0, "a zero withheld at {},{}", i, j),
                }
                prop_assert!(n == 0 || n >= threshold || *cell == Shown::Small);
            }
        }
        for line in lines(&t, shown.len(), shown[0].len()) {
            let hid = line.iter().filter(|&&(i, j)| hidden(shown[i][j])).count();
            prop_assert!(hid != 1, "a line with one hidden cell: {:?}", line);
        }
        let found = derivable(&t, &shown);
        prop_assert!(found.is_empty(), "derivable: {:?} in {:?}", found, shown);
    }
}

#[test]
fn a_lone_small_count_gets_a_partner_in_its_row_and_column() {
    let t = table(vec![vec![3, 10, 12], vec![20, 30, 40]], true, true);
    let s = publish(&t, &Rule::default());
    assert_eq!(s.cells[0][0], Shown::Small);
    let hidden_in_row0 = s.cells[0].iter().filter(|c| hidden(**c)).count();
    let hidden_in_col0 = s.cells.iter().filter(|r| hidden(r[0])).count();
    assert!(hidden_in_row0 >= 2 && hidden_in_col0 >= 2, "{s:?}");
    // Totals from exact figures.
    assert_eq!(s.column_totals.as_ref().unwrap()[3], Shown::Count(115));
}

#[test]
fn nothing_to_hide_hides_nothing_and_working_figures_are_exact() {
    let t = table(vec![vec![0, 10], vec![20, 0]], true, true);
    let s = publish(&t, &Rule::default());
    assert!(s.cells.iter().flatten().all(|c| !hidden(*c)));
    let w = working(&table(vec![vec![1, 2]], true, false));
    assert_eq!(w.cells[0], vec![Shown::Count(1), Shown::Count(2)]);
    assert_eq!(w.row_totals, Some(vec![Shown::Count(3)]));
}

#[test]
fn rounding_never_shows_a_small_count() {
    let rule = Rule {
        threshold: 7,
        round_to: Some(5),
    };
    assert_eq!(rule.show(7), Shown::Count(10));
    assert_eq!(rule.show(12), Shown::Count(10));
    assert_eq!(rule.show(13), Shown::Count(15));
    assert_eq!(rule.show(6), Shown::Small);
    assert!(rule.describe().contains("1 to 6 are shown as <7"));
}
