import Foundation
import ParleyCore
import ParleyPostgres

/// What the test helpers that start servers of their own (a replicated PostgreSQL pair,
/// PgBouncer) need from the machine: the PostgreSQL programs, the account servers run as
/// (PostgreSQL and PgBouncer both refuse root), and a way to run a program as that account.
struct TestServerTools: Sendable {
    /// Folder of initdb, pg_ctl, pg_basebackup.
    let binaries: String
    /// The account servers run as: this process's own, or `postgres` when running as root.
    let account: String
    let uid: uid_t
    let gid: gid_t
    let switchesUser: Bool

    static func find(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> TestServerTools {
        var folders: [String] = []
        if let configured = environment["PARLEY_PG_BIN"], !configured.isEmpty { folders.append(configured) }
        let debian = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: debian)) ?? []).compactMap { Int($0) }.sorted(by: >)
        folders += versions.map { "\(debian)/\($0)/bin" }
        folders += (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        guard let binaries = folders.first(where: { folder in
            ["initdb", "pg_ctl", "pg_basebackup"].allSatisfy { FileManager.default.isExecutableFile(atPath: "\(folder)/\($0)") }
        }) else {
            throw ParleyError.localCluster("initdb, pg_ctl and pg_basebackup are not installed (apt-get install postgresql, or set PARLEY_PG_BIN)")
        }
        if geteuid() != 0 {
            return TestServerTools(binaries: binaries, account: NSUserName(), uid: geteuid(), gid: getegid(), switchesUser: false)
        }
        guard let entry = getpwnam("postgres") else {
            throw ParleyError.localCluster("running as root, the test servers need the account `postgres`")
        }
        return TestServerTools(binaries: binaries, account: "postgres", uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid,
                               switchesUser: true)
    }

    /// Runs `program` (a path, or a name in `binaries`) as the server account; throws with
    /// its output when it fails.
    @discardableResult
    func run(_ program: String, _ arguments: [String]) throws -> String {
        let path = program.hasPrefix("/") ? program : "\(binaries)/\(program)"
        let (executable, fullArguments) = switchesUser
            ? (["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"].first { FileManager.default.isExecutableFile(atPath: $0) }
                ?? "/usr/sbin/runuser", ["-u", account, "--", path] + arguments)
            : (path, arguments)
        let outcome = try ProgramRunner.run(executable, fullArguments)
        guard outcome.status == 0 else {
            let name = (path as NSString).lastPathComponent
            throw ParleyError.localCluster("\(name) failed (status \(outcome.status)): \(outcome.output.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return outcome.output
    }

    /// A new folder only the server account can enter (root enters anyway).
    func makePrivateFolder(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try own(path)
    }

    func own(_ path: String) throws {
        guard switchesUser else { return }
        guard chown(path, uid, gid) == 0 else {
            throw ParleyError.localCluster("could not give \(path) to \(account): \(String(cString: strerror(errno)))")
        }
    }

    /// Writes a file the server account owns.
    func write(_ text: String, to path: String, mode: mode_t = 0o600) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, mode)
        try own(path)
    }

    /// A folder for a test's servers: under the temporary folder, or /tmp when that path would
    /// make unix socket paths too long (about 107 bytes).
    static func scratchFolder(_ name: String) -> String {
        let base = FileManager.default.temporaryDirectory.path
        let folder = (base as NSString).appendingPathComponent(name)
        return folder.utf8.count > 60 ? "/tmp/\(name)" : folder
    }

    /// A libpq connection-string value, quoted.
    static func quoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}

/// Liveness of a server's process by its pid (Linux /proc): a zombie counts as gone.
enum TestProcess {
    static func isAlive(_ pid: pid_t) -> Bool {
        guard pid > 0 else { return false }
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) {
            guard let close = stat.lastIndex(of: ")") else { return true }
            let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
            return state != "Z" && state != "X"
        }
        return kill(pid, 0) == 0
    }

    /// Whether `pid` runs in `folder` (every PostgreSQL server process works in its data
    /// folder): a pid that was reused by another program is never signalled.
    static func works(_ pid: pid_t, in folder: String) -> Bool {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/\(pid)/cwd", &buffer, buffer.count - 1)
        guard count > 0 else { return errno == EACCES || errno == EPERM }
        let directory = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let resolved = realpath(folder, nil) else { return directory == folder }
        defer { free(resolved) }
        return directory == String(cString: resolved)
    }

    /// Whether `pid` is the program `name` (its /proc comm), so a reused pid is never signalled.
    static func runs(_ pid: pid_t, program name: String) -> Bool {
        guard let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) else { return true }
        return comm.trimmingCharacters(in: .whitespacesAndNewlines) == name
    }

    /// Sends `signal`, waits up to `grace` for the process to go, then kills it.
    static func end(_ pid: pid_t, signal: Int32, grace: Duration = .seconds(10)) {
        guard isAlive(pid) else { return }
        kill(pid, signal)
        let deadline = ContinuousClock.now + grace
        while isAlive(pid) && ContinuousClock.now < deadline { usleep(10_000) }
        if isAlive(pid) {
            kill(pid, SIGKILL)
            let last = ContinuousClock.now + .seconds(5)
            while isAlive(pid) && ContinuousClock.now < last { usleep(10_000) }
        }
    }

    /// The first line of a pid file (postmaster.pid, pgbouncer's pidfile), if it names a live process.
    static func pid(inFile path: String) -> pid_t? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let line = text.split(separator: "\n").first, let pid = pid_t(line.trimmingCharacters(in: .whitespaces)),
              isAlive(pid) else { return nil }
        return pid
    }
}

/// Clean-up that must happen even when a test never reaches its own (a failed `#require`,
/// a crash of the test body): run at process exit for whatever is still registered.
final class ExitCleanup: @unchecked Sendable {
    static let shared = ExitCleanup()
    private let lock = NSLock()
    private var actions: [Int: @Sendable () -> Void] = [:]
    private var next = 0
    private var installed = false

    func register(_ action: @escaping @Sendable () -> Void) -> Int {
        lock.lock()
        defer { lock.unlock() }
        if !installed {
            installed = true
            atexit { ExitCleanup.shared.runAll() }
        }
        next += 1
        actions[next] = action
        return next
    }

    func unregister(_ key: Int) {
        lock.lock()
        defer { lock.unlock() }
        actions[key] = nil
    }

    private func runAll() {
        lock.lock()
        let pending = actions
        actions = [:]
        lock.unlock()
        for (_, action) in pending.sorted(by: { $0.key > $1.key }) { action() }
    }
}
