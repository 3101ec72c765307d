import Foundation

/// `postmaster.pid` in a data directory, as PostgreSQL writes it (miscinit.h, LOCK_FILE_LINE_*):
/// the postmaster's pid, its data directory, start time, port, socket directory, listen
/// address, the key and id of its System V shared memory segment, and its status.
struct ServerLockFile: Sendable, Equatable {
    static let name = "postmaster.pid"

    var pid: pid_t
    var port: Int?
    var socketDirectory: String?
    /// The interlock segment every server process stays attached to until it exits.
    var sharedMemoryKey: UInt?
    var sharedMemoryID: Int32?

    init(pid: pid_t, port: Int? = nil, socketDirectory: String? = nil, sharedMemoryKey: UInt? = nil, sharedMemoryID: Int32? = nil) {
        self.pid = pid
        self.port = port
        self.socketDirectory = socketDirectory
        self.sharedMemoryKey = sharedMemoryKey
        self.sharedMemoryID = sharedMemoryID
    }

    /// nil when there is no lock file or it does not name a process yet (it is written in steps).
    static func read(dataDirectory: String) -> ServerLockFile? {
        guard let text = try? String(contentsOfFile: dataDirectory + "/" + name, encoding: .utf8) else { return nil }
        return parse(text)
    }

    static func parse(_ text: String) -> ServerLockFile? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        // A standalone backend writes its pid negated.
        guard let first = lines.first, let signed = Int32(first), signed != 0 else { return nil }
        var lock = ServerLockFile(pid: abs(signed))
        func line(_ number: Int) -> String? { lines.count >= number && !lines[number - 1].isEmpty ? lines[number - 1] : nil }
        lock.port = line(4).flatMap { Int($0) }
        lock.socketDirectory = line(5)
        if let shared = line(7)?.split(separator: " ", omittingEmptySubsequences: true), shared.count == 2 {
            lock.sharedMemoryKey = UInt(shared[0])
            lock.sharedMemoryID = Int32(shared[1])
        }
        return lock
    }

    /// The lock file of the unix socket, `.s.PGSQL.PORT.lock`, which also names the postmaster.
    var socketLockPath: String? {
        guard let port, let socketDirectory else { return nil }
        return socketDirectory + "/.s.PGSQL.\(port).lock"
    }
}
