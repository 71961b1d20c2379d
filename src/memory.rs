//! Handing freed memory back to the operating system at the moments a lot of it was just
//! freed.
//!
//! mimalloc (serve's allocator) returns freed pages to the OS a second after they empty: on
//! the request path that keeps pages for reuse instead of paying a system call per page (a
//! purge delay of 0 cost a fifth of the 64 KiB throughput). A configuration build frees
//! megabytes at once (a cluster's first list converted object by object, a snapshot, the
//! table it replaced); left for a second, that room adds to the peak of the next phase.

/// Returns freed memory to the OS now rather than after the purge delay: the calling
/// thread's empty pages, and every page any thread has already handed back to mimalloc's
/// arenas (pages still held by another thread's heap stay until that thread lets them go).
/// A few milliseconds: call it between phases, never per request. Nothing happens in a build
/// with the system allocator (`--features system-allocator`), whose memory is not mimalloc's.
pub fn give_back_freed() {
    #[cfg(not(feature = "system-allocator"))]
    // SAFETY: `mi_collect` takes no pointers and may be called from any thread at any time.
    unsafe {
        libmimalloc_sys::mi_collect(true)
    }
}
