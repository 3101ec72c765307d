import Foundation
import ParleyCore

/// Runs a program to completion with stdin from /dev/null and its output in a file.
///
/// Not Foundation's `Process` with pipes: `pg_ctl start` leaves a postmaster running in the
/// background that would inherit the pipe, and waiting for the pipe's end would never
/// return. Here the child gets no descriptor of ours but the three we hand it.
public enum ProgramRunner {
    public struct Outcome: Sendable {
        public var status: Int32
        public var output: String
        /// Wall-clock time from spawn to exit.
        public var seconds: Double = 0
        /// The child's peak resident memory (getrusage's ru_maxrss), in KiB.
        public var peakResidentKiB: Int = 0
    }

    public static func run(_ executable: String, _ arguments: [String], outputFile: String? = nil) throws -> Outcome {
        let capture = outputFile ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("parley-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).out").path
        defer { if outputFile == nil { unlink(capture) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capture, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The child starts with default handlers and nothing blocked: Swift's worker threads
        // block signals, and a child that inherits that mask never sees e.g. its own SIGALRM.
        var flags: Int16 = 0
        var signals = sigset_t()
        sigfillset(&signals)
        posix_spawnattr_setsigdefault(&attributes, &signals)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_getflags(&attributes, &flags)
        posix_spawnattr_setflags(&attributes, flags | Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        markDescriptorsCloseOnExec()
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let started = ContinuousClock.now
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard spawned == 0 else {
            throw ParleyError.localCluster("Could not start \(executable): \(String(cString: strerror(spawned))).")
        }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let elapsed = ContinuousClock.now - started
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let output = (try? String(contentsOfFile: capture, encoding: .utf8)) ?? ""
        return Outcome(status: exitStatus, output: output,
                       seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                       peakResidentKiB: Int(usage.ru_maxrss))
    }

    /// Every descriptor above stderr gets FD_CLOEXEC, so the child (and a postmaster it
    /// leaves running) holds none of ours: not a test runner's pipe, not a socket.
    private static func markDescriptorsCloseOnExec() {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return }
        for entry in entries {
            guard let descriptor = Int32(entry), descriptor > 2 else { continue }
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 && flags & FD_CLOEXEC == 0 {
                _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC)
            }
        }
    }
}
