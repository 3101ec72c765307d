import Foundation
import Testing
import ParleyCore
@testable import ParleyModeration

@Suite struct ConditionTests {
    func fires(_ yaml: String, _ sample: Sample) throws -> Bool {
        let ruleset = try CompiledRuleset.rules("rules:\n  - name: r\n    action: hold\n    when: \(yaml)\n")
        return ruleset.decide(sample).firedRules.contains { $0.name == "r" }
    }

    @Test func bodyConditions() throws {
        #expect(try fires("{body: {length: {gte: 5}}}", Sample("hello")))
        #expect(try !fires("{body: {length: {gte: 6}}}", Sample("hello")))
        #expect(try fires("{body: {length: 4}}", Sample("👩‍👩‍👧‍👦 ok")), "characters, not bytes or scalars")
        #expect(try fires("{body: {links: 2}}", Sample("www.a.example and http://b.example")))
        #expect(try !fires("{body: {links: {gte: 1}}}", Sample("e.g. the U.S./Russia talks, 1,000.5 km")))
        #expect(try fires("{body: {link-domains: [example.org]}}", Sample("at https://news.example.org/x")))
        #expect(try fires("{body: {repeated-chars: {gte: 5}}}", Sample("nooooo")))
        #expect(try fires("{body: {caps-ratio: {gte: 0.5}}}", Sample("HELLO WORLD this")))
        #expect(try fires("{body: {phrases: [\"cheap-pills.example\"]}}", Sample("visit CHEAP-PILLS.example now")))
        #expect(try fires("{body: {regex: ['\\d{3}-\\d{4}']}}", Sample("call 555-1234")))
        #expect(try fires("{body: {regex: ['HELLO']}}", Sample("hello")), "regexes are case-insensitive")
        var sample = Sample("same")
        sample.facts = ModerationFacts(duplicates: [3600: 2])
        #expect(try fires("{body: {duplicate: {window: 1h}}}", sample))
        #expect(try !fires("{body: {duplicate: {window: 1h}}}", Sample("same")))
    }

    @Test func authorConditions() throws {
        var sample = Sample("hi")
        sample.trust = .trusted
        #expect(try fires("{author: {trust: [regular, trusted]}}", sample))
        #expect(try !fires("{author: {trust: new}}", sample))
        sample.banned = true
        #expect(try fires("{author: {trust: banned}}", sample))
        sample = Sample("hi")
        sample.approved = 2
        sample.rejected = 4
        #expect(try fires("{author: {approved-comments: {lt: 3}, rejected-comments: {gt: 3}}}", sample))
        sample.accountAge = 3600
        #expect(try fires("{author: {account-age: {lt: 1d}}}", sample))
        #expect(try !fires("{author: {account-age: {gte: 2h}}}", sample))
        sample.facts = ModerationFacts(authorComments: [600: 2])
        #expect(try fires("{author: {comments-in: {window: 10m, count: 3}}}", sample), "two stored plus this one")
        sample.editing = 7
        #expect(try !fires("{author: {comments-in: {window: 10m, count: 3}}}", sample), "an edit is not a new comment")
        sample = Sample("hi")
        sample.authorName = "Crypto King 777"
        #expect(try fires("{author: {name: {words: [crypto]}}}", sample))
        #expect(try fires("{author: {name: {regex: ['\\d{3}$']}}}", sample))
        #expect(try !fires("{author: {name: {words: [king777]}}}", sample))
        sample.email = "bot@Spam.Example"
        #expect(try fires("{author: {email-domain: [spam.example]}}", sample))
        #expect(try fires("{author: {email-domain: [example]}}", sample), "a host under a listed domain")
        #expect(try !fires("{author: {email-domain: [pam.example, spam.example.org]}}", sample))
    }

    @Test func articleAndRequestConditions() throws {
        var sample = Sample("hi")
        sample.tags = ["War", "Ukraine"]
        sample.mode = .pre
        sample.articleAge = 3 * 86_400
        #expect(try fires("{article: {tags: [war]}}", sample))
        #expect(try !fires("{article: {tags: [sport]}}", sample))
        #expect(try fires("{article: {age: {gt: 2d}}}", sample))
        #expect(try fires("{article: {mode: pre}}", sample))
        sample.ip = "203.0.113.77"
        #expect(try fires("{request: {ip: [203.0.113.0/24]}}", sample))
        #expect(try !fires("{request: {ip: [198.51.100.0/24]}}", sample))
        sample.ip = "2001:db8::1"
        #expect(try fires("{request: {ip: ['2001:db8::/32']}}", sample))
        sample.facts = ModerationFacts(ipComments: [60: 9])
        #expect(try fires("{request: {comments-from-ip-in: {window: 1m, count: {gte: 10}}}}", sample))
        sample.ip = nil
        #expect(try !fires("{request: {ip: [0.0.0.0/0]}}", sample), "no address known: the condition does not hold")
    }

    @Test func anyNotAndUnless() throws {
        #expect(try fires("{any: [{body: {words: [foo]}}, {body: {words: [bar]}}]}", Sample("a bar")))
        #expect(try !fires("{any: [{body: {words: [foo]}}, {body: {words: [bar]}}]}", Sample("a baz")))
        #expect(try fires("{not: {body: {words: [foo]}}}", Sample("a baz")))
        let ruleset = try CompiledRuleset.rules("""
            rules:
              - name: r
                when: {body: {words: [spoiler]}}
                unless: {article: {tags: [review]}}
                action: hold
            """)
        var sample = Sample("big spoiler ahead")
        #expect(ruleset.decide(sample).action == .hold)
        sample.tags = ["review"]
        #expect(ruleset.decide(sample).action == .approve)
    }

    @Test func aRuleCanSwitchANormalizationStepOff() throws {
        let ruleset = try CompiledRuleset.rules("""
            rules:
              - name: strict
                when: {body: {words: [idiot], normalize: {leet: false}}}
                action: hold
            """)
        #expect(ruleset.decide(Sample("idiot")).action == .hold)
        #expect(ruleset.decide(Sample("1d10t")).action == .approve)
        let global = try CompiledRuleset.compile("version: 1\nnormalize: {confusables: false}\nrules:\n  - {name: r, when: {body: {words: [idiot]}}, action: hold}\n")
        #expect(global.decide(Sample("іdіоt")).action == .approve)
        #expect(global.decide(Sample("IDIOT")).action == .hold)
    }

    @Test func censorCombinesWithFlagAndHold() throws {
        let ruleset = try CompiledRuleset.rules("""
            rules:
              - {name: mask, when: {body: {words: [darn]}}, action: censor}
              - {name: loud, when: {body: {caps-ratio: {gt: 0.7}}}, action: flag}
              - {name: hold-it, when: {body: {words: [later]}}, action: hold}
            """)
        var decision = ruleset.decide(Sample("DARN IT ALL TO HECK AND BACK"))
        #expect(decision.action == .flag)
        #expect(decision.censoredBody == "D*** IT ALL TO HECK AND BACK")
        decision = ruleset.decide(Sample("darn, see you later"))
        #expect(decision.action == .hold)
        #expect(decision.censoredBody == "d***, see you later", "kept for when a moderator publishes it")
        decision = ruleset.decide(Sample("nothing here"))
        #expect(decision.action == .approve && decision.censoredBody == nil)
    }

    @Test func censorMasksEveryOccurrenceInTheAuthorsCharacters() throws {
        let ruleset = try CompiledRuleset.rules("rules:\n  - {name: m, when: {body: {words: [damn, \"hell no\"]}}, action: censor}\n")
        let decision = ruleset.decide(Sample("ｄａｍｎ, d4mn and DAMN — hell... no!"))
        #expect(decision.censoredBody == "ｄ***, d*** and D*** — h*********!")
    }
}
