//! The `ingressctl` binary: hands its arguments to the library and exits with its code.

/// mimalloc: the request path allocates and frees many small objects per request (headers,
/// futures, buffers); glibc's malloc took about a sixth of serve's user CPU in the profile.
/// `--features system-allocator` builds with the system's malloc instead, so that heap
/// profilers that hook malloc (heaptrack, valgrind's massif) see every allocation.
#[cfg(not(feature = "system-allocator"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let code = ingressctl::run(std::env::args_os());
    std::process::exit(code);
}
