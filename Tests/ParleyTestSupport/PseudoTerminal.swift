import Foundation

/// Runs a program on a real pseudo-terminal, as a person at a terminal would: keys are
/// written to the master side and the screen is read back from it.
public final class PseudoTerminal: @unchecked Sendable {
    public let master: Int32
    /// Our own handle on the terminal side, to read its settings after the program exits.
    public let slave: Int32
    public let pid: pid_t
    private var screen = Data()

    public init(executable: String, arguments: [String], environment: [String: String]) throws {
        struct Failure: Error, CustomStringConvertible { let description: String }
        // posix_openpt/unlockpt/ptsname, spelled out: Swift's Glibc module does not export them.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, 0x4004_5431 /* TIOCSPTLCK */, &unlock) == 0, ioctl(master, 0x8004_5430 /* TIOCGPTN */, &number) == 0 else {
            throw Failure(description: "no pseudo-terminal available")
        }
        let slaveName = "/dev/pts/\(number)"
        slave = open(slaveName, O_RDWR | O_NOCTTY)
        var size = winsize(ws_row: 40, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, slaveName, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        // POSIX_SPAWN_SETSID (0x80 in glibc) is not exported either: the child gets its own session.
        posix_spawnattr_setflags(&attributes, Int16(0x80 | POSIX_SPAWN_SETSIGMASK))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard status == 0 else { throw Failure(description: "posix_spawn failed: \(status)") }
        pid = child
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close(master)
        close(slave)
    }

    public func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Everything shown so far, as text.
    public var output: String { String(decoding: screen, as: UTF8.self) }

    /// Reads until `text` appears after `offset` (or the timeout passes); returns whether it did.
    @discardableResult
    public func waitFor(_ text: String, after offset: Int = 0, timeout: Double = 15) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            pump(milliseconds: 50)
            let shown = output
            if let start = shown.utf8.index(shown.utf8.startIndex, offsetBy: min(offset, shown.utf8.count), limitedBy: shown.utf8.endIndex),
               shown[start...].contains(text) {
                return true
            }
        }
        return false
    }

    /// The length of the output so far, for `waitFor(_:after:)`.
    public var mark: Int { screen.count }

    private func pump(milliseconds: Int32) {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, milliseconds) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { break }
            screen.append(contentsOf: buffer[0..<count])
        }
    }

    /// Waits for the program to end; its exit status.
    public func wait(timeout: Double = 15) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            pump(milliseconds: 20)
            if waitpid(pid, &status, WNOHANG) == pid {
                pump(milliseconds: 20)
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            }
        }
        kill(pid, SIGKILL)
        return nil
    }

    /// Whether the terminal is back in ordinary line mode with echo.
    public var isInLineMode: Bool {
        var settings = termios()
        guard tcgetattr(slave, &settings) == 0 else { return false }
        return settings.c_lflag & tcflag_t(ICANON) != 0 && settings.c_lflag & tcflag_t(ECHO) != 0
    }
}
