import Foundation
import Testing

/// Expected outputs kept under Golden/. With PARLEY_UPDATE_GOLDEN=1 a run rewrites them in
/// the source tree instead of comparing (then review the diff before committing).
enum GoldenFile {
    static func check(_ actual: String, against name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if ProcessInfo.processInfo.environment["PARLEY_UPDATE_GOLDEN"] == "1" {
            let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Golden")
            try Data(actual.utf8).write(to: folder.appendingPathComponent(name))
            return
        }
        let expected = try contents(name)
        if expected == actual { return }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(expectedLines.count, actualLines.count)
        Issue.record("""
            \(name) differs from the golden file at line \(line + 1):
              expected: \(line < expectedLines.count ? String(expectedLines[line]) : "<end>")
              actual:   \(line < actualLines.count ? String(actualLines[line]) : "<end>")
            """, sourceLocation: sourceLocation)
    }

    static func contents(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Golden"))
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    static func url(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Golden"))
    }
}
