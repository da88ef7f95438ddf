//! `__unique_names!`, behind `tools![..]`, `resources![..]` and
//! `prompts![..]`: one compile-time check per entry that its name (or
//! URI) was not taken by an earlier entry, placed on that entry, so that
//! a duplicate is reported at the second entry with the name it repeats.

use proc_macro2::{Group, TokenTree};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Ident, LitStr, Path, Token};

/// `$crate; Factory; KEY; "message before the name" "after it"; item, item, ...`
pub(crate) struct Collected {
    krate: TokenStream,
    factory: Ident,
    key: Ident,
    before: LitStr,
    after: LitStr,
    items: Punctuated<Path, Token![,]>,
}

impl Parse for Collected {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let krate = input.step(|cursor| {
            let mut tokens = TokenStream::new();
            let mut rest = *cursor;
            while let Some((tt, next)) = rest.token_tree() {
                if matches!(&tt, proc_macro2::TokenTree::Punct(p) if p.as_char() == ';') {
                    return Ok((tokens, rest));
                }
                tokens.extend(std::iter::once(tt));
                rest = next;
            }
            Err(cursor.error("expected `;` after the crate path"))
        })?;
        input.parse::<Token![;]>()?;
        let factory = input.parse()?;
        input.parse::<Token![;]>()?;
        let key = input.parse()?;
        input.parse::<Token![;]>()?;
        let before = input.parse()?;
        let after = input.parse()?;
        input.parse::<Token![;]>()?;
        let items = Punctuated::parse_terminated(input)?;
        Ok(Collected { krate, factory, key, before, after, items })
    }
}

/// The checks: the list of names, then one `const` per entry after the
/// first, spanned at that entry.
pub(crate) fn expand(collected: Collected) -> TokenStream {
    let Collected { krate, factory, key, before, after, items } = collected;
    let names = Ident::new("__MCP_COLLECTED_NAMES", Span::call_site());
    let keys = items.iter().map(|item| quote!(<#item as #krate::__private::#factory>::#key));
    let checks = items.iter().enumerate().skip(1).map(|(index, item)| {
        let at = entry_span(item);
        let check = quote! {
            const _: () = #krate::__private::assert_new_name(#names, #index, #before, #after);
        };
        relocated(check, at)
    });
    quote! {
        const #names: &[&str] = &[#(#keys),*];
        #(#checks)*
    }
}

/// Where an entry starts, for the error's location.
fn entry_span(path: &Path) -> Span {
    path.segments.last().map_or_else(Span::call_site, |segment| segment.ident.span())
}

/// `tokens`, each moved to `at` while it keeps its own hygiene (so that
/// `$crate` still resolves), so that an error in them is reported at `at`.
fn relocated(tokens: TokenStream, at: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tree| {
            if let TokenTree::Group(group) = &tree {
                let mut moved = Group::new(group.delimiter(), relocated(group.stream(), at));
                moved.set_span(group.span().located_at(at));
                tree = TokenTree::Group(moved);
            }
            tree.set_span(tree.span().located_at(at));
            tree
        })
        .collect()
}
