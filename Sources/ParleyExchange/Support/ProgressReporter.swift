/// Hears how far a long export or import is. The CLI draws a bar on a terminal; elsewhere
/// nobody listens. Calls come from one thread at a time, often not the caller's.
public protocol ProgressReporter: Sendable {
    /// Whether a total is worth a counting query first (only a visible bar needs one).
    var wantsTotal: Bool { get }
    func start(_ label: String, total: Int?, unit: ProgressUnit)
    func update(_ done: Int)
    func finish()
}

public enum ProgressUnit: Sendable {
    case comments
    case bytes
}

/// Boxes a value that a `@Sendable` closure must carry to the one storage thread that uses
/// it while the caller waits; it is never touched from two threads at once.
final class Handoff<Value>: @unchecked Sendable {
    var value: Value

    init(_ value: Value) {
        self.value = value
    }
}
