//! The help center as later stages see it: types only.

pub mod site;
