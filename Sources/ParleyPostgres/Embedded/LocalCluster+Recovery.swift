import Foundation
import ParleyCore

/// Starting again after the server was killed (`kill -9`, the OOM killer, a crash): its lock
/// file stays behind, its server processes take a moment to notice and exit, and until they
/// have, PostgreSQL refuses to start. parley waits for exactly what PostgreSQL checks.
extension LocalCluster {
    /// How long `start` waits for the killed server's processes; after `orphanGrace` it asks
    /// those still running to quit, as the postmaster itself would have after a crash.
    static let orphanLimit: Duration = .seconds(30)
    static let orphanGrace: Duration = .seconds(10)

    /// What the data directory's lock file says about its server.
    enum ServerState: Sendable, Equatable {
        case running(pid: pid_t)
        case stopped
        /// A lock file whose server no longer runs.
        case killed(ServerLockFile)
    }

    func serverState(_ configuration: LocalClusterConfiguration) -> ServerState {
        guard let lock = ServerLockFile.read(dataDirectory: configuration.dataDirectory) else { return .stopped }
        if ServerProcesses.liveness(lock.pid) == .running, ServerProcesses.runs(lock.pid, in: configuration.dataDirectory) {
            return .running(pid: lock.pid)
        }
        return .killed(lock)
    }

    /// Waits (up to `orphanLimit`) until no process of the killed server holds its shared
    /// memory, then removes lock files that would still stop PostgreSQL from starting.
    func clearKilledServer(_ lock: ServerLockFile, configuration: LocalClusterConfiguration,
                           progress: @Sendable (String) -> Void) throws {
        let dataDirectory = configuration.dataDirectory
        let clock = ContinuousClock()
        let started = clock.now
        var said = ""
        var askedToQuit = false
        while let id = lock.sharedMemoryID {
            let attached = ServerSharedMemory.attachedProcesses(id: id, dataDirectory: dataDirectory)
            if attached == 0 { break }
            let orphans = ServerProcesses.serving(dataDirectory)
            let count = max(attached, orphans.count)
            let pids = orphans.isEmpty ? "" : " (pid \(orphans.map(String.init).joined(separator: ", ")))"
            let waited = clock.now - started
            if waited >= Self.orphanLimit {
                throw ParleyError.localCluster(
                    "\(count) server process\(count == 1 ? "" : "es") of the killed server\(pids) still hold\(count == 1 ? "s" : "") its shared memory after \(Self.orphanLimit.components.seconds) s; stop \(count == 1 ? "it" : "them") and run `parley db start` again.")
            }
            if waited >= Self.orphanGrace && !askedToQuit && !orphans.isEmpty {
                orphans.forEach { kill($0, SIGQUIT) }
                progress("asked \(orphans.count) server process\(orphans.count == 1 ? "" : "es") of the killed server\(pids) to quit after \(Self.orphanGrace.components.seconds) s")
                askedToQuit = true
            }
            let message = "waiting for \(count) server process\(count == 1 ? "" : "es") of the killed server to exit\(pids)"
            if message != said {
                progress(message)
                said = message
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        // PostgreSQL takes its lock files for stale only when their pid is gone; a killed
        // postmaster keeps its pid until its parent (often init) reaps it, a second or more.
        let liveness = ServerProcesses.liveness(lock.pid)
        if liveness != .gone {
            let why = liveness == .zombie ? "is dead but not yet reaped" : "now belongs to another program"
            progress("removing the lock file of the killed server (its pid \(lock.pid) \(why))")
            unlink(dataDirectory + "/" + ServerLockFile.name)
            if let socketLock = lock.socketLockPath,
               let text = try? String(contentsOfFile: socketLock, encoding: .utf8),
               ServerLockFile.parse(text)?.pid == lock.pid {
                unlink(socketLock)
            }
        }
    }
}
