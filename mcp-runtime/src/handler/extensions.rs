//! [`Extensions`]: values kept by type, one per type.
//!
//! The server keeps one map of the values registered with
//! `Server::state`; each request carries another, which middleware and
//! transports fill (an authenticated identity, say) and extractors read.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::fmt;

/// A map from a type to one value of that type.
///
/// ```
/// use mcp_runtime::handler::Extensions;
///
/// #[derive(Clone, Debug, PartialEq)]
/// struct Tenant(String);
///
/// let mut extensions = Extensions::new();
/// extensions.insert(Tenant("acme".into()));
/// assert_eq!(extensions.get::<Tenant>(), Some(&Tenant("acme".into())));
/// assert!(extensions.get::<u32>().is_none());
/// ```
#[derive(Default)]
pub struct Extensions {
    // An empty map, the common case, does not allocate.
    map: HashMap<TypeId, Entry>,
}

struct Entry {
    value: Box<dyn Any + Send + Sync>,
    type_name: &'static str,
}

impl Extensions {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Inserts a value, returning the one of the same type it replaces.
    pub fn insert<T: Send + Sync + 'static>(&mut self, value: T) -> Option<T> {
        let entry = Entry { value: Box::new(value), type_name: std::any::type_name::<T>() };
        let old = self.map.insert(TypeId::of::<T>(), entry)?;
        old.value.downcast().ok().map(|b| *b)
    }

    /// The value of type `T`, if there is one.
    pub fn get<T: Send + Sync + 'static>(&self) -> Option<&T> {
        self.map.get(&TypeId::of::<T>())?.value.downcast_ref()
    }

    /// The value of type `T`, mutably.
    pub fn get_mut<T: Send + Sync + 'static>(&mut self) -> Option<&mut T> {
        self.map.get_mut(&TypeId::of::<T>())?.value.downcast_mut()
    }

    /// Removes and returns the value of type `T`.
    pub fn remove<T: Send + Sync + 'static>(&mut self) -> Option<T> {
        let entry = self.map.remove(&TypeId::of::<T>())?;
        entry.value.downcast().ok().map(|b| *b)
    }

    /// Whether a value of this type id is present.
    pub(crate) fn contains_id(&self, id: TypeId) -> bool {
        self.map.contains_key(&id)
    }

    /// Whether the map is empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The names of the types held, for diagnostics.
    pub(crate) fn type_names(&self) -> Vec<&'static str> {
        let mut names: Vec<_> = self.map.values().map(|e| e.type_name).collect();
        names.sort_unstable();
        names
    }
}

impl fmt::Debug for Extensions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.type_names()).finish()
    }
}
