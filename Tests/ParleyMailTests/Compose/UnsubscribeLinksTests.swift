import Testing
@testable import ParleyMail

@Suite struct UnsubscribeLinksTests {
    let links = UnsubscribeLinks(secret: Array(repeating: 7, count: 32))

    @Test func aLinkNamesItsMessageAndVerifiesOnlyUnderItsSecret() {
        let token = links.token(messageID: 42)
        #expect(token.wholeMatch(of: /42\.[A-Za-z0-9_-]{43}/) != nil)
        #expect(links.messageID(token: token) == 42)
        #expect(links.url(base: "https://c.example/", messageID: 42) == "https://c.example/email/unsubscribe/" + token)
        #expect(UnsubscribeLinks(secret: Array(repeating: 8, count: 32)).messageID(token: token) == nil)
        let mac = token.split(separator: ".")[1]
        for forged in ["43.\(mac)", "42.", "42", "", "42.\(mac)x", "-42.\(mac)", "042.\(mac)x", "42.\(mac.dropLast())", "42.\(mac).1",
                       "99999999999999999999.\(mac)"] {
            #expect(links.messageID(token: forged) == nil, "\(forged)")
        }
    }
}
