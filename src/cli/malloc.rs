//! The memory allocator: jemalloc on Linux with glibc.
//!
//! glibc's malloc was a third to a half of a large build's CPU time: the
//! model of a 50,000-article help center leaves its heap with hundreds of
//! thousands of free chunks of every size, and every later allocation (a
//! page's template context, the indexer's buffers) walked them in
//! `_int_malloc`. jemalloc's size-class slabs do not degrade that way: the
//! same build takes half the CPU time at the same peak memory (`bench/scale.md`).
//! mimalloc was tried earlier and used more memory, not less.

/// The allocator of the whole binary.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;
