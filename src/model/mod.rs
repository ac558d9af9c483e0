//! The help center as later stages see it: types only, filled by `load`
//! (and, for resolved links and tree distances, by `validate`).

pub mod meta;
pub mod search;
pub mod site;
pub mod status;
pub mod tree;
pub mod urls;
