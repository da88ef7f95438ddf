//! Extractors: parameters a handler gets from the request and the server
//! rather than from its arguments. One trait, [`FromContext`], serves tools,
//! resources, prompts and completers alike, and a user type can implement
//! it too.

use std::any::TypeId;
use std::ops::{Deref, DerefMut};

use super::context::Context;
use crate::protocol::ErrorObject;

/// Marks the [`ToolParam`](crate::handler::param::ToolParam) and [`PromptParam`](crate::handler::binding::PromptParam) impls
/// of arguments: values the client sends.
#[derive(Debug)]
pub enum ArgumentKind {}

/// Marks the [`ToolParam`](crate::handler::param::ToolParam) and [`PromptParam`](crate::handler::binding::PromptParam) impls
/// of extractors: values the request and the server supply.
#[derive(Debug)]
pub enum ExtractorKind {}

/// A type a handler parameter can be extracted as: [`Context`],
/// [`State<T>`], [`Extension<T>`], `Option` of any of them, the server's
/// handle, or your own type.
///
/// Which parameters are extractors depends only on their types, never on
/// their names. An extractor fails a request with a JSON-RPC error (a
/// missing identity, say); arguments the model got wrong are a tool's
/// `isError` result instead.
///
/// ```
/// use mcp_runtime::handler::{Context, FromContext, Requirements, State};
/// use mcp_runtime::protocol::ErrorObject;
///
/// #[derive(Clone)]
/// struct Pool;
///
/// /// The database connection of one request.
/// struct Db(Pool);
///
/// impl FromContext for Db {
///     fn from_context(ctx: &Context) -> Result<Self, ErrorObject> {
///         let State(pool) = State::<Pool>::from_context(ctx)?;
///         Ok(Db(pool))
///     }
///
///     fn requirements(needs: &mut Requirements) {
///         State::<Pool>::requirements(needs);
///     }
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is neither an argument nor an extractor",
    label = "this parameter's type is not an extractor",
    note = "extractors are `Context`, `State<T>` (a value registered with `Server::state`), `Extension<T>` (a value middleware attached), `ServerHandle`, and types that implement `FromContext`"
)]
pub trait FromContext: Sized + Send + 'static {
    /// The value for one request.
    fn from_context(ctx: &Context) -> Result<Self, ErrorObject>;

    /// Declares what the extractor needs from the server; it is checked
    /// when the server is built, so that a missing value is never found on
    /// a first call. The default needs nothing.
    fn requirements(needs: &mut Requirements) {
        let _ = needs;
    }
}

impl FromContext for Context {
    fn from_context(ctx: &Context) -> Result<Self, ErrorObject> {
        Ok(ctx.clone())
    }
}

/// An extractor that may be missing: `None` instead of an error.
impl<T: FromContext> FromContext for Option<T> {
    fn from_context(ctx: &Context) -> Result<Self, ErrorObject> {
        Ok(T::from_context(ctx).ok())
    }
}

/// What the handlers of a server need from it: the state types they
/// extract. Checked when the server is built.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Requirements {
    state: Vec<(TypeId, &'static str)>,
}

impl Requirements {
    /// Records that a handler needs a `T` registered with `Server::state`.
    pub fn state<T: 'static>(&mut self) {
        let needed = (TypeId::of::<T>(), std::any::type_name::<T>());
        if !self.state.contains(&needed) {
            self.state.push(needed);
        }
    }

    /// Adds everything `other` needs.
    pub(crate) fn extend(&mut self, other: &Requirements) {
        for needed in &other.state {
            if !self.state.contains(needed) {
                self.state.push(*needed);
            }
        }
    }

    /// The first state type for which `registered` says no.
    pub(crate) fn missing(&self, registered: impl Fn(TypeId) -> bool) -> Option<&'static str> {
        self.state.iter().find(|(id, _)| !registered(*id)).map(|(_, name)| *name)
    }
}

/// A value registered with `Server::state`, cloned for each request.
///
/// `T` is usually an `Arc` or a handle that is cheap to clone, such as a
/// connection pool.
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use mcp_runtime::prelude::*;
///
/// #[derive(Clone, Default)]
/// struct Counter(Arc<Mutex<u64>>);
///
/// /// Count one more.
/// #[tool]
/// fn bump(State(counter): State<Counter>) -> u64 {
///     let mut n = counter.0.lock().unwrap();
///     *n += 1;
///     *n
/// }
///
/// let server = Server::new("counter").state(Counter::default()).tools(tools![bump]);
/// # let _ = server;
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct State<T>(pub T);

impl<T: SharedValue> FromContext for State<T> {
    fn from_context(ctx: &Context) -> Result<Self, ErrorObject> {
        ctx.state_map().get::<T>().cloned().map(State).ok_or_else(|| {
            let name = std::any::type_name::<T>();
            ErrorObject::internal(format!("no `{name}` was registered with `Server::state`"))
        })
    }

    fn requirements(needs: &mut Requirements) {
        needs.state::<T>();
    }
}

impl<T> Deref for State<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> DerefMut for State<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

/// What [`State`] and [`Extension`] carry: a value every request gets a
/// clone of, on whichever thread runs it. Every `Clone + Send + Sync +
/// 'static` type is one; the trait exists to say so in one error.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be shared with handlers",
    label = "every request gets a clone of it, on any thread",
    note = "state and extensions must be `Clone + Send + Sync + 'static`: use `Arc<T>` (with a `Mutex` or an atomic inside for what changes) rather than `Rc` or `RefCell`, or derive `Clone`"
)]
pub trait SharedValue: Clone + Send + Sync + 'static {}

#[diagnostic::do_not_recommend]
impl<T: Clone + Send + Sync + 'static> SharedValue for T {}

/// A value that middleware or the transport attached to this request (an
/// authenticated identity, say), cloned out of the request's extensions.
/// Missing, it fails the request with `-32603`; take `Option<Extension<T>>`
/// when it may be absent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Extension<T>(pub T);

impl<T: SharedValue> FromContext for Extension<T> {
    fn from_context(ctx: &Context) -> Result<Self, ErrorObject> {
        ctx.extensions().get::<T>().cloned().map(Extension).ok_or_else(|| {
            let name = std::any::type_name::<T>();
            ErrorObject::internal(format!("the request carries no `{name}`; a middleware layer should attach it"))
        })
    }
}

impl<T> Deref for Extension<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}
