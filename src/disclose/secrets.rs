//! The withheld strings and ids the leak audit searches for ([`Secrets`]).

use rayon::prelude::*;
use std::collections::BTreeSet;

/// Withheld strings, for the audit. Never rendered.
#[derive(Debug, Default, Clone)]
pub struct Secrets {
    /// Withheld text: searched for anywhere in the output.
    pub strings: BTreeSet<String>,
    /// Ids of withheld records: searched for in file names and as URL or attribute values.
    pub ids: BTreeSet<String>,
}

impl Secrets {
    /// Forget withheld strings that also stand in public text: the same words are published
    /// for another reason, so finding them in the output proves nothing.
    pub fn prune(&mut self, public: &[String]) {
        let list: Vec<&String> = self.strings.iter().collect();
        let Ok(ac) = aho_corasick::AhoCorasick::new(&list) else {
            return;
        };
        // The public texts searched in parallel, a share each.
        let share = public
            .len()
            .div_ceil(rayon::current_num_threads().max(1) * 4)
            .max(1);
        let found = public
            .par_chunks(share)
            .map(|texts| {
                let mut found = vec![false; list.len()];
                for text in texts {
                    for m in ac.find_overlapping_iter(text.as_str()) {
                        found[m.pattern().as_usize()] = true;
                    }
                }
                found
            })
            .reduce(
                || vec![false; list.len()],
                |mut a, b| {
                    a.iter_mut().zip(b).for_each(|(a, b)| *a |= b);
                    a
                },
            );
        let found: BTreeSet<String> = list
            .into_iter()
            .zip(found)
            .filter(|(_, f)| *f)
            .map(|(s, _)| s.clone())
            .collect();
        self.strings.retain(|s| !found.contains(s));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every withheld string that stands in some public text is let go, wherever among many
    /// texts (searched in shares) it stands; the others are kept.
    #[test]
    fn prune_lets_go_of_exactly_the_strings_public_texts_hold() {
        let strings = ["甲乙丙", "丁戊", "己庚", "辛壬癸", "子丑"];
        let mut secrets = Secrets {
            strings: strings.iter().map(|s| s.to_string()).collect(),
            ids: BTreeSet::new(),
        };
        let mut public: Vec<String> = (0..5000).map(|n| format!("公开文字{n}")).collect();
        public[17] = "前甲乙丙后".into();
        public[4999] = "辛壬癸".into();
        public[2500] = "丁".into();
        secrets.prune(&public);
        let kept: Vec<&str> = secrets.strings.iter().map(String::as_str).collect();
        assert_eq!(kept, vec!["丁戊", "子丑", "己庚"]);
    }
}
