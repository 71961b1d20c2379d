//! ingressctl: expose a service through the Istio ingress, from manifest to verified endpoint.
//!
//! The binary is a thin shell over this library: [`cli`] parses arguments and prints;
//! [`manifest`], [`validate`] and the other modules hold the logic and are what tests call.

pub mod cert;
pub mod cli;
pub mod cluster;
pub mod convert;
pub mod diagnostic;
pub mod exit;
pub mod manifest;
pub mod memory;
pub mod output;
pub mod proxy;
pub mod validate;
pub mod verify;

pub use cli::run;
