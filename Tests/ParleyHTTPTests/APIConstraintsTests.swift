import Foundation
import Testing
import ParleyCore
@testable import ParleyHTTP

/// The rules of APIConstraints read as their patterns say (Swift's Regex on scalars agreeing
/// with ECMA-262, as schemathesis and other clients read the document), and never accept what
/// the core's TextRules would refuse.
@Suite struct APIConstraintsTests {
    let constraints = APIConstraints()

    @Test func textRulesReadAsTheirPatternsSay() {
        let name = APIConstraints.personName("author")
        for good in ["Ann", " Ann ", "Олена К.", "e\u{301}", "李", "a\u{200B}b"] { #expect(name.accepts(text: good), "\(good.debugDescription)") }
        for bad in ["", "   ", "\u{2003}", "\u{200B}", "A\u{7}B", "Ann\n", String(repeating: "a", count: 101)] {
            #expect(!name.accepts(text: bad), "\(bad.debugDescription)")
        }
        let body = constraints.commentBody
        for good in [" x ", "\n\nHello\n", "\u{301}", String(repeating: "é", count: 10_000)] { #expect(body.accepts(text: good)) }
        for bad in ["", " \n\t", "\u{200B}\u{3000}", "a\u{0}b", String(repeating: "a", count: 10_001)] { #expect(!body.accepts(text: bad)) }
        let email = APIConstraints.email
        for good in ["a@b.c", " a@b.co ", "олена@пример.укр", "a@\u{301}b.c"] { #expect(email.accepts(text: good), "\(good)") }
        for bad in ["a@b", "@b.c", "a b@c.d", "a@b@c.d", "a@b.c\u{7}"] { #expect(!email.accepts(text: bad), "\(bad)") }
    }

    @Test func namesIdsAndDurationsReadAsTheirPatternsSay() {
        let key = APIConstraints.articleKey
        for good in ["story", "a/b:é", "2026-11-25_x"] { #expect(key.accepts(text: good)) }
        for bad in ["", "a b", "a\u{A0}b", "a\u{85}", String(repeating: "k", count: 301)] { #expect(!key.accepts(text: bad)) }
        let keys = APIConstraints.articleKeys
        #expect(keys.accepts(text: "a,b,c") && keys.accepts(text: (1...100).map { "k\($0)" }.joined(separator: ",")))
        for bad in ["", "a,,b", "a,", ",a", "a, b", (1...101).map { "k\($0)" }.joined(separator: ",")] { #expect(!keys.accepts(text: bad)) }
        let since = APIConstraints.since
        for good in ["0s", "24h", "99999d"] { #expect(since.accepts(text: good)) }
        for bad in ["", "100000d", "1H", "1h\n", "\u{663}h", "-1h", "1.5h"] { #expect(!since.accepts(text: bad), "\(bad.debugDescription)") }
        let ban = APIConstraints.banDuration
        #expect(ban.accepts(text: "7d") && ban.accepts(text: "999999d") && !ban.accepts(text: "0d") && !ban.accepts(text: "07d"))
        let cursor = APIConstraints.threadCursor
        #expect(cursor.accepts(text: ThreadCursor(sort: .top, key: -3, id: 9).token))
        for bad in ["", "top.1", "best.1.2", "top.1.2.3", "top.12345678901234567.1"] { #expect(!cursor.accepts(text: bad)) }
        #expect(APIConstraints.queueCursor.accepts(text: QueueCursor(createdAt: Date(), id: 42).token))
        let states = APIConstraints.states
        #expect(states.accepts(text: "visible,held,spam") && !states.accepts(text: "Visible") && !states.accepts(text: "visible,"))
        let limit = APIConstraints.limit(max: 1000, default: 100)
        #expect(limit.accepts(text: "1000") && !limit.accepts(text: "1001") && !limit.accepts(text: "0") && !limit.accepts(text: "ten"))
        #expect(APIConstraints.idempotencyKey.accepts(text: UUID().uuidString) && !APIConstraints.idempotencyKey.accepts(text: "a b"))
    }

    /// Every character TextRules trims (Foundation's white space) is blank to the patterns.
    @Test func blankIsExactlyWhatTextRulesTrims() {
        let body = constraints.commentBody
        for value in 0...0x3000 {
            guard let scalar = Unicode.Scalar(value), scalar != "\u{0}" else { continue }
            let trimmed = CharacterSet.whitespacesAndNewlines.contains(scalar)
            #expect(body.accepts(text: String(scalar)) == !trimmed, "U+\(String(value, radix: 16))")
        }
    }

    /// What a rule accepts, the core accepts too: the API never answers 400 for what its document allows.
    @Test func theCoreAcceptsWhatTheRulesAccept() throws {
        for sample in ["Ann", " a ", "e\u{301}", "\u{301}", "x\u{200B}", "Ω", "\u{1F600}"] {
            if APIConstraints.personName("author").accepts(text: sample) { _ = try TextRules.personName(sample) }
            if constraints.commentBody.accepts(text: sample) { _ = try TextRules.commentBody(sample, maxLength: 10_000) }
            if APIConstraints.reason.accepts(text: sample) { _ = try TextRules.reason(sample) }
            if APIConstraints.articleKey.accepts(text: sample) { _ = try TextRules.articleKey(sample) }
        }
        for sample in ["a@b.c", " a@b.c\n", "a@\u{301}.b", "a.b@c.d"] where APIConstraints.email.accepts(text: sample) {
            _ = try TextRules.email(sample)
        }
    }
}
