import ArgumentParser
import Foundation
import Logging
import ParleyCore

/// Runs the command line and maps every failure to CLI.md's exit codes:
/// 1 refused request, 2 usage, 3 database unreachable.
public enum ParleyMain {
    public static func run(_ arguments: [String] = Array(CommandLine.arguments.dropFirst())) async -> Int32 {
        let started = ContinuousClock.now
        defer {
            // For benchmarks: how long the command took once the process was up.
            if ProcessInfo.processInfo.environment["PARLEY_TIMING"] != nil {
                let elapsed = ContinuousClock.now - started
                let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
                Terminal.standardError.writeLine(String(format: "parley: command took %.2f ms", milliseconds))
            }
        }
        do {
            var command = try Parley.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let error as ParleyError {
            Terminal.standardError.writeLine("parley: \(error.message)")
            return exitCode(for: error)
        } catch let error as CleanExit {
            print(Parley.fullMessage(for: error))
            return 0
        } catch {
            let code = Parley.exitCode(for: error)
            if code == .success {
                print(Parley.fullMessage(for: error))
                return 0
            }
            let message = Parley.fullMessage(for: error)
            if !message.isEmpty { Terminal.standardError.writeLine(message.hasPrefix("Error: ") ? "parley: " + message.dropFirst(7) : message) }
            return code == .validationFailure ? 2 : code.rawValue
        }
    }

    public static func exitCode(for error: ParleyError) -> Int32 {
        switch error.kind {
        case .unavailable: 3
        case .invalid, .notFound, .conflict, .rejected, .forbidden, .unauthorized, .rateLimited, .internalFailure: 1
        }
    }

    /// Logging for the process: warnings and worse on stderr; PARLEY_LOG_LEVEL overrides.
    public static func bootstrapLogging() {
        let level = ProcessInfo.processInfo.environment["PARLEY_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
