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
#[derive(Default, Clone)]
pub struct Extensions {
    // An empty map, the common case, does not allocate.
    map: HashMap<TypeId, Entry>,
}

/// A value that can be cloned behind `dyn`.
trait AnyClone: Any + Send + Sync {
    fn clone_box(&self) -> Box<dyn AnyClone>;
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
    fn into_any(self: Box<Self>) -> Box<dyn Any>;
}

impl<T: Clone + Send + Sync + 'static> AnyClone for T {
    fn clone_box(&self) -> Box<dyn AnyClone> {
        Box::new(self.clone())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }

    fn into_any(self: Box<Self>) -> Box<dyn Any> {
        self
    }
}

struct Entry {
    value: Box<dyn AnyClone>,
    type_name: &'static str,
}

impl Clone for Entry {
    fn clone(&self) -> Self {
        Entry { value: self.value.clone_box(), type_name: self.type_name }
    }
}

impl Extensions {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Inserts a value, returning the one of the same type it replaces.
    /// Values are `Clone`, so that a transport can attach the same ones to
    /// every request of a connection.
    pub fn insert<T: Clone + Send + Sync + 'static>(&mut self, value: T) -> Option<T> {
        let entry = Entry { value: Box::new(value), type_name: std::any::type_name::<T>() };
        let old = self.map.insert(TypeId::of::<T>(), entry)?;
        old.value.into_any().downcast().ok().map(|b| *b)
    }

    /// The value of type `T`, if there is one.
    pub fn get<T: Send + Sync + 'static>(&self) -> Option<&T> {
        self.map.get(&TypeId::of::<T>())?.value.as_any().downcast_ref()
    }

    /// The value of type `T`, mutably.
    pub fn get_mut<T: Send + Sync + 'static>(&mut self) -> Option<&mut T> {
        self.map.get_mut(&TypeId::of::<T>())?.value.as_any_mut().downcast_mut()
    }

    /// Removes and returns the value of type `T`.
    pub fn remove<T: Send + Sync + 'static>(&mut self) -> Option<T> {
        let entry = self.map.remove(&TypeId::of::<T>())?;
        entry.value.into_any().downcast().ok().map(|b| *b)
    }

    /// Adds every value of `other`, replacing values of the same types.
    pub fn extend(&mut self, other: Extensions) {
        self.map.extend(other.map);
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
