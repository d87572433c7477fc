//! Operator-facing texts of gateway and validation errors, in both languages.

use super::Lang;
use crate::api::ApiError;
use crate::domain::ValidationError;

/// One line that says what went wrong, for a toast, a dialog or stderr.
pub fn api_error(e: &ApiError, lang: Lang) -> String {
    match (e, lang) {
        (ApiError::Validation(v), _) => validation_error(v, lang),
        _ => e.to_string(),
    }
}

pub fn validation_error(e: &ValidationError, _lang: Lang) -> String {
    e.to_string()
}
