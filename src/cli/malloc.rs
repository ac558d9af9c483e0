//! The memory allocator: jemalloc on Linux with glibc.
//!
//! glibc's malloc was a third to a half of a large build's CPU time: the
//! model of a 50,000-article help center leaves its heap with hundreds of
//! thousands of free chunks of every size, and every later allocation (a
//! page's template context, the indexer's buffers) walked them in
//! `_int_malloc`. jemalloc's size-class slabs do not degrade that way: the
//! same build takes half the CPU time (`bench/scale.md`). mimalloc was
//! tried earlier and used more memory, not less.

/// The allocator of the whole binary.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings, read when it starts (`MALLOC_CONF` in the
/// environment still overrides them): memory freed by one stage (the
/// parallel parse's trees, a page's context) is given back to the system
/// after half a second instead of ten, on a background thread, so that the
/// next stage's peak does not stack on it. jemalloc's peak is 1-5% above
/// glibc's; these settings gain back about 1% of it, at the same speed.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(non_upper_case_globals)]
#[export_name = "_rjem_malloc_conf"]
pub static malloc_conf: &[u8; 59] = b"background_thread:true,dirty_decay_ms:500,muzzy_decay_ms:0\0";
