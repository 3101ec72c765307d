/// Comment-like text for benchmarks: news-discussion words; with `mixed`, about one word in
/// ten is non-ASCII (Ukrainian, German, French, emoji).
public enum SampleText {
    static let ascii = ["the", "missiles", "range", "Kursk", "decision", "officials", "said", "Ukraine", "Russia", "war",
                        "days", "front", "people", "would", "should", "think", "because", "reported", "weapons", "air",
                        "defence", "strike", "article", "I", "we", "they", "not", "is", "was", "it", "that", "this",
                        "escalation", "policy", "army", "winter", "city", "night", "sirens", "news", "point", "fair",
                        "question", "answer", "numbers", "1,000", "$138", "million", "more", "less", "again", "never"]
    static let other = ["Харків", "війна", "ракети", "Straße", "Entscheidung", "déjà", "écoute", "naïve", "😔", "🇺🇦", "Київ", "mañana"]

    public static func comment<G: RandomNumberGenerator>(length: Int, mixed: Bool = true, using generator: inout G) -> String {
        var text = ""
        text.reserveCapacity(length + 16)
        var sentenceStart = true
        while text.count < length {
            var word = mixed && Int.random(in: 0..<10, using: &generator) == 0
                ? other.randomElement(using: &generator)!
                : ascii.randomElement(using: &generator)!
            if sentenceStart, let first = word.first {
                word = first.uppercased() + word.dropFirst()
            }
            text += text.isEmpty ? word : " " + word
            sentenceStart = Int.random(in: 0..<12, using: &generator) == 0
            if sentenceStart { text += "." }
        }
        return String(text.prefix(length))
    }
}
