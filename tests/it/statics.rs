//! The leak audit of a site's own `static/` files, tried as an author who puts a withheld name
//! into a document might: in another encoding, in capitals, split by tags, inside a Word file;
//! and files the audit cannot read (PDF), which need a person's check listed in site.yaml.

use crate::support::{Site, snapshot};
use std::io::Write as _;

const SECRET: &str = "Acme Shield 咨询公司";

/// The minimal site with an evaluation whose evaluator is withheld.
fn site() -> Site {
    let site = Site::fixture("minimal");
    site.write(
        "content/demo/2024/evaluations/partial.md",
        &format!("---\nid: partial\ntype: 部门评价\ntitle: 部分公开的评价报告\nsubject: {{ unit: czj }}\nevaluator: {SECRET}\nfunds: \"20万元\"\ndisclosure: {{ status: 部分公开, reason: 商业秘密, fields: [evaluator] }}\n---\n报告正文。\n"),
    );
    site
}

fn write_bytes(site: &Site, rel: &str, bytes: &[u8]) {
    let p = site.path().join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

/// A Word document whose text holds `text`, each character in a run of its own (as Word
/// splits text it has spell-checked or formatted).
fn docx(text: &str) -> Vec<u8> {
    let runs: String = text
        .chars()
        .map(|c| format!("<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{c}</w:t></w:r>"))
        .collect();
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p>{runs}</w:p></w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, body) in [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\"?><Types/>".to_string(),
        ),
        ("word/document.xml", document),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn utf16le_bom(s: &str) -> Vec<u8> {
    let mut out = vec![0xff, 0xfe];
    out.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
    out
}

fn refused(site: &Site, rel: &str) -> String {
    let before = snapshot(&site.path().join("public"));
    let run = site.build();
    assert_eq!(run.code, 1, "{rel}: {}", run.stderr);
    assert!(
        run.stderr.contains("error[E080]") && run.stderr.contains(&format!("--> static/{rel}")),
        "{rel}: {}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("Acme") && !run.stderr.contains("ACME"),
        "{}",
        run.stderr
    );
    assert!(
        snapshot(&site.path().join("public")) == before,
        "{rel}: output changed"
    );
    run.stderr
}

#[test]
fn a_withheld_value_in_a_static_file_is_found_in_every_encoding_and_form() {
    let site = site();
    let clean = site.build();
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    let text = format!("评价机构：{SECRET}\n");
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    let forms: Vec<(&str, Vec<u8>)> = vec![
        ("notes/gb18030.txt", gb.into_owned()),
        (
            "notes/utf16.txt",
            utf16le_bom(&format!("评价机构：{SECRET}")),
        ),
        ("notes/upper.html", "<p>ACME SHIELD 咨询公司</p>".into()),
        (
            "notes/tags.html",
            "<p>Acme <b>Shield</b> 咨询<i>公司</i></p>".into(),
        ),
        ("files/report.docx", docx(SECRET)),
    ];
    for (rel, bytes) in forms {
        write_bytes(&site, &format!("static/{rel}"), &bytes);
        let stderr = refused(&site, rel);
        assert!(stderr.contains("holds withheld content"), "{stderr}");
        site.remove(&format!("static/{rel}"));
    }
    write_bytes(&site, "static/files/clean.docx", &docx("评价机构另行公布"));
    let run = site.build();
    assert_eq!(
        run.code, 0,
        "a clean Word file is published: {}",
        run.stderr
    );
    assert!(site.path().join("public/files/clean.docx").is_file());
}

#[test]
fn a_pdf_is_published_only_when_a_person_has_checked_it() {
    let site = site();
    assert_eq!(site.build().code, 0);
    write_bytes(
        &site,
        "static/files/report.pdf",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    );
    let stderr = refused(&site, "files/report.pdf");
    assert!(stderr.contains("cannot check whether"), "{stderr}");
    assert!(
        stderr.contains("static_checked: [files/report.pdf]"),
        "{stderr}"
    );
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        &format!("{config}static_checked: [files/report.pdf]\n"),
    );
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.path().join("public/files/report.pdf").is_file());
    // An entry naming no static file is an error, not silently ignored.
    site.write(
        "site.yaml",
        &format!("{config}static_checked: [files/report.pdf, files/gone.pdf]\n"),
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("`files/gone.pdf`, listed in `static_checked`, is not a file in static/"),
        "{}",
        run.stderr
    );
}
