//! The published JSON Schema of the export document must match the code.
//! Regenerate with `CASELINE_UPDATE_SCHEMA=1 cargo test --test store export_schema`.

use caseline::service::ExportDocument;

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/export.schema.json");

#[test]
fn published_schema_matches_the_code() {
    let generated = serde_json::to_string_pretty(&ExportDocument::json_schema()).unwrap() + "\n";
    if std::env::var_os("CASELINE_UPDATE_SCHEMA").is_some() {
        std::fs::write(PATH, &generated).unwrap();
    }
    let published = std::fs::read_to_string(PATH).expect("docs/export.schema.json is missing");
    assert!(
        published == generated,
        "docs/export.schema.json is out of date: run CASELINE_UPDATE_SCHEMA=1 cargo test --test store export_schema"
    );
}

#[test]
fn schema_names_every_section() {
    let schema = ExportDocument::json_schema();
    let props = schema["properties"].as_object().expect("properties");
    for section in [
        "format",
        "version",
        "exported_at",
        "settings",
        "reference_lists",
        "users",
        "organisations",
        "people",
        "incidents",
        "cases",
        "timeline",
        "follow_ups",
        "referrals",
        "letters",
        "letter_templates",
    ] {
        assert!(
            props.contains_key(section),
            "{section} missing from the schema"
        );
    }
    assert_eq!(
        schema["additionalProperties"],
        serde_json::Value::Bool(false)
    );
}
