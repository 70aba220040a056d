//! A round's counted sheets, grouped by entry and numbered by judge, once per computation:
//! every later step walks plain slices and indices instead of looking names up.

use std::cell::OnceCell;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::error::DomainError;
use crate::rubric::Rubric;
use crate::sheet::ScoreSheet;

/// A hash map with a fast, non-cryptographic hasher: its keys are the round's own entry codes
/// and judge names, and no result depends on its iteration order.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// The round's entries numbered in code order: the codes, and a map from code to number that is
/// built only when a code has to be looked up (sheets out of entry order, committee decisions).
#[derive(Debug)]
pub(crate) struct EntryIndex<'a> {
    codes: Vec<&'a str>,
    numbers: OnceCell<HashMap<&'a str, usize>>,
}

impl<'a> EntryIndex<'a> {
    /// `codes` are unique and in order.
    pub(crate) fn new(codes: Vec<&'a str>) -> EntryIndex<'a> {
        EntryIndex {
            codes,
            numbers: OnceCell::new(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.codes.len()
    }

    /// Entry `i`'s code.
    pub(crate) fn code(&self, i: usize) -> Option<&'a str> {
        self.codes.get(i).copied()
    }

    /// The number of the entry with this code.
    pub(crate) fn get(&self, code: &str) -> Option<usize> {
        self.numbers
            .get_or_init(|| {
                self.codes
                    .iter()
                    .enumerate()
                    .map(|(i, &c)| (c, i))
                    .collect()
            })
            .get(code)
            .copied()
    }
}

/// One counted sheet: its judge's number, the sheet, and its scores (kept beside the number, so
/// that the steps reading every sheet's scores need not first read the sheet).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Counted<'a> {
    pub judge: usize,
    pub sheet: &'a ScoreSheet,
    pub scores: &'a [Option<Decimal>],
}

/// §2: the submitted sheets of a round by entry (entries in code order), each entry's ordered by
/// judge; judges are numbered in name order.
#[derive(Debug)]
pub(crate) struct Grouped<'a> {
    pub judges: Vec<Arc<str>>,
    starts: Vec<usize>,
    sheets: Vec<Counted<'a>>,
}

impl<'a> Grouped<'a> {
    /// Groups the counted `sheets`; `index` numbers the round's entries. A sheet of another
    /// rubric, for an unknown entry, or a second sheet of one judge for one entry is refused.
    pub(crate) fn group(
        rubric: &Rubric,
        index: &EntryIndex,
        sheets: &'a [ScoreSheet],
    ) -> Result<Grouped<'a>, DomainError> {
        let mut numbers: HashMap<&str, usize> = HashMap::default();
        let mut names: Vec<&str> = Vec::new();
        let mut rows: Vec<(usize, Counted)> = Vec::with_capacity(sheets.len());
        // A round's sheets usually come entry by entry, in code order: the entry of the sheet
        // before and the entry after it are compared first, which is quicker than looking the
        // code up.
        let mut previous: Option<(&str, usize)> = None;
        for sheet in sheets.iter().filter(|s| s.is_counted()) {
            sheet.check_shape(rubric)?;
            let next = previous.map_or(0, |(_, entry)| entry + 1);
            let entry = match previous {
                Some((code, entry)) if code == sheet.entry() => entry,
                _ if index.code(next) == Some(sheet.entry()) => next,
                _ => index
                    .get(sheet.entry())
                    .ok_or_else(|| DomainError::UnknownEntry {
                        code: sheet.entry().to_owned(),
                    })?,
            };
            previous = Some((sheet.entry(), entry));
            let judge = *numbers.entry(sheet.judge()).or_insert_with(|| {
                names.push(sheet.judge());
                names.len() - 1
            });
            let scores = sheet.scores();
            rows.push((
                entry,
                Counted {
                    judge,
                    sheet,
                    scores,
                },
            ));
        }
        // Renumber judges in name order, so that ordering by number is ordering by name.
        let mut by_name: Vec<usize> = (0..names.len()).collect();
        by_name.sort_unstable_by_key(|&j| names[j]);
        let mut renumbered = vec![0; names.len()];
        for (number, &j) in by_name.iter().enumerate() {
            renumbered[j] = number;
        }
        let judges = by_name.iter().map(|&j| Arc::from(names[j])).collect();
        let (starts, grouped) = buckets(index.len(), rows, |&(entry, ..)| entry);
        let mut sheets: Vec<Counted> = grouped
            .into_iter()
            .map(|(_, counted)| Counted {
                judge: renumbered[counted.judge],
                ..counted
            })
            .collect();
        for i in 0..index.len() {
            let of_entry = &mut sheets[starts[i]..starts[i + 1]];
            of_entry.sort_unstable_by_key(|c| c.judge);
            if let Some(pair) = of_entry.windows(2).find(|p| p[0].judge == p[1].judge) {
                return Err(DomainError::DuplicateSheet {
                    judge: pair[0].sheet.judge().to_owned(),
                    entry: pair[0].sheet.entry().to_owned(),
                });
            }
        }
        Ok(Grouped {
            judges,
            starts,
            sheets,
        })
    }

    /// The number of entries.
    pub(crate) fn entries(&self) -> usize {
        self.starts.len() - 1
    }

    /// Entry `i`'s counted sheets, ordered by judge.
    pub(crate) fn of_entry(&self, i: usize) -> &[Counted<'a>] {
        &self.sheets[self.starts[i]..self.starts[i + 1]]
    }

    /// Every counted sheet, entry by entry.
    pub(crate) fn all(&self) -> &[Counted<'a>] {
        &self.sheets
    }

    /// `starts[i]..starts[i + 1]` index entry i's sheets in [`Grouped::all`].
    pub(crate) fn range(&self, i: usize) -> std::ops::Range<usize> {
        self.starts[i]..self.starts[i + 1]
    }
}

/// A counting sort of `items` into `keys` buckets by `key` (below `keys`), each bucket keeping
/// the items' order: returns the items bucket after bucket, and `starts`, where bucket `k` is
/// `starts[k]..starts[k + 1]`. Linear, where a comparison sort of 60,000 sheets is not.
pub(crate) fn buckets<T>(
    keys: usize,
    items: Vec<T>,
    key: impl Fn(&T) -> usize,
) -> (Vec<usize>, Vec<T>) {
    let mut starts = vec![0; keys + 1];
    for item in &items {
        starts[key(item) + 1] += 1;
    }
    for k in 0..keys {
        starts[k + 1] += starts[k];
    }
    // Items already in key order (a round's sheets usually come entry by entry) stay as they are.
    if items.windows(2).all(|pair| key(&pair[0]) <= key(&pair[1])) {
        return (starts, items);
    }
    let mut next = starts.clone();
    let mut placed: Vec<Option<T>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for item in items {
        let k = key(&item);
        placed[next[k]] = Some(item);
        next[k] += 1;
    }
    (starts, placed.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::criterion;

    #[test]
    fn sheets_are_grouped_alike_in_entry_order_and_out_of_it() {
        let rubric = Rubric::new(vec![criterion("idea", Decimal::ZERO, Decimal::TEN)]).unwrap();
        let sheet = |judge: &str, entry: &str| {
            ScoreSheet::submitted(&rubric, judge, entry, &[("idea", Decimal::ONE)]).unwrap()
        };
        let index = EntryIndex::new(vec!["A", "B", "C"]);
        let in_order = [
            sheet("j2", "A"),
            sheet("j1", "A"),
            sheet("j1", "B"),
            sheet("j3", "C"),
        ];
        let shuffled = [
            sheet("j3", "C"),
            sheet("j1", "A"),
            sheet("j1", "B"),
            sheet("j2", "A"),
        ];
        let grouping = |sheets| -> Vec<Vec<(String, String)>> {
            let grouped = Grouped::group(&rubric, &index, sheets).unwrap();
            (0..grouped.entries())
                .map(|i| {
                    let of = grouped.of_entry(i).iter();
                    of.map(|c| (c.sheet.judge().to_owned(), c.sheet.entry().to_owned()))
                        .collect()
                })
                .collect()
        };
        let expected = vec![
            vec![("j1".into(), "A".into()), ("j2".into(), "A".into())],
            vec![("j1".into(), "B".into())],
            vec![("j3".into(), "C".into())],
        ];
        assert_eq!(grouping(&in_order), expected);
        assert_eq!(grouping(&shuffled), expected);
        let unknown = [sheet("j1", "A"), sheet("j1", "Z")];
        assert!(matches!(
            Grouped::group(&rubric, &index, &unknown),
            Err(DomainError::UnknownEntry { code }) if code == "Z"
        ));
    }

    #[test]
    fn buckets_keep_each_items_order_whether_or_not_the_items_come_sorted() {
        let sorted = vec![(0, 'a'), (0, 'b'), (2, 'c'), (3, 'd')];
        let shuffled = vec![(3, 'd'), (0, 'a'), (2, 'c'), (0, 'b')];
        for items in [sorted, shuffled] {
            let (starts, placed) = buckets(4, items, |&(k, _)| k);
            assert_eq!(starts, vec![0, 2, 2, 3, 4]);
            assert_eq!(placed, vec![(0, 'a'), (0, 'b'), (2, 'c'), (3, 'd')]);
        }
    }
}
