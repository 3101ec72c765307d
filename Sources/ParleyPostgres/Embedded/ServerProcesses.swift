import Foundation

/// What the process table says about a cluster's server processes (Linux /proc).
enum ServerProcesses {
    enum Liveness: Sendable, Equatable {
        case running
        /// Exited, but not yet reaped by its parent: it still holds its pid, so `kill(pid, 0)`
        /// (pg_ctl status, and PostgreSQL's own lock-file check) takes it for a live server.
        case zombie
        case gone
    }

    static func liveness(_ pid: pid_t) -> Liveness {
        guard pid > 0 else { return .gone }
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) {
            // "pid (comm) S ...": the name may hold spaces and parentheses; the state follows the last ')'.
            guard let close = stat.lastIndex(of: ")") else { return .running }
            let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
            return state == "Z" || state == "X" ? .zombie : .running
        }
        if FileManager.default.fileExists(atPath: "/proc/self") { return .gone }
        return kill(pid, 0) == 0 || errno == EPERM ? .running : .gone
    }

    /// True when `pid` runs with `dataDirectory` as its working directory, as every server
    /// process does; also true when the process table cannot tell (another user's process).
    static func runs(_ pid: pid_t, in dataDirectory: String) -> Bool {
        switch link("/proc/\(pid)/cwd") {
        case .success(let directory): return directory == canonical(dataDirectory)
        case .failure(let error): return error.code == EACCES || error.code == EPERM
        }
    }

    /// Live `postgres` processes working in `dataDirectory`, in pid order.
    static func serving(_ dataDirectory: String) -> [pid_t] {
        let directory = canonical(dataDirectory)
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { pid in
            pid != getpid() && workingDirectory(pid) == directory && executableName(pid) == "postgres" && liveness(pid) == .running
        }.sorted()
    }

    static func workingDirectory(_ pid: pid_t) -> String? {
        try? link("/proc/\(pid)/cwd").get()
    }

    static func executableName(_ pid: pid_t) -> String? {
        (try? link("/proc/\(pid)/exe").get()).map { ($0 as NSString).lastPathComponent }
    }

    static func canonical(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    struct Failure: Error {
        let code: Int32
    }

    private static func link(_ path: String) -> Result<String, Failure> {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return .failure(Failure(code: errno)) }
        return .success(String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}
