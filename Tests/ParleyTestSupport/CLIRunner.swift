import Foundation

/// Runs the built `parley` binary as a user would, capturing its output and exit status.
public struct CLIRunner: Sendable {
    public struct Outcome: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    public let executable: String
    public let environment: [String: String]

    /// `environment` replaces the inherited PG*/DATABASE_URL/PARLEY_* variables.
    public init(environment: [String: String], executable: String? = nil) throws {
        self.executable = try executable ?? Self.locate()
        var base = ProcessInfo.processInfo.environment.filter { key, _ in
            !(key.hasPrefix("PG") || key == "DATABASE_URL" || key.hasPrefix("PARLEY_") || key == "NO_COLOR" || key == "COLUMNS")
        }
        base.merge(environment) { _, new in new }
        self.environment = base
    }

    /// The `parley` binary next to the test bundle (or PARLEY_BIN).
    public static func locate() throws -> String {
        if let explicit = ProcessInfo.processInfo.environment["PARLEY_BIN"], FileManager.default.isExecutableFile(atPath: explicit) {
            return explicit
        }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("parley").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        struct NotBuilt: Error, CustomStringConvertible {
            var description: String { "the parley binary was not found next to the tests; run `swift build` first" }
        }
        throw NotBuilt()
    }

    @discardableResult
    public func run(_ arguments: [String], stdin: Data? = nil, extraEnvironment: [String: String] = [:],
                    workingDirectory: String? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment.merging(extraEnvironment) { _, new in new }
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Files, not pipes: nothing can block on a full pipe buffer.
        let out = folder.appendingPathComponent("out"), err = folder.appendingPathComponent("err"), input = folder.appendingPathComponent("in")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        FileManager.default.createFile(atPath: input.path, contents: stdin ?? Data())
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = try FileHandle(forReadingFrom: input)
        try process.run()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus,
                       stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                       stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}
