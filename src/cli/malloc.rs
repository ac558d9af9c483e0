//! The memory allocator's setup, first thing in `main`.

/// Caps glibc's malloc at one heap ("arena") per core. By default every
/// thread that allocates gets its own, up to eight per core, and memory
/// freed in one is never reused by another: a 50,000-article build (render
/// and index threads side by side) peaked about 200 MB higher that way,
/// for ~3% less time. `MALLOC_ARENA_MAX`, when set, still decides.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub(crate) fn limit_arenas() {
    extern "C" {
        fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
    }
    const M_ARENA_MAX: std::ffi::c_int = -8;
    if std::env::var_os("MALLOC_ARENA_MAX").is_some() {
        return;
    }
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let arenas = std::ffi::c_int::try_from(cores.max(2)).unwrap_or(std::ffi::c_int::MAX);
    // SAFETY: mallopt only sets one of the allocator's tunables; it is
    // called first thing in main, before any other thread exists.
    unsafe {
        mallopt(M_ARENA_MAX, arenas);
    }
}

/// Nothing to set up with other allocators.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub(crate) fn limit_arenas() {}
