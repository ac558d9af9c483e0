//! A term query that never falls back to a fast-field scan.

use tantivy::query::{Query, TermQuery};
use tantivy::Term;

/// A term query on an indexed field. `TermQuery::weight` falls back to a
/// fast-field range scan for fields that are not indexed; every field
/// searched here is indexed, and skipping that path keeps range queries and
/// columnar readers out of the wasm module (~45 KB gzipped).
#[derive(Clone, Debug)]
pub(super) struct IndexedTermQuery(pub(super) TermQuery);

impl Query for IndexedTermQuery {
    fn weight(
        &self,
        scoring: tantivy::query::EnableScoring<'_>,
    ) -> tantivy::Result<Box<dyn tantivy::query::Weight>> {
        Ok(Box::new(self.0.specialized_weight(scoring)?))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor)
    }
}
