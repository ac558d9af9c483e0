//! Commands beside the pipeline: `init` and `tree graph`.

pub mod init;
pub mod tree_graph;
