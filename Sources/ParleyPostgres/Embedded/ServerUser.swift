import Foundation
import ParleyCore

/// The account the private cluster's server runs as. PostgreSQL refuses to run as root, so
/// as root parley runs it as `postgres` (Debian's server account) or, failing that, `nobody`.
struct ServerUser: Sendable {
    let name: String
    let uid: uid_t
    let gid: gid_t
    /// True when parley runs as root and must switch to this account for server programs.
    let needsSwitch: Bool

    static func forCurrentProcess() throws -> ServerUser {
        let uid = geteuid()
        if uid != 0 {
            let name = getpwuid(uid).map { String(cString: $0.pointee.pw_name) } ?? String(uid)
            return ServerUser(name: name, uid: uid, gid: getegid(), needsSwitch: false)
        }
        for candidate in ["postgres", "nobody"] {
            if let entry = getpwnam(candidate) {
                return ServerUser(name: candidate, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid, needsSwitch: true)
            }
        }
        throw ParleyError.localCluster("Running as root, parley needs an unprivileged account for PostgreSQL; create the user `postgres`.")
    }

    /// The program and arguments to run `arguments` as this user.
    func command(_ program: String, _ arguments: [String]) -> (String, [String]) {
        guard needsSwitch else { return (program, arguments) }
        let runuser = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"]
            .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/sbin/runuser"
        return (runuser, ["-u", name, "--", program] + arguments)
    }

    /// Makes `path` belong to this user (only needed when switching from root).
    func own(_ path: String) throws {
        guard needsSwitch else { return }
        guard chown(path, uid, gid) == 0 else {
            throw ParleyError.localCluster("Could not give \(path) to the user \(name): \(String(cString: strerror(errno))).")
        }
    }

    /// Whether this user can reach `path` (search permission on it and on every folder above).
    func canTraverse(_ path: String) -> Bool {
        guard needsSwitch else { return true }
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            var info = stat()
            guard stat(current, &info) == 0 else { return true }  // not created yet: we create it open
            let mode = info.st_mode
            let allowed = (info.st_uid == uid && mode & S_IXUSR != 0)
                || (info.st_gid == gid && mode & S_IXGRP != 0)
                || (mode & S_IXOTH != 0)
            if !allowed { return false }
        }
        return true
    }
}
