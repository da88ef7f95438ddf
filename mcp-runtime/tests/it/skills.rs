//! Agent Skills through the client, in one process: listing reads no
//! file, loading checks `SKILL.md`, a supporting file is read checked, and
//! an unlisted one is refused.
#![cfg(all(feature = "client", feature = "skills"))]

use mcp_runtime::client::{Client, ClientOptions, Error, SkillFiles};
use mcp_runtime::prelude::*;
use mcp_runtime::protocol::ProtocolVersion;

fn skills_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mcp-skills-it-{}", std::process::id()));
    let skill = dir.join("deploy");
    std::fs::create_dir_all(skill.join("scripts")).expect("mkdir");
    std::fs::write(skill.join("SKILL.md"), "---\nname: deploy\ndescription: Ship it.\n---\n\nRun `scripts/ship.sh`.\n")
        .expect("write");
    std::fs::write(skill.join("scripts/ship.sh"), "#!/bin/sh\necho shipped\n").expect("write");
    dir
}

#[tokio::test]
async fn skills_are_listed_loaded_and_checked_in_both_eras() {
    let dir = skills_dir();
    for version in [ProtocolVersion::V2025_11_25, ProtocolVersion::V2026_07_28] {
        let options = ClientOptions::named("mem").protocol_version(version);
        let client = Client::memory(Server::new("skilled").skills_dir(&dir), options).await.expect("connects");
        let skills = client.list_skills().await.expect("listed");
        assert_eq!(skills.len(), 1, "{version:?}");
        let skill = &skills[0];
        assert_eq!((skill.name(), skill.description()), ("deploy", "Ship it."));
        let SkillFiles::Listed(files) = &skill.resources else { panic!("a listed manifest") };
        assert_eq!(files.len(), 2);
        assert!(client.load_skill(skill).await.expect("loads").contains("scripts/ship.sh"));
        let script = client.read_skill_file(skill, "skill://deploy/scripts/ship.sh").await.expect("reads");
        assert_eq!(script, b"#!/bin/sh\necho shipped\n");
        match client.read_skill_file(skill, "skill://deploy/secrets.txt").await {
            Err(Error::Protocol { detail, .. }) => assert!(detail.contains("not listed"), "{detail}"),
            other => panic!("an unlisted file is refused, got {other:?}"),
        }
        assert_eq!(client.get_skill(&skill.uri).await.expect("got"), *skill);
        match client.get_skill("skill://nothing/SKILL.md").await {
            Err(Error::Rpc { error, .. }) => assert_eq!(error.code, -32602),
            other => panic!("an unknown skill is -32602, got {other:?}"),
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_bad_skills_directory_stops_the_build_naming_the_file() {
    let dir = std::env::temp_dir().join(format!("mcp-skills-bad-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("Bad_Name")).expect("mkdir");
    std::fs::write(dir.join("Bad_Name/SKILL.md"), "---\nname: Bad_Name\ndescription: x\n---\n").expect("write");
    let error = Server::new("bad").skills_dir(&dir).check().expect_err("refused").to_string();
    assert!(error.contains("Bad_Name/SKILL.md") && error.contains("invalid skill name"), "{error}");
    let _ = std::fs::remove_dir_all(dir);
}
