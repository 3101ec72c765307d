import Foundation
import ParleyExchange
import Synchronization

/// A progress bar on standard error, redrawn at most ten times a second, with the rate and
/// the time left when the total is known. Only on a terminal: piped or redirected, silent.
final class TerminalProgress: ProgressReporter {
    private struct State {
        var label = ""
        var total: Int?
        var unit = ProgressUnit.comments
        var started = ContinuousClock.now
        var lastDrawn: ContinuousClock.Instant?
        var done = 0
        var active = false
    }

    private let terminal: Terminal
    private let state = Mutex(State())

    /// nil when standard error is not a terminal.
    static func onStandardError() -> TerminalProgress? {
        Terminal.standardError.isTTY ? TerminalProgress(terminal: .standardError) : nil
    }

    init(terminal: Terminal) {
        self.terminal = terminal
    }

    var wantsTotal: Bool { true }

    func start(_ label: String, total: Int?, unit: ProgressUnit) {
        state.withLock { state in
            state = State(label: label, total: total, unit: unit, started: .now, active: true)
        }
        update(0)
    }

    func update(_ done: Int) {
        let line: String? = state.withLock { state in
            guard state.active else { return nil }
            state.done = done
            let now = ContinuousClock.now
            if let last = state.lastDrawn, now - last < .milliseconds(100) { return nil }
            state.lastDrawn = now
            return Self.render(state, now: now, width: terminal.width)
        }
        if let line { terminal.write("\r\u{1B}[2K" + line) }
    }

    func finish() {
        let line: String? = state.withLock { state in
            guard state.active else { return nil }
            state.active = false
            return Self.render(state, now: .now, width: terminal.width)
        }
        if let line { terminal.write("\r\u{1B}[2K" + line + "\n") }
    }

    private static func render(_ state: State, now: ContinuousClock.Instant, width: Int) -> String {
        let elapsed = max(0.001, seconds(now - state.started))
        let rate = Double(state.done) / elapsed
        var parts = [state.label]
        if let total = state.total, total > 0 {
            let fraction = min(1, Double(state.done) / Double(total))
            let barWidth = max(10, min(30, width - 70))
            let filled = Int(fraction * Double(barWidth))
            parts.append(String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled))
            parts.append(String(format: "%3.0f%%", fraction * 100))
            parts.append("\(amount(state.done, state.unit)) of \(amount(total, state.unit))")
        } else {
            parts.append(amount(state.done, state.unit))
        }
        parts.append(state.unit == .bytes ? "\(amount(Int(rate), .bytes))/s" : "\(amount(Int(rate), .comments))/s")
        if let total = state.total, rate > 0, state.done < total {
            parts.append("ETA " + clock(Double(total - state.done) / rate))
        } else {
            parts.append(clock(elapsed))
        }
        return parts.joined(separator: "  ")
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func amount(_ value: Int, _ unit: ProgressUnit) -> String {
        switch unit {
        case .comments:
            return value >= 10_000 ? String(format: "%.0fk", Double(value) / 1000) : String(value)
        case .bytes:
            if value >= 1 << 30 { return String(format: "%.1f GiB", Double(value) / Double(1 << 30)) }
            if value >= 1 << 20 { return String(format: "%.1f MiB", Double(value) / Double(1 << 20)) }
            return String(format: "%.0f KiB", Double(value) / 1024)
        }
    }

    private static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600 ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
            : String(format: "%d:%02d", total / 60, total % 60)
    }
}
