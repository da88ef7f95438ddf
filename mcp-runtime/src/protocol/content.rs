//! Content blocks carried by tool results (and, later, prompts).
//!
//! These types deliberately do not implement `JsonSchema`: a tool that returns
//! one of them delivers it as content, not as structured output.

use serde::{Deserialize, Serialize};

use crate::util::base64;

/// One block of content in a tool result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum Content {
    /// Plain text.
    #[serde(rename = "text")]
    Text(Text),
    /// A base64-encoded image.
    #[serde(rename = "image")]
    Image(Image),
    /// Base64-encoded audio.
    #[serde(rename = "audio")]
    Audio(Audio),
    /// A link to a resource the client may read.
    #[serde(rename = "resource_link")]
    ResourceLink(ResourceLink),
    /// A resource embedded in the result.
    #[serde(rename = "resource")]
    Resource(EmbeddedResource),
}

impl Content {
    /// A text block.
    pub fn text(text: impl Into<String>) -> Self {
        Content::Text(Text::new(text))
    }

    /// The text of a text block.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Content::Text(t) => Some(&t.text),
            _ => None,
        }
    }
}

/// A text content block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Text {
    /// The text.
    pub text: String,
}

impl Text {
    /// A text block.
    pub fn new(text: impl Into<String>) -> Self {
        Text { text: text.into() }
    }
}

/// An image content block (`data` is base64).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    /// The base64-encoded bytes.
    pub data: String,
    /// The MIME type, such as `image/png`.
    #[serde(rename = "mimeType")]
    pub mime_type: String,
}

impl Image {
    /// An image from raw bytes and a MIME type; the bytes are base64-encoded.
    pub fn new(bytes: &[u8], mime_type: impl Into<String>) -> Self {
        Image { data: base64::encode(bytes), mime_type: mime_type.into() }
    }

    /// A PNG image from raw bytes.
    pub fn png(bytes: &[u8]) -> Self {
        Self::new(bytes, "image/png")
    }
}

/// An audio content block (`data` is base64).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Audio {
    /// The base64-encoded bytes.
    pub data: String,
    /// The MIME type, such as `audio/wav`.
    #[serde(rename = "mimeType")]
    pub mime_type: String,
}

impl Audio {
    /// Audio from raw bytes and a MIME type; the bytes are base64-encoded.
    pub fn new(bytes: &[u8], mime_type: impl Into<String>) -> Self {
        Audio { data: base64::encode(bytes), mime_type: mime_type.into() }
    }
}

/// A link to a resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceLink {
    /// The resource URI.
    pub uri: String,
    /// The resource name.
    pub name: String,
    /// A human-readable description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The MIME type of the resource.
    #[serde(rename = "mimeType", skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
}

impl ResourceLink {
    /// A link with a URI and a name.
    pub fn new(uri: impl Into<String>, name: impl Into<String>) -> Self {
        ResourceLink { uri: uri.into(), name: name.into(), description: None, mime_type: None }
    }
}

/// A resource embedded in a result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmbeddedResource {
    /// The resource's contents.
    pub resource: ResourceContents,
}

impl EmbeddedResource {
    /// An embedded text resource.
    pub fn text(uri: impl Into<String>, mime_type: impl Into<String>, text: impl Into<String>) -> Self {
        let resource = ResourceContents::Text { uri: uri.into(), mime_type: Some(mime_type.into()), text: text.into() };
        EmbeddedResource { resource }
    }

    /// An embedded binary resource; the bytes are base64-encoded.
    pub fn blob(uri: impl Into<String>, mime_type: impl Into<String>, bytes: &[u8]) -> Self {
        let resource =
            ResourceContents::Blob { uri: uri.into(), mime_type: Some(mime_type.into()), blob: base64::encode(bytes) };
        EmbeddedResource { resource }
    }
}

/// The contents of a resource: text or a base64 blob.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ResourceContents {
    /// Text contents.
    Text {
        /// The resource URI.
        uri: String,
        /// The MIME type.
        #[serde(rename = "mimeType", skip_serializing_if = "Option::is_none")]
        mime_type: Option<String>,
        /// The text.
        text: String,
    },
    /// Binary contents.
    Blob {
        /// The resource URI.
        uri: String,
        /// The MIME type.
        #[serde(rename = "mimeType", skip_serializing_if = "Option::is_none")]
        mime_type: Option<String>,
        /// The base64-encoded bytes.
        blob: String,
    },
}

macro_rules! into_content {
    ($($ty:ident => $variant:ident),*) => {$(
        impl From<$ty> for Content {
            fn from(value: $ty) -> Self {
                Content::$variant(value)
            }
        }
    )*};
}
into_content!(Text => Text, Image => Image, Audio => Audio, ResourceLink => ResourceLink, EmbeddedResource => Resource);

impl From<String> for Content {
    fn from(text: String) -> Self {
        Content::text(text)
    }
}

impl From<&str> for Content {
    fn from(text: &str) -> Self {
        Content::text(text)
    }
}

impl ResourceContents {
    /// Text contents.
    pub fn text(uri: impl Into<String>, mime_type: impl Into<String>, text: impl Into<String>) -> Self {
        ResourceContents::Text { uri: uri.into(), mime_type: Some(mime_type.into()), text: text.into() }
    }

    /// Binary contents; the bytes are base64-encoded.
    pub fn blob(uri: impl Into<String>, mime_type: impl Into<String>, bytes: &[u8]) -> Self {
        ResourceContents::Blob { uri: uri.into(), mime_type: Some(mime_type.into()), blob: base64::encode(bytes) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn content_is_tagged_by_type() {
        let v = serde_json::to_value(Content::from(Image::png(b"hi"))).expect("serializes");
        assert_eq!(v, json!({"type": "image", "data": "aGk=", "mimeType": "image/png"}));
        let v = serde_json::to_value(Content::from(EmbeddedResource::text("a://b", "text/plain", "t"))).expect("ok");
        assert_eq!(v, json!({"type": "resource", "resource": {"uri": "a://b", "mimeType": "text/plain", "text": "t"}}));
    }
}
