import ParleyCore

/// Swift Testing has a `Comment` type of its own; in these tests a comment is parley's.
typealias Comment = ParleyCore.Comment
