import Foundation
import Testing
import ParleyCore
@testable import ParleyModeration

/// One test per rule of the contract's example ruleset, behaving as its comment says.
@Suite struct ExampleRulesTests {
    let rules: CompiledRuleset

    init() throws {
        rules = try CompiledRuleset.compile(ExampleRules.source)
    }

    func decide(_ sample: Sample) -> ModerationDecision { rules.decide(sample) }

    @Test func threatsAreRejectedWithTheReason() {
        let decision = decide(Sample("I will find you and k1ll... you"))
        #expect(decision.action == .reject)
        #expect(decision.reason == "Threats of violence are not allowed")
        #expect(decision.firedRules.first?.name == "threats")
        #expect(decision.firedRules.first?.match == "k1ll... you")
        #expect(decide(Sample("I hope you die")).action == .reject)
        #expect(decide(Sample("They want to hang them all")).action == .reject)
        #expect(decide(Sample("It takes real skill you know")).action == .approve)
    }

    @Test func insultsAreHeldForAHuman() {
        for body in ["You are an idiot", "ｉｄｉｏｔ", "what an іdіоt", "i.d.i.o.t", "1d10t!", "id\u{200B}iot", "ìdíôt", "idiooooot",
                     "brain-dead take", "Total DIMWITS"] {
            let decision = decide(Sample(body))
            #expect(decision.action == .hold, "\(body)")
            #expect(decision.reason == "Possible personal attack", "\(body)")
        }
        for body in ["a classic moron-free analysis of Scunthorpe", "The assassin was caught", "I am a nice person"] where !body.contains("moron") {
            #expect(decide(Sample(body)).action == .approve, "\(body)")
        }
    }

    @Test func mildProfanityIsPublishedMasked() {
        let decision = decide(Sample("Well d4mn, that is bloody brilliant. DAMN."))
        #expect(decision.action == .censor)
        #expect(decision.state == .published)
        #expect(decision.censoredBody == "Well d***, that is b***** brilliant. D***.")
        #expect(decision.firedRules.map(\.name) == ["mild-profanity"])
    }

    @Test func spamLinksAreBinnedSilently() {
        let decision = decide(Sample("Cheap meds at https://www.cheap-pills.example/order?id=3"))
        #expect(decision.action == .spam)
        #expect(decision.firedRules.contains { $0.name == "spam-links" && $0.match == "https://www.cheap-pills.example/order?id=3" })
        #expect(decide(Sample("see bit.ly/3xYz")).action == .spam)
        #expect(decide(Sample("see notbit.ly/3xYz")).action == .approve)
    }

    @Test func newcomersLinksAreHeld() {
        var sample = Sample("Source: https://news.example/world/123")
        sample.trust = .new
        sample.approved = 0
        #expect(decide(sample).action == .hold)
        #expect(decide(sample).reason == "Links from new commenters are reviewed first")
        sample.trust = .regular
        #expect(decide(sample).action == .approve)
        sample.trust = nil  // a first-time author has no record: new
        #expect(decide(sample).action == .hold)
    }

    @Test func moreThanTwoLinksAreHeldUnlessTrusted() {
        var sample = Sample("a.example/1 and b.example/2 and https://c.example/3")
        #expect(decide(sample).action == .hold)
        #expect(decide(sample).firedRules.map(\.name) == ["link-heavy"])
        sample.trust = .trusted
        #expect(decide(sample).action == .approve)
        sample.trust = .regular
        sample.body = "a.example/1 and b.example/2"
        #expect(decide(sample).action == .approve)
    }

    @Test func shoutingIsPublishedButFlagged() {
        let decision = decide(Sample("THIS IS HOW WORLD WAR THREE STARTS AND NOBODY CARES"))
        #expect(decision.action == .flag)
        #expect(decision.state == .flagged)
        #expect(decide(Sample("NATO and the USA")).action == .approve, "fewer than 12 letters never counts")
        #expect(decide(Sample("The USA, NATO and the EU talked for hours about ATACMS")).action == .approve)
    }

    @Test func floodingIsRejected() {
        var sample = Sample("Another comment")
        sample.facts = ModerationFacts(authorComments: [600: 4])
        #expect(decide(sample).action == .reject, "the fifth comment in ten minutes")
        #expect(decide(sample).reason == "You are commenting too fast; please wait a few minutes")
        sample.facts = ModerationFacts(authorComments: [600: 3])
        #expect(decide(sample).action == .approve)
    }

    @Test func copyPasteCampaignsAreHeld() {
        var sample = Sample("This exact long message is being pasted under every single article today")
        sample.facts = ModerationFacts(duplicates: [86_400: 1])
        #expect(decide(sample).action == .hold)
        sample.body = "Thanks!"
        #expect(decide(sample).action == .approve, "short duplicates such as 'Thanks!' are fine")
        sample.body = "This exact long message is being pasted under every single article today"
        sample.facts = .none
        #expect(decide(sample).action == .approve)
    }

    @Test func sensitiveStoriesHoldNewcomers() {
        var sample = Sample("My first comment here")
        sample.tags = ["war", "sensitive"]
        sample.trust = .new
        #expect(decide(sample).action == .hold)
        sample.trust = .regular
        #expect(decide(sample).action == .approve)
    }

    @Test func cryptoScamsAreSpamInAnySpelling() {
        #expect(decide(Sample("DOUBLE  your BITCOIN today")).action == .spam)
        #expect(decide(Sample("dоublе yоur bitcоin")).action == .spam, "Cyrillic look-alikes")
        #expect(decide(Sample("just send 1 BTC to me")).action == .spam)
        #expect(decide(Sample("Contact me on WhatsApp +44 7700 900123")).action == .spam)
        #expect(decide(Sample("whatsapp is a messaging app")).action == .approve)
    }

    @Test func noiseIsFlagged() {
        #expect(decide(Sample("Wow!!!!!!!!!!!!!!")).action == .flag)
        #expect(decide(Sample("Wow!!!")).action == .approve)
    }

    @Test func preModeratedArticlesHoldWhatWouldBePublished() {
        var sample = Sample("A calm and reasonable comment")
        sample.mode = .pre
        let decision = decide(sample)
        #expect(decision.action == .hold)
        sample.body = "I will kill you"
        #expect(decide(sample).action == .reject, "a rejection stays a rejection")
    }

    @Test func theMostSevereActionWinsAndEveryRuleIsRecorded() {
        var sample = Sample("You idiot, damn you, I will kill you. https://cheap-pills.example/x")
        sample.trust = .new
        let decision = decide(sample)
        #expect(decision.action == .reject)
        #expect(Set(decision.firedRules.map(\.name)) == ["threats", "insults", "mild-profanity", "spam-links", "links-from-newcomers"])
        #expect(decision.reason == "Threats of violence are not allowed")
        let insult = decision.firedRules.first { $0.name == "insults" }
        #expect(insult?.match == "idiot")
        #expect(insult?.span == [4, 9])
    }
}
