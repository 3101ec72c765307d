import ParleyRender
import Testing

/// Bodies built to make a backtracking or quadratic renderer stall. Each is 100,000 characters
/// or more and must render in well under two seconds even in a debug build, the best of three
/// runs so that a busy machine does not decide; the bound is loose on purpose (a quadratic
/// renderer takes minutes here, not seconds).
@Suite struct PathologicalInputTests {
    static let size = 100_000

    static func repeated(_ piece: String, toLength length: Int = size) -> String {
        String(repeating: piece, count: max(1, length / piece.count))
    }

    static let bodies: [(String, String)] = [
        ("stars", repeated("*")),
        ("underscores", repeated("_")),
        ("brackets", repeated("[")),
        ("closing brackets", repeated("]")),
        ("backticks", repeated("`")),
        ("quote markers", repeated(">")),
        ("line breaks", repeated("\n")),
        ("star words", repeated("*a")),
        ("strong openers", repeated("**a ")),
        ("strong closers", repeated(" a**")),
        ("mixed markers", repeated("*_**__")),
        ("alternating openers and closers", repeated("*a_ _b* ")),
        ("backtick runs of growing length", repeated((1...440).map { String(repeating: "`", count: $0) + "a" }.joined(), toLength: 2 * size)),
        ("unclosed links", repeated("[a](")),
        ("unclosed link with many parentheses", "[a](https://a.example/" + repeated("(")),
        ("link with many closing parentheses", "[a](https://a.example/" + repeated(")")),
        ("brackets around a link", repeated("[") + "[a](https://a.example)" + repeated("]")),
        ("refused links", repeated("[x](javascript:alert(1))")),
        ("bracket code mix", repeated("[`")),
        ("encoded URL", "[a](https://a.example/" + repeated("&#x26;#x26;") + ")"),
        ("percent URL", "[a](https://a.example/" + repeated("%25") + ")"),
        ("one long bare URL", "https://a.example/" + repeated("a")),
        ("bare URLs back to back", repeated("https://a.example/")),
        ("refused bare URLs", repeated("https://a.example/javascript:")),
        ("bare URL trailing punctuation", "https://a.example/" + repeated(".)")),
        ("h everywhere", repeated("h")),
        ("fence lines", repeated("```\n")),
        ("shrinking fences, none closed", repeated((3...300).reversed().map { String(repeating: "`", count: $0) + "\n" }.joined(), toLength: 2 * size)),
        ("quoted fences", repeated("> ```\n")),
        ("deep quotes", repeated(repeated(">", toLength: 1_000) + " x\n")),
        ("entities", repeated("&#106;")),
        ("angle brackets", repeated("<a href=")),
    ]

    @Test(arguments: bodies.map(\.0))
    func rendersInLinearTime(_ name: String) throws {
        let body = try #require(Self.bodies.first { $0.0 == name }?.1)
        #expect(body.unicodeScalars.count >= Self.size - 1_000)
        let clock = ContinuousClock()
        var html = ""
        var elapsed = Duration.seconds(3600)
        for _ in 0..<3 where elapsed >= .seconds(2) {
            elapsed = min(elapsed, clock.measure { html = SafeMarkdown.html(body) })
        }
        #expect(elapsed < .seconds(2), "\(name): \(elapsed)")
        #expect(InertnessChecker.problems(in: html) == [], "\(name)")
    }

    @Test func tenThousandCharactersRenderQuickly() {
        let clock = ContinuousClock()
        for piece in ["*", "[", "`", "_", ">", "[a](", "*a"] {
            let body = Self.repeated(piece, toLength: 10_000)
            let elapsed = clock.measure { _ = SafeMarkdown.html(body) }
            #expect(elapsed < .seconds(1), "\(piece): \(elapsed)")
        }
    }
}
