import Foundation
import ParleyCore

/// Generated comments and rulesets for `parley bench rules`.
enum RuleBenchCorpus {
    /// 100-1,000 characters each; about 10% with non-ASCII words; a few with links, insults,
    /// shouting or noise, as a real comment section has.
    static func comments<G: RandomNumberGenerator>(count: Int, using generator: inout G) -> [String] {
        let extras = [" Source: https://news.example/world/2024/11/19", " What an іdіot.", " d4mn it", " NOBODY LISTENS TO US!!!!!!!!!!!!",
                      " see bit.ly/3xYzQ", " You moron", " Write to me on whatsapp +44 7700 900123"]
        return (0..<count).map { _ in
            var text = SampleText.comment(length: Int.random(in: 100...1000, using: &generator),
                                          mixed: Int.random(in: 0..<10, using: &generator) == 0, using: &generator)
            if Int.random(in: 0..<20, using: &generator) == 0, let extra = extras.randomElement(using: &generator) {
                text = String(text.dropLast(extra.count)) + extra
            }
            return text
        }
    }

    static func input(_ body: String) -> ModerationInput {
        let now = Date()
        return ModerationInput(
            body: body,
            article: Article(id: 1, key: "bench", title: "Bench", tags: ["war"], publishedAt: now.addingTimeInterval(-3600), createdAt: now),
            author: Author(id: 1, name: "Reader", trust: .regular, approvedCount: 5, firstSeenAt: now.addingTimeInterval(-86_400 * 30), lastSeenAt: now),
            authorName: "Reader", now: now)
    }

    /// 10,000 words (phrases and wildcards among them), 50 regexes, every context-free body condition.
    static func largeRuleset<G: RandomNumberGenerator>(using generator: inout G) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        var words = Set<String>()
        while words.count < 10_000 {
            var word = String((0..<Int.random(in: 5...10, using: &generator)).map { _ in letters.randomElement(using: &generator)! })
            switch Int.random(in: 0..<20, using: &generator) {
            case 0: word += "*"
            case 1: word = "*" + word
            case 2: word += " " + String((0..<5).map { _ in letters.randomElement(using: &generator)! })
            default: break
            }
            words.insert(word)
        }
        let quoted = words.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
        let patterns = [
            #"\b\d{3}[-.\s]?\d{3}[-.\s]?\d{4}\b"#,
            #"\b[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}\b"#,
            #"\b(bc1|[13])[a-zA-HJ-NP-Z0-9]{25,39}\b"#,
            #"\bwhats?app\s*\+?\d[\d\s-]{7,}"#,
            #"(?:free|cheap)\s+(?:pills|meds|viagra)"#,
            #"\b(?:earn|make)\s+\$\d+\s+(?:a|per)\s+(?:day|hour)\b"#,
            #"t\.me/[a-z0-9_]{5,}"#,
            #"\b(?:click|tap)\s+here\b.{0,20}"#,
            #"[!?.]{10,}"#,
            #"\bcasino\d*\b.{0,30}bonus"#,
        ]
        // 50 distinct patterns: each base pattern five times, told apart by an optional tail.
        let regexes = (0..<50).map { "'\(patterns[$0 % patterns.count])(?:~\($0))?'" }.joined(separator: ", ")
        return """
            version: 1
            lists:
              big: [\(quoted)]
              domains: [cheap-pills.example, crypto-double.example, bit.ly, spam.example, casino.example]
            rules:
              - {name: big-list, when: {body: {words: "@big"}}, action: hold}
              - {name: phrases, when: {body: {phrases: ["double your bitcoin", "send 1 btc", "limited offer", "t.me/", "act now"]}}, action: spam}
              - {name: regexes, when: {body: {regex: [\(regexes)]}}, action: spam}
              - {name: links, when: {body: {links: {gt: 2}}}, action: hold}
              - {name: domains, when: {body: {link-domains: "@domains"}}, action: spam}
              - {name: long, when: {body: {length: {gt: 5000}}}, action: flag}
              - {name: shouting, when: {body: {caps-ratio: {gt: 0.7}}}, action: flag}
              - {name: noise, when: {body: {repeated-chars: {gte: 12}}}, action: flag}
            """
    }
}
