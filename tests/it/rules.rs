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

#[test]
fn every_rule_code_in_the_readme_is_a_rule() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let bytes = readme.as_bytes();
    for (i, _) in readme.match_indices(['E', 'W']) {
        let code = &readme[i..(i + 4).min(readme.len())];
        let word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let digits = code.len() == 4 && code[1..].bytes().all(|b| b.is_ascii_digit());
        let word_end = bytes.get(i + 4).is_none_or(|b| !b.is_ascii_alphanumeric());
        if word_start && digits && word_end && code != "E000" {
            assert!(
                gongkai::diag::rules::find(code).is_some(),
                "README names {code}, which is no rule"
            );
        }
    }
}
