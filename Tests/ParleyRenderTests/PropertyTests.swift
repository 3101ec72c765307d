import ParleyRender
import Testing

@Suite struct PropertyTests {
    static let rounds = 4_000

    @Test func randomHostileBodiesAreInertAndKeepEveryLetter() {
        var input = HostileInput(seed: 0x5EED_0001)
        for _ in 0..<Self.rounds {
            let body = input.characters(maxLength: 80)
            let html = SafeMarkdown.html(body)
            let problems = InertnessChecker.problems(in: html)
            #expect(problems == [], "\(body.debugDescription) → \(html)")
            let letters = Array(body.unicodeScalars.filter(\.properties.isAlphabetic))
            let shown = Array(InertnessChecker.visibleText(of: html).unicodeScalars.filter(\.properties.isAlphabetic))
            #expect(isSubsequence(letters, of: shown), "\(body.debugDescription) → \(html)")
            if !problems.isEmpty { return }
        }
    }

    @Test func randomBodiesWithLinksFencesAndSpellingsAreInert() {
        var input = HostileInput(seed: 0x5EED_0002)
        var links = 0
        for _ in 0..<Self.rounds {
            let body = input.fragments(maxPieces: 40)
            let html = SafeMarkdown.html(body)
            links += html.ranges(of: "<a ").count
            let problems = InertnessChecker.problems(in: html)
            #expect(problems == [], "\(body.debugDescription) → \(html)")
            if !problems.isEmpty { return }
        }
        // The generator does reach the link paths.
        #expect(links > 100)
    }

    @Test func renderingIsDeterministic() {
        var input = HostileInput(seed: 0x5EED_0003)
        for _ in 0..<200 {
            let body = input.fragments(maxPieces: 30)
            #expect(SafeMarkdown.html(body) == SafeMarkdown.html(body))
        }
    }

    private func isSubsequence(_ needle: [Unicode.Scalar], of haystack: [Unicode.Scalar]) -> Bool {
        var position = haystack.startIndex
        for scalar in needle {
            guard let found = haystack[position...].firstIndex(of: scalar) else { return false }
            position = found + 1
        }
        return true
    }
}
