import Foundation

/// Removes one temporary file when the process is stopped by Ctrl-C, SIGTERM or SIGHUP, so
/// an interrupted `export -o` leaves nothing behind. The path is kept as a C string because
/// a signal handler may only call async-signal-safe functions (unlink, signal, raise).
enum InterruptCleanup {
    static func remove(onInterrupt path: String) {
        let copy = strdup(path)
        let previous = interruptCleanupPath
        interruptCleanupPath = copy
        free(previous)
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            Foundation.signal(signal) { number in
                if let path = interruptCleanupPath { unlink(path) }
                Foundation.signal(number, SIG_DFL)
                raise(number)
            }
        }
    }

    static func cancel() {
        for signal in [SIGINT, SIGTERM, SIGHUP] { Foundation.signal(signal, SIG_DFL) }
        let previous = interruptCleanupPath
        interruptCleanupPath = nil
        free(previous)
    }
}

nonisolated(unsafe) private var interruptCleanupPath: UnsafeMutablePointer<CChar>?
