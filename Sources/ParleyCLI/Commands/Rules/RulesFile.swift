import Foundation
import ParleyCore
import ParleyModeration

/// Reading and compiling a ruleset file given on the command line.
enum RulesFile {
    static func read(_ path: String) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw ParleyError.invalid("Cannot read the ruleset file \(path).", code: "unreadable_file")
            }
            data = contents
        }
        return try TextRules.utf8(data, what: "The ruleset file \(path)")
    }

    /// Compiles, or prints every problem as `line:column: message` on stderr and fails.
    static func compile(_ path: String) throws -> (source: String, ruleset: CompiledRuleset) {
        let source = try read(path)
        do {
            return (source, try CompiledRuleset.compile(source))
        } catch {
            for problem in error.problems {
                Terminal.standardError.writeLine(problem.description)
            }
            let count = error.problems.count
            throw ParleyError.invalid("The ruleset \(path) has \(count) problem\(count == 1 ? "" : "s"); nothing was changed.", code: "invalid_ruleset")
        }
    }
}
