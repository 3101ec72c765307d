import Testing
import ParleyText

@Test func smoke() throws {
    let m = try WordListMatcher(entries: ["idiot", "kill you", "dimwit*", "*hole", "ass", "class", "poop", "good"], options: .init())
    for s in ["ｉｄｉｏｔ", "𝐢𝐝𝐢𝐨𝐭", "іdіоt", "i.d.i.o.t", "i d i o t", "i-d-i-o-t", "1d10t", "id\u{200B}iot", "ìdíôt", "i\u{300}di\u{301}o\u{302}t", "idiooooot", "IDIOT", "Idiot!", "classic", "assassin", "kill... you", "skill you", "dimwitted", "asshole", "pop", "god", "gooood", "a$$hole", "you!!"] {
        let p = PreparedText(s, options: .init())
        let ms = m.matches(in: p)
        print(s, "->", p.normalizedWords, ms.map { "\(m.entries[$0.entry])=\($0.text(in: s))" })
    }
}
