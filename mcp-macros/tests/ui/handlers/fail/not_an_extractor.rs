use mcp_runtime::prelude::*;

struct Store;

struct Opaque;

#[handlers]
impl Store {
    /// A prompt whose parameter is neither an argument nor an extractor.
    #[prompt]
    fn ask(&self, opaque: Opaque) -> String {
        let _ = opaque;
        String::new()
    }
}

fn main() {}
