//! Backstop's policy engine: the IAM policy language, AWS's evaluation logic, and the DynamoDB backup
//! and restore knowledge built on them. Pure Rust with no I/O, so the page (wasm32) and the server
//! answer every question with the same code.

pub mod arn;
pub mod build;
pub mod capability;
pub mod case;
pub mod catalog;
pub mod common_role;
pub mod condition;
pub mod context;
pub mod document;
pub mod eval;
pub mod finding;
pub mod lint;
pub mod parse;
pub mod pattern;
pub mod preset;
pub mod preview;
pub mod print;
pub mod quota;
pub mod reverse;
pub mod scope;
pub mod share;
pub mod span;
pub mod spec;
pub mod variables;
