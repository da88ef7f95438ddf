//! Attribute macros for the `mcp-runtime` MCP server framework.
//!
//! Use them through `mcp_runtime::prelude::*`; the generated code refers to
//! `::mcp_runtime` (override with `crate = "path"`). The macros only parse,
//! validate and emit a small shim: all behaviour lives in `mcp-runtime`.

mod attr;
mod debug;
mod diag;
mod doc;
mod handlers;
mod item;
mod paths;
mod prompt;
mod resource;
mod signature;
mod tool;
mod unique;

use proc_macro::TokenStream;

use diag::Errors;
use item::Kind;
use prompt::PromptAttrs;
use resource::ResourceAttrs;
use tool::ToolAttrs;

/// Turns a function into an MCP tool. See the `mcp_runtime` crate docs.
///
/// The function stays callable as written. Its doc comment is the tool's
/// description, and each parameter is one argument, described by its own
/// doc comment or `#[arg(description = "..")]`.
///
/// ```
/// use mcp_runtime::prelude::*;
///
/// /// Add two numbers together.
/// #[tool(read_only)]
/// async fn add_numbers(
///     /// The first number.
///     a: i64,
///     #[arg(default = 1)] b: i64,
/// ) -> i64 {
///     a + b
/// }
/// # #[tokio::main(flavor = "current_thread")] async fn main() {
/// assert_eq!(add_numbers(2, 3).await, 5);
/// # }
/// ```
///
/// A tool needs a description:
///
/// ```compile_fail
/// use mcp_runtime::prelude::*;
/// #[tool]
/// fn undocumented() -> String { String::new() }
/// ```
///
/// Parameters cannot borrow from the request:
///
/// ```compile_fail
/// use mcp_runtime::prelude::*;
/// /// Echo.
/// #[tool]
/// fn echo(text: &str) -> String { text.to_owned() }
/// ```
#[proc_macro_attribute]
pub fn tool(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let attrs = ToolAttrs::parse_args(args.into(), &mut errors);
    match syn::parse::<syn::ItemFn>(input.clone()) {
        Ok(item) => shown("tool", &item.sig.ident.clone(), item::expand_free(attrs, item, errors)),
        Err(_) => {
            let input2: proc_macro2::TokenStream = input.into();
            let e = syn::Error::new(
                proc_macro2::Span::call_site(),
                "`#[tool]` goes on a function; for methods, put `#[handlers]` on the impl block and `#[tool]` on each method",
            );
            let e = e.to_compile_error();
            quote::quote!(#input2 #e).into()
        }
    }
}

/// Marks an impl block whose `#[tool]`, `#[resource]` and `#[prompt]`
/// methods are handlers of the value; register it with `Server::handlers`.
/// Methods take `&self`, and `complete(arg = method)` may name a `&self`
/// method of the block that takes the partial value as `&str`.
///
/// ```
/// use mcp_runtime::prelude::*;
/// use std::sync::atomic::{AtomicI64, Ordering};
///
/// struct Counter { total: AtomicI64 }
///
/// #[handlers]
/// impl Counter {
///     /// Add to the running total and return it.
///     #[tool]
///     async fn add(&self, n: i64) -> i64 {
///         self.total.fetch_add(n, Ordering::SeqCst) + n
///     }
///
///     /// The running total.
///     #[resource("counter://total")]
///     fn total(&self) -> String {
///         self.total.load(Ordering::SeqCst).to_string()
///     }
///
///     /// Ask the model to explain the total.
///     #[prompt]
///     fn explain(&self) -> String {
///         format!("Explain why the total is {}.", self.total.load(Ordering::SeqCst))
///     }
/// }
///
/// let server = Server::new("counter").handlers(Counter { total: AtomicI64::new(0) });
/// # let _ = server;
/// ```
///
/// A handler method must take `&self`: handlers may run concurrently.
///
/// ```compile_fail
/// use mcp_runtime::prelude::*;
/// struct Store(Vec<String>);
/// #[handlers]
/// impl Store {
///     /// Everything.
///     #[resource("store://all")]
///     fn all(&mut self) -> String { self.0.join(",") }
/// }
/// ```
#[proc_macro_attribute]
pub fn handlers(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let mut krate = None;
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("crate") {
            krate = Some(item::keys::parse_crate(&meta)?);
            Ok(())
        } else {
            Err(attr::unknown_key(&meta, "handlers", &["crate"]))
        }
    });
    errors.keep(syn::parse::Parser::parse(parser, args));
    match syn::parse::<syn::ItemImpl>(input.clone()) {
        Ok(item) => {
            let name = item.self_ty.clone();
            let name = quote::quote!(#name).to_string().replace(' ', "");
            let expansion = handlers::expand(krate, item, errors);
            debug::show("handlers", &name, &expansion);
            expansion.into()
        }
        Err(_) => match syn::parse::<syn::DeriveInput>(input.clone()) {
            // On the type itself: the usual mistake. The fallback impl keeps
            // `.handlers(value)` from adding a second error.
            Ok(ty) => handlers::on_a_type(krate, &ty, input.into()).into(),
            Err(_) => not_a_function(input, "`#[handlers]` goes on an `impl` block"),
        },
    }
}

/// Turns a function into an MCP resource, or a resource template when the
/// URI has `{variables}`. See the `mcp_runtime` crate docs.
///
/// ```
/// use mcp_runtime::prelude::*;
///
/// /// A static greeting.
/// #[resource("greeting://hello", mime = "text/plain")]
/// fn greeting() -> &'static str {
///     "Hello from MCP Server!"
/// }
///
/// /// One user's record.
/// #[resource("users://{id}/profile")]
/// async fn profile(id: u64) -> Result<Json<Vec<u64>>, ResourceError> {
///     Ok(Json(vec![id]))
/// }
/// # let _ = resources![greeting, profile];
/// ```
///
/// Every template variable needs a parameter of the same name:
///
/// ```compile_fail
/// use mcp_runtime::prelude::*;
/// /// Weather.
/// #[resource("weather://{city}/current")]
/// fn weather() -> String { String::new() }
/// ```
#[proc_macro_attribute]
pub fn resource(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let attrs = ResourceAttrs::parse_args(args.into(), &mut errors);
    match syn::parse::<syn::ItemFn>(input.clone()) {
        Ok(item) => shown("resource", &item.sig.ident.clone(), item::expand_free(attrs, item, errors)),
        Err(_) => not_a_function(input, "`#[resource(\"uri\")]` goes on a function"),
    }
}

/// Turns a function into an MCP prompt. Each parameter is a named string
/// argument, parsed with `FromStr`; `Option<T>` arguments are not required.
///
/// ```
/// use mcp_runtime::prelude::*;
///
/// /// Ask the model to summarize a text.
/// #[prompt]
/// fn summarize(
///     /// The text to summarize.
///     text: String,
/// ) -> String {
///     format!("Please summarize:\n\n{text}")
/// }
/// # let _ = prompts![summarize];
/// ```
///
/// Arguments are strings, so their types must implement `FromStr`:
///
/// ```compile_fail
/// use mcp_runtime::prelude::*;
/// struct Opaque;
/// /// Needs an opaque value.
/// #[prompt]
/// fn bad(value: Opaque) -> String { String::new() }
/// ```
#[proc_macro_attribute]
pub fn prompt(args: TokenStream, input: TokenStream) -> TokenStream {
    let mut errors = Errors::default();
    let attrs = PromptAttrs::parse_args(args.into(), &mut errors);
    match syn::parse::<syn::ItemFn>(input.clone()) {
        Ok(item) => shown("prompt", &item.sig.ident.clone(), item::expand_free(attrs, item, errors)),
        Err(_) => not_a_function(input, "`#[prompt]` goes on a function"),
    }
}

/// The expansion of `#[attr]` on function `name`, printed first when
/// `MCP_MACROS_DEBUG` asks for it.
fn shown(attr: &str, name: &syn::Ident, expansion: proc_macro2::TokenStream) -> TokenStream {
    debug::show(attr, &name.to_string(), &expansion);
    expansion.into()
}

/// Hands the item back with an error, when an attribute is on a non-function.
fn not_a_function(input: TokenStream, message: &str) -> TokenStream {
    let input: proc_macro2::TokenStream = input.into();
    let error = syn::Error::new(proc_macro2::Span::call_site(), message).to_compile_error();
    quote::quote!(#input #error).into()
}

/// The duplicate checks of `tools![..]`, `resources![..]` and
/// `prompts![..]`; not public API (the collectors call it).
#[doc(hidden)]
#[proc_macro]
pub fn __unique_names(input: TokenStream) -> TokenStream {
    match syn::parse::<unique::Collected>(input) {
        Ok(collected) => unique::expand(collected).into(),
        Err(e) => e.to_compile_error().into(),
    }
}
