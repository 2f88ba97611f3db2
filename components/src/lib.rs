//! Leptos views of clusterlab.
//!
//! Views render engine state and turn user events into engine calls; no rule
//! lives here. They reach the outside world only through the contexts in
//! [`context`], which the app crate provides at its root.
#![warn(missing_docs)]

#[cfg(feature = "cluster-plan")]
pub mod cluster_plan;
#[cfg(feature = "cluster-types")]
pub mod cluster_types;
#[cfg(feature = "consortium-sim")]
pub mod consortium;
pub mod context;
mod exercise;
#[cfg(feature = "aec-quiz")]
pub mod quiz;
pub mod shell;
pub mod ui;

pub use shell::Shell;
