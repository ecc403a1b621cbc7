//! Backstop's policy engine: the IAM policy language, AWS's evaluation logic, and the DynamoDB backup
//! and restore knowledge built on them. Pure Rust with no I/O, so the page (wasm32) and the server
//! answer every question with the same code.

pub mod document;
pub mod span;
