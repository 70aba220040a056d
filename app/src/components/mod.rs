//! Small views shared by pages.

pub mod form;
pub mod header;
pub mod pager;

use crate::domain::Lang;
use crate::i18n::use_i18n;

/// The language the page is shown in.
pub fn use_lang() -> Lang {
    use_i18n().get_locale().into()
}
