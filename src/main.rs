//! The `ingressctl` binary: hands its arguments to the library and exits with its code.

fn main() {
    let code = ingressctl::run(std::env::args_os());
    std::process::exit(code);
}
