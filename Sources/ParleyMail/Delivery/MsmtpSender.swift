import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Delivers through Debian's `msmtp`, one process per message: the relay's settings as
/// arguments (`--host` keeps msmtp away from any configuration file), the envelope recipients
/// after `--`, the message on standard input. msmtp speaks SMTP (EHLO, STARTTLS, AUTH,
/// pipelining, dot-stuffing, the relay's replies); parley never does.
///
/// The child gets the message from a private temporary file and writes its words to another:
/// no pipes, so a child that stops reading cannot block or signal parley. Its exit status is
/// sendmail's (sysexits.h): 75 (EX_TEMPFAIL) and other trouble with the relay are temporary,
/// refusals of an address or a message are permanent.
public struct MsmtpSender: MailSender {
    public let relay: SMTPRelay
    public let executable: String
    public let heloDomain: String
    /// msmtp's network timeout, in seconds; the whole run is stopped after four times as long.
    public let timeout: Int

    public init(relay: SMTPRelay, executable: String, heloDomain: String, timeout: Int = 30) {
        self.relay = relay
        self.executable = executable
        self.heloDomain = heloDomain
        self.timeout = timeout
    }

    /// msmtp as PARLEY_MSMTP names it, else the first on PATH, else /usr/bin/msmtp if present.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let explicit = environment["PARLEY_MSMTP"], !explicit.isEmpty {
            return FileManager.default.isExecutableFile(atPath: explicit) ? explicit : nil
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/msmtp"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return FileManager.default.isExecutableFile(atPath: "/usr/bin/msmtp") ? "/usr/bin/msmtp" : nil
    }

    /// sysexits.h statuses after which trying again cannot help: usage (64), data (65: msmtp's
    /// answer to a 5xx refusal of a recipient), no such user (67), no permission (77),
    /// configuration (78). msmtp answers a 4xx refusal with 69 (unavailable) and a relay it
    /// cannot reach with 75 (temporary failure): both are tried again.
    static let permanentStatuses: Set<Int32> = [64, 65, 67, 77, 78]

    public func send(_ mail: OutgoingMail) async throws {
        guard !mail.recipients.isEmpty else { throw MailDeliveryError.permanent("no recipients") }
        for recipient in mail.recipients + [mail.envelopeFrom] where !MailAddress.isDeliverable(recipient) {
            throw MailDeliveryError.permanent("\(recipient) is not an address parley can send to")
        }
        let arguments = relay.msmtpArguments(envelopeFrom: mail.envelopeFrom, heloDomain: heloDomain, timeout: timeout)
            + ["--"] + mail.recipients
        let outcome = try await Self.run(executable, arguments, input: mail.data, limit: Double(timeout * 4))
        if outcome.status == 0 { return }
        let words = outcome.output.split(whereSeparator: \.isNewline).map(String.init)
            .filter { !$0.isEmpty }.joined(separator: " | ")
        let message = "msmtp exited with \(outcome.status)" + (words.isEmpty ? "" : ": \(words)")
        if Self.permanentStatuses.contains(outcome.status) { throw MailDeliveryError.permanent(message) }
        throw MailDeliveryError.temporary(message)
    }

    /// glibc's posix_spawn_file_actions_addclosefrom_np (2.34 and later), which Swift's Glibc
    /// module does not declare: looked up once.
    nonisolated(unsafe) static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    struct Outcome: Sendable {
        var status: Int32
        var output: String
    }

    /// Runs the program on a thread of its own (it blocks), not on Swift's cooperative pool.
    static func run(_ executable: String, _ arguments: [String], input: [UInt8], limit: Double) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    continuation.resume(returning: try runBlocking(executable, arguments, input: input, limit: limit))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    static func runBlocking(_ executable: String, _ arguments: [String], input: [UInt8], limit: Double) throws -> Outcome {
        let folder = FileManager.default.temporaryDirectory.path
        let stem = "\(folder)/parley-mail-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let inputPath = stem + ".eml", outputPath = stem + ".out"
        defer {
            unlink(inputPath)
            unlink(outputPath)
        }
        guard FileManager.default.createFile(atPath: inputPath, contents: Data(input), attributes: [.posixPermissions: 0o600]) else {
            throw MailDeliveryError.temporary("cannot write the message to \(inputPath)")
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of parley's (sockets, the database's connections) reaches the child.
        if let closeFrom = Self.addCloseFrom { _ = closeFrom(&actions, 3) }

        // Default signal handling and an empty mask in the child, whatever this thread blocks.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard spawned == 0 else {
            throw MailDeliveryError.temporary("cannot start \(executable): \(String(cString: strerror(spawned)))")
        }

        // A watchdog ends a run that outlives the limit (msmtp's own timeout should come first).
        let finished = ManagedAtomicFlag()
        let child = pid
        let watchdog = Thread {
            let deadline = Date().addingTimeInterval(limit)
            while !finished.isSet, Date() < deadline { usleep(50_000) }
            if !finished.isSet { kill(child, SIGKILL) }
        }
        watchdog.start()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        finished.set()
        let exited = (status & 0x7f) == 0
        let code = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        return Outcome(status: code, output: exited ? output : output + " (stopped after \(Int(limit)) s)")
    }
}

/// A flag one thread sets and another reads.
final class ManagedAtomicFlag: Sendable {
    private let value = Mutex(false)

    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
