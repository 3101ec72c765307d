import Foundation
import Synchronization

/// A real SMTP server for a test: Python's aiosmtpd (smtp_sink.py beside this file) on a free
/// port of 127.0.0.1, writing what it accepts to a folder of its own. The virtualenv is
/// `.build/mail-venv` (scripts/test makes it; made here too when missing), or PARLEY_MAIL_PYTHON.
final class SMTPSink: @unchecked Sendable {
    /// One message as the sink received it and as Python's email package reads it.
    struct Message: Decodable {
        struct Part: Decodable {
            var contentType: String
            var charset: String
            var transferEncoding: String?
            var text: String
            var defects: [String]

            enum CodingKeys: String, CodingKey {
                case contentType = "content_type", charset, transferEncoding = "transfer_encoding", text, defects
            }
        }

        var headers: [[String]]
        var decoded: [String: String]
        var defects: [String]
        var longestLine: Int
        var bareLF: Bool
        var contentType: String
        var parts: [Part]
        var to: [[String]]?
        var from: [[String]]?
        var mailFrom: String
        var rcptTos: [String]
        /// The bytes as received (read from N.eml).
        var raw = ""

        enum CodingKeys: String, CodingKey {
            case headers, decoded, defects, longestLine = "longest_line", bareLF = "bare_lf", contentType = "content_type", parts,
                 to, from, mailFrom = "mail_from", rcptTos = "rcpt_tos"
        }

        /// Every value the header has, as sent.
        func raw(_ name: String) -> [String] {
            headers.filter { $0[0].lowercased() == name.lowercased() }.map { $0[1] }
        }

        func part(_ type: String) -> Part? { parts.first { $0.contentType == type } }
    }

    let folder: URL
    let port: Int
    private let process: Process

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The sink's python: PARLEY_MAIL_PYTHON, else .build/mail-venv/bin/python (scripts/test
    /// makes it with `prepare_mail_venv` of scripts/lib/setup.sh); nil when neither exists.
    static var python: String? {
        if let python = ProcessInfo.processInfo.environment["PARLEY_MAIL_PYTHON"], !python.isEmpty,
           FileManager.default.isExecutableFile(atPath: python) { return python }
        let python = repository.appendingPathComponent(".build/mail-venv/bin/python").path
        return FileManager.default.isExecutableFile(atPath: python) ? python : nil
    }

    /// The mail suites run only with the sink's virtualenv and msmtp at hand.
    static var available: Bool {
        python != nil && FileManager.default.isExecutableFile(atPath: "/usr/bin/msmtp")
    }

    /// Starts a sink; recipients in `refuse` get 550, those in `defer` get 451.
    static func start(refuse: [String] = [], defer deferred: [String] = []) throws -> SMTPSink {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = repository.appendingPathComponent("Tests/ParleyMailTests/Support/smtp_sink.py").path
        let process = Process()
        guard let python else { throw SinkError("no .build/mail-venv: run scripts/test, or prepare_mail_venv of scripts/lib/setup.sh") }
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "--folder", folder.path] + refuse.flatMap { ["--refuse", $0] } + deferred.flatMap { ["--defer", $0] }
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        FileManager.default.createFile(atPath: folder.appendingPathComponent("sink.log").path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: folder.appendingPathComponent("sink.log"))
        try process.run()
        // The first line says the port once the server listens.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            let log = (try? String(contentsOf: folder.appendingPathComponent("sink.log"), encoding: .utf8)) ?? ""
            throw SinkError("the SMTP sink did not start: \(text) \(log)")
        }
        return SMTPSink(folder: folder, port: port, process: process)
    }

    private init(folder: URL, port: Int, process: Process) {
        self.folder = folder
        self.port = port
        self.process = process
    }

    /// The messages received so far, in order.
    func messages() throws -> [Message] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        return try names.compactMap { name in Int(name.dropLast(5)).map { ($0, name) } }.sorted { $0.0 < $1.0 }.map { number, name in
            var message = try JSONDecoder().decode(Message.self, from: Data(contentsOf: folder.appendingPathComponent(name)))
            message.raw = String(decoding: try Data(contentsOf: folder.appendingPathComponent("\(number).eml")), as: UTF8.self)
            return message
        }
    }

    /// Waits (up to 30 s, looking every 20 ms) until at least `count` messages arrived.
    func waitForMessages(_ count: Int) async throws -> [Message] {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            let received = try messages()
            if received.count >= count { return received }
            guard ContinuousClock.now < deadline else { throw SinkError("\(received.count) of \(count) messages arrived") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Stops the server (by its pid) and removes its folder.
    func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning, Date() < deadline { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        try? FileManager.default.removeItem(at: folder)
    }
}

struct SinkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
