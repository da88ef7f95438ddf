//! Resources and resource templates: what `#[resource]` expands to.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use serde::Serialize;

use super::complete::Completer;
use super::context::Context;
use super::extract::Requirements;
use super::template::{Bindings, RefusedValue, UriTemplate};
use crate::protocol::{Icon, Resource, ResourceContents, ResourceTemplate};

pub use super::resource_error::ResourceError;

/// The future a resource read runs as.
pub type ResourceFuture = Pin<Box<dyn Future<Output = Result<Vec<ResourceContents>, ResourceError>> + Send>>;

/// What a resource's shim receives for one read.
pub struct ReadInput<'a> {
    /// The request's context.
    pub ctx: &'a Context,
    /// The URI being read.
    pub uri: &'a str,
    /// The template variables it bound (empty for a static resource).
    pub bindings: &'a Bindings,
}

type ReadFn = dyn Fn(ReadInput<'_>) -> ResourceFuture + Send + Sync;

/// A static resource: one URI.
#[derive(Clone)]
pub struct StaticResourceDef {
    pub(crate) resource: Resource,
    pub(crate) read: Arc<ReadFn>,
    pub(crate) cache: Option<crate::protocol::CacheHint>,
    pub(crate) needs: Requirements,
    /// The OAuth scopes a caller needs to read it.
    pub(crate) scopes: Vec<String>,
    /// Where it is written (`module::function`), for errors that name it.
    pub(crate) origin: String,
}

impl StaticResourceDef {
    /// A resource with its listing, its reader and where it comes from.
    #[cfg_attr(not(feature = "skills"), allow(dead_code))]
    pub(crate) fn new(
        resource: Resource,
        read: impl Fn(ReadInput<'_>) -> ResourceFuture + Send + Sync + 'static,
        origin: &str,
    ) -> Self {
        let read = Arc::new(read);
        let (needs, scopes, origin) = (Requirements::default(), Vec::new(), origin.to_owned());
        StaticResourceDef { resource, read, cache: None, needs, scopes, origin }
    }
}

/// A resource template: every URI that matches it.
#[derive(Clone)]
pub struct TemplateDef {
    pub(crate) template: ResourceTemplate,
    pub(crate) parsed: UriTemplate,
    pub(crate) read: Arc<ReadFn>,
    pub(crate) completer: Completer,
    pub(crate) cache: Option<crate::protocol::CacheHint>,
    pub(crate) needs: Requirements,
    /// The OAuth scopes a caller needs to read it.
    pub(crate) scopes: Vec<String>,
    /// Where it is written (`module::function`), for errors that name it.
    pub(crate) origin: String,
}

impl TemplateDef {
    /// The most specific of `templates` that matches `uri`, with its
    /// bindings or why a value is refused.
    pub(crate) fn best_match<'a>(
        templates: &'a [TemplateDef],
        uri: &str,
    ) -> Option<(&'a TemplateDef, Result<Bindings, RefusedValue>)> {
        let mut ranked: Vec<&TemplateDef> = templates.iter().collect();
        // Stable: equally specific templates keep their registration order.
        ranked.sort_by_key(|t| std::cmp::Reverse(t.parsed.specificity()));
        ranked.into_iter().find_map(|t| t.parsed.match_uri(uri).map(|b| (t, b)))
    }
}

/// Static resources and templates, as `resources![..]` collects them.
#[derive(Clone)]
pub enum ResourceDef {
    /// A static resource.
    Static(StaticResourceDef),
    /// A template.
    Template(TemplateDef),
}

/// The listing fields `#[resource]` sets.
#[derive(Debug, Clone, Default)]
pub struct ResourceInfo {
    /// The resource's name.
    pub name: &'static str,
    /// A human-readable title.
    pub title: Option<&'static str>,
    /// What it holds.
    pub description: Option<&'static str>,
    /// The MIME type of its contents.
    pub mime_type: Option<&'static str>,
    /// Its size in bytes.
    pub size: Option<u64>,
    /// Icon URLs.
    pub icons: &'static [&'static str],
    /// How long clients may cache a read of it (2026-07-28), overriding the server's hint.
    pub cache: Option<crate::protocol::CacheHint>,
    /// The OAuth scopes a caller needs to read it (`#[resource(scopes = [..])]`).
    pub scopes: &'static [&'static str],
}

impl ResourceInfo {
    fn icons(&self) -> Vec<Icon> {
        self.icons.iter().map(|src| Icon::new(*src)).collect()
    }
}

impl ResourceDef {
    /// A static resource at `uri`.
    pub fn fixed(
        uri: &str,
        info: ResourceInfo,
        read: impl Fn(ReadInput<'_>) -> ResourceFuture + Send + Sync + 'static,
    ) -> Self {
        let resource = Resource {
            uri: uri.to_owned(),
            name: info.name.to_owned(),
            title: info.title.map(str::to_owned),
            description: info.description.map(str::to_owned),
            mime_type: info.mime_type.map(str::to_owned),
            size: info.size,
            icons: info.icons(),
        };
        ResourceDef::Static(StaticResourceDef {
            resource,
            read: Arc::new(read),
            cache: info.cache,
            needs: Requirements::default(),
            scopes: owned(info.scopes),
            origin: String::new(),
        })
    }

    /// A template. `uri_template` is checked by the macro at compile time.
    ///
    /// # Panics
    /// When `uri_template` is not a valid template.
    pub fn template(
        uri_template: &str,
        info: ResourceInfo,
        completer: Completer,
        read: impl Fn(ReadInput<'_>) -> ResourceFuture + Send + Sync + 'static,
    ) -> Self {
        let parsed = UriTemplate::parse(uri_template).unwrap_or_else(|e| panic!("invalid URI template: {e}"));
        let template = ResourceTemplate {
            uri_template: uri_template.to_owned(),
            name: info.name.to_owned(),
            title: info.title.map(str::to_owned),
            description: info.description.map(str::to_owned),
            mime_type: info.mime_type.map(str::to_owned),
            icons: info.icons(),
        };
        let needs = Requirements::default();
        ResourceDef::Template(TemplateDef {
            template,
            parsed,
            read: Arc::new(read),
            completer,
            cache: info.cache,
            needs,
            scopes: owned(info.scopes),
            origin: String::new(),
        })
    }

    /// Records where the resource is written, for errors that name it.
    pub fn with_origin(mut self, origin: impl Into<String>) -> Self {
        match &mut self {
            ResourceDef::Static(def) => def.origin = origin.into(),
            ResourceDef::Template(def) => def.origin = origin.into(),
        }
        self
    }

    /// Records what the resource's extractors need from the server.
    pub fn with_requirements(mut self, needs: Requirements) -> Self {
        match &mut self {
            ResourceDef::Static(def) => def.needs = needs,
            ResourceDef::Template(def) => def.needs = needs,
        }
        self
    }

    /// The URI or template this item answers.
    pub fn key(&self) -> &str {
        match self {
            ResourceDef::Static(d) => &d.resource.uri,
            ResourceDef::Template(t) => &t.template.uri_template,
        }
    }
}

/// What a `#[resource]` function may return.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be returned from a resource",
    label = "not deliverable as resource contents",
    note = "return a `String` or `&'static str` (text), `Vec<u8>` (a base64 blob), `Json<T>` (JSON text), `ResourceContents` or `Vec<ResourceContents>`, or a `Result` of one of these"
)]
pub trait IntoResourceContents: Send + 'static {
    /// The MIME type used when the attribute names none.
    const DEFAULT_MIME: Option<&'static str>;

    /// The contents for `uri`, with `mime` as their MIME type.
    fn into_contents(self, uri: &str, mime: Option<&str>) -> Result<Vec<ResourceContents>, ResourceError>;
}

fn text(uri: &str, mime: Option<&str>, text: String) -> Result<Vec<ResourceContents>, ResourceError> {
    Ok(vec![ResourceContents::Text { uri: uri.to_owned(), mime_type: mime.map(str::to_owned), text }])
}

impl IntoResourceContents for String {
    const DEFAULT_MIME: Option<&'static str> = Some("text/plain");

    fn into_contents(self, uri: &str, mime: Option<&str>) -> Result<Vec<ResourceContents>, ResourceError> {
        text(uri, mime, self)
    }
}

impl IntoResourceContents for &'static str {
    const DEFAULT_MIME: Option<&'static str> = Some("text/plain");

    fn into_contents(self, uri: &str, mime: Option<&str>) -> Result<Vec<ResourceContents>, ResourceError> {
        text(uri, mime, self.to_owned())
    }
}

impl IntoResourceContents for Vec<u8> {
    const DEFAULT_MIME: Option<&'static str> = Some("application/octet-stream");

    fn into_contents(self, uri: &str, mime: Option<&str>) -> Result<Vec<ResourceContents>, ResourceError> {
        let mime = mime.unwrap_or("application/octet-stream");
        Ok(vec![ResourceContents::blob(uri, mime, &self)])
    }
}

/// JSON contents: `T` serialized, with MIME type `application/json`.
#[derive(Debug, Clone, PartialEq)]
pub struct Json<T>(pub T);

impl<T: Serialize + Send + 'static> IntoResourceContents for Json<T> {
    const DEFAULT_MIME: Option<&'static str> = Some("application/json");

    fn into_contents(self, uri: &str, mime: Option<&str>) -> Result<Vec<ResourceContents>, ResourceError> {
        let json = serde_json::to_string(&self.0).map_err(|e| ResourceError::new(format!("serializing: {e}")))?;
        text(uri, mime, json)
    }
}

impl IntoResourceContents for ResourceContents {
    const DEFAULT_MIME: Option<&'static str> = None;

    fn into_contents(self, _: &str, _: Option<&str>) -> Result<Vec<ResourceContents>, ResourceError> {
        Ok(vec![self])
    }
}

impl IntoResourceContents for Vec<ResourceContents> {
    const DEFAULT_MIME: Option<&'static str> = None;

    fn into_contents(self, _: &str, _: Option<&str>) -> Result<Vec<ResourceContents>, ResourceError> {
        Ok(self)
    }
}

impl<T: IntoResourceContents, E: Into<ResourceError> + Send + 'static> IntoResourceContents for Result<T, E> {
    const DEFAULT_MIME: Option<&'static str> = T::DEFAULT_MIME;

    fn into_contents(self, uri: &str, mime: Option<&str>) -> Result<Vec<ResourceContents>, ResourceError> {
        self.map_err(Into::into)?.into_contents(uri, mime)
    }
}

/// Converts a resource's return value into contents (used by generated code).
pub fn into_contents<T: IntoResourceContents>(
    value: T,
    uri: &str,
    mime: Option<&str>,
) -> Result<Vec<ResourceContents>, ResourceError> {
    value.into_contents(uri, mime)
}

/// A finished future holding a binding error.
pub fn reject_read(error: ResourceError) -> ResourceFuture {
    Box::pin(std::future::ready(Err(error)))
}

impl std::fmt::Debug for ResourceDef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("ResourceDef").field(&self.key()).finish()
    }
}

/// A macro's scope list, owned.
pub(crate) fn owned(scopes: &[&str]) -> Vec<String> {
    scopes.iter().map(|s| (*s).to_owned()).collect()
}
