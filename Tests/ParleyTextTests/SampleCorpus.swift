/// Deterministic synthetic data for the throughput and concurrency tests: realistic comments
/// (100–1,000 characters, about 10% with Cyrillic, German/French accents or emoji) and a
/// 10,000-entry word list shaped like a moderation list.
enum SampleCorpus {
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    static let english = """
        the a of and to in is that it for was on with as he be at by this had not are but from or have \
        an they which one you were all we her she there would their will when who him been has more if \
        no out so said what up its about than into them can only other new some could time these two may \
        first then do any like my now over such our man me even most made after also did many before must \
        through back years where much your way well down should because each just those people how too \
        little state good very make world still own see men work long get here between both life being \
        under never day same another know while last might us great old year off come since against go \
        came right used take three article government minister election report police court city council \
        think really agree disagree comment story writer thanks great point fact source policy budget war
        """.split(separator: " ").map(String.init)
    static let foreign = [
        "привіт", "дякую", "війна", "Україна", "новини", "спасибо", "правительство", "новости", "выборы",
        "Straße", "Grüße", "über", "schön", "Mädchen", "déjà", "réponse", "très", "ça", "élection", "français",
        "👍", "😂", "🇺🇦", "👍🏽", "❤️", "🙄",
    ]
    static let punctuation = [",", ".", "!", "?", ":", ";", " -", "...", "!!", "(", ")"]

    /// `count` comments; every tenth one mixes in non-ASCII words.
    static func comments(count: Int, seed: UInt64 = 1) -> [String] {
        var random = Generator(state: seed)
        return (0..<count).map { index in
            let target = 100 + random.below(900)
            var text = ""
            while text.unicodeScalars.count < target {
                if !text.isEmpty { text += " " }
                if index % 10 == 3 && random.below(4) == 0 {
                    text += random.pick(foreign)
                } else {
                    var word = random.pick(english)
                    if random.below(12) == 0 { word = word.prefix(1).uppercased() + word.dropFirst() }
                    if random.below(40) == 0 { word = String(random.below(2_000)) }
                    text += word
                }
                if random.below(8) == 0 { text += random.pick(punctuation) }
            }
            return text
        }
    }

    /// A 10,000-entry word list: invented words (so clean comments rarely match), some real ones,
    /// multi-word entries, `*` wildcards on either side and Cyrillic entries.
    static func wordList(count: Int = 10_000, seed: UInt64 = 2) -> [String] {
        var random = Generator(state: seed)
        let consonants = Array("bcdfghjklmnprstvwz"), vowels = Array("aeiouy")
        let cyrillic = Array("бвгджзклмнпрстфхцчшщ"), cyrillicVowels = Array("аеиоуыяю")
        func word(_ c: [Character], _ v: [Character]) -> String {
            String((0..<(2 + random.below(4))).flatMap { _ in [random.pick(c), random.pick(v)] })
                + (random.below(2) == 0 ? String(random.pick(c)) : "")
        }
        var entries = ["idiot", "moron", "dimwit*", "*hole", "kill you", "brain dead", "scum", "stupid"]
        let vocabulary = Set(english)
        while entries.count < count {
            switch random.below(100) {
            case 0..<80:
                let candidate = word(consonants, vowels)
                if !vocabulary.contains(candidate) { entries.append(candidate) }
            case 80..<88: entries.append(word(consonants, vowels) + " " + word(consonants, vowels))
            case 88..<93: entries.append(word(consonants, vowels) + "*")
            case 93..<95: entries.append("*" + word(consonants, vowels))
            default: entries.append(word(cyrillic, cyrillicVowels))
            }
        }
        return entries
    }

    /// 10,000 entries of 5–10 random letters (5% `x*`, 5% `*x`, 5% two words), the shape of
    /// `parley bench rules`' list.
    static func uniformWordList(seed: UInt64 = 3) -> [String] {
        var random = Generator(state: seed)
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        func word(_ length: Int) -> String { String((0..<length).map { _ in random.pick(letters) }) }
        var entries = Set<String>()
        while entries.count < 10_000 {
            var entry = word(5 + random.below(6))
            switch random.below(20) {
            case 0: entry += "*"
            case 1: entry = "*" + entry
            case 2: entry += " " + word(5)
            default: break
            }
            entries.insert(entry)
        }
        return entries.sorted()
    }

    static let phrases = [
        "double your bitcoin", "send 1 btc", "bit.ly", "t.me/", "cheap-pills.example", "free crypto",
        "click here", "work from home", "earn $500", "whatsapp me", "dm me on telegram", "casino bonus",
        "viagra", "cialis", "loan approved", "crypto giveaway", "onlyfans.com", "tinyurl.com", "goo.gl",
        "win an iphone", "limited offer", "act now", "100% free", "make money fast", "wire transfer",
        "western union", "seo services", "buy followers", "@scam_support", "investment opportunity",
    ]
}
