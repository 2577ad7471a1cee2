//! The README's rules table is the one in `src/diag/rules.rs`: a rule added, renamed or
//! reworded there fails this test until the README says the same. `GONGKAI_BLESS=1` rewrites
//! the README's table from the source.

use crate::support::repo;

const BEGIN: &str = "<!-- rules:begin";
const END: &str = "<!-- rules:end -->";

/// The README with its rules table (between the markers) replaced by `table`.
fn with_table(readme: &str, table: &str) -> String {
    let start = readme.find(BEGIN).expect("README has a rules:begin marker");
    let open_end = start + readme[start..].find("-->\n").expect("marker closes") + 4;
    let end = readme.find(END).expect("README has a rules:end marker");
    assert!(open_end <= end, "rules:begin comes before rules:end");
    format!("{}{table}{}", &readme[..open_end], &readme[end..])
}

#[test]
fn readme_rules_table_is_generated_from_the_rules() {
    let path = repo().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let wanted = with_table(&readme, &gongkai::diag::rules::readme_table());
    if std::env::var_os("GONGKAI_BLESS").is_some() {
        std::fs::write(&path, &wanted).unwrap();
        return;
    }
    assert!(
        readme == wanted,
        "README.md's rules table differs from src/diag/rules.rs; run \
         `GONGKAI_BLESS=1 cargo test --test it rules` to rewrite it"
    );
}

/// Rule codes (`E022`, `W101`) standing as words in a text.
fn codes(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let word = |i: usize| bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric());
    text.match_indices(['E', 'W'])
        .map(|(i, _)| i)
        .filter(|&i| i + 4 <= text.len() && text.is_char_boundary(i + 4))
        .filter(|&i| (i == 0 || !word(i - 1)) && !word(i + 4))
        .map(|i| &text[i..i + 4])
        .filter(|c| c[1..].bytes().all(|b| b.is_ascii_digit()))
        .collect()
}

#[test]
fn every_rule_code_in_the_readme_and_the_guide_is_a_rule() {
    let mut files = vec![repo().join("README.md")];
    for e in std::fs::read_dir(repo().join("docs")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            files.push(p);
        }
    }
    let mut seen = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for code in codes(&text).into_iter().filter(|c| *c != "E000") {
            seen += 1;
            assert!(
                gongkai::diag::rules::find(code).is_some(),
                "{} names {code}, which is no rule",
                f.display()
            );
        }
    }
    assert!(seen > 60, "rule codes found: {seen}");
}
