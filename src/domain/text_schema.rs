//! What the API document says of lists of short texts the domain checks with
//! [`super::bounded_text`] (which `ToSchema` cannot say of a `Vec<String>`'s items).

use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, SchemaType, Type};

/// At least one character that is not a space, no control character (the pattern the
/// `#[schema(pattern = …)]` of single texts repeat: utoipa takes only a literal there).
const LINE: &str = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";

/// A list of distinct names of 1 to `max` characters, `null` allowed when `nullable`.
fn names(max: usize, nullable: bool) -> ArrayBuilder {
    let item =
        ObjectBuilder::new().schema_type(Type::String).min_length(Some(1)).max_length(Some(max)).pattern(Some(LINE));
    let list = ArrayBuilder::new().items(item).unique_items(true);
    if nullable { list.schema_type(SchemaType::from_iter([Type::Array, Type::Null])) } else { list }
}

/// A contest's categories: distinct names of 1 to 80 characters.
pub(crate) fn category_names() -> ArrayBuilder {
    names(80, false)
}

/// A contest's places: distinct names of 1 to 120 characters.
pub(crate) fn place_names() -> ArrayBuilder {
    names(120, false)
}

/// A change of a contest's places: as [`place_names`], or `null` to keep them.
pub(crate) fn place_names_or_null() -> ArrayBuilder {
    names(120, true)
}

/// The tie-breaks of the final ranking, each at most once.
pub(crate) fn tie_breaks() -> ArrayBuilder {
    let item = ObjectBuilder::new().schema_type(Type::String).pattern(Some("^(jury|public_votes|earlier_upload)$"));
    ArrayBuilder::new().items(item).unique_items(true).max_items(Some(3))
}
