import Foundation

/// The demo that `scripts/run` loads: a war story and the kind of discussion it draws,
/// heated arguments and a few comments a moderator would want to see first included.
enum DemoDiscussion {
    static let articleKey = "ukraine-atacms-1000-days"
    static let title = "Ukraine fires US-supplied ATACMS missiles into Russia on the war's 1,000th day"
    static let url = "https://news.example/world/2024/11/19/ukraine-atacms-1000-days"
    static let tags = ["war", "ukraine", "russia", "world"]
    static let publishedHoursAgo = 20.0

    struct Entry {
        /// A label other entries reply to.
        let label: String
        let replyTo: String?
        let author: String
        let minutesAgo: Double
        let body: String
        var votes: Int = 0
    }

    static let entries: [Entry] = [
        Entry(label: "a1", replyTo: nil, author: "Olena Kravets", minutesAgo: 1180, body: """
            I live in Kharkiv. For two years we have watched missiles launched from Belgorod reach our apartment blocks in under a minute. \
            If ATACMS can push the launchers back even 100 km, that is time for a siren to sound before the impact. Nobody here calls that escalation.
            """, votes: 41),
        Entry(label: "a1r1", replyTo: "a1", author: "Mark Whitfield", minutesAgo: 1150, body: """
            Stay safe. People abroad argue about "red lines" as if it were a board game. For you it is forty seconds of warning or none.
            """, votes: 12),
        Entry(label: "a1r2", replyTo: "a1", author: "Dmitri Sokolov", minutesAgo: 1120, body: """
            Respectfully, the launchers moved back out of range months ago, after the first announcements. Most of the fire on Kharkiv now comes from glide bombs dropped from aircraft that ATACMS cannot touch.
            """, votes: 9),
        Entry(label: "a1r2r1", replyTo: "a1r2", author: "Olena Kravets", minutesAgo: 1100, body: """
            Airfields are exactly what the range allows them to hit. The planes that drop the glide bombs have to take off from somewhere.
            """, votes: 17),
        Entry(label: "a1r2r1r1", replyTo: "a1r2r1", author: "Dmitri Sokolov", minutesAgo: 1080, body: """
            Fair point, if the permission covers airfields. The reporting says it is limited to the Kursk region for now.
            """, votes: 4),
        Entry(label: "a1r2r1r1r1", replyTo: "a1r2r1r1", author: "Priya Raman", minutesAgo: 1060, body: """
            The article is careful about that: "initially" Kursk. Permissions have widened every time, slowly. Expect the same here.
            """, votes: 6),

        Entry(label: "b1", replyTo: nil, author: "Tom Becker", minutesAgo: 1130, body: """
            1,000 days. I remember people saying it would be over in a week. Whatever you think of the policy, that number should humble every pundit who was so sure.
            """, votes: 28),
        Entry(label: "b1r1", replyTo: "b1", author: "Sam Okafor", minutesAgo: 1090, body: """
            Including the ones now explaining with total confidence what this decision will lead to.
            """, votes: 19),
        Entry(label: "b1r2", replyTo: "b1", author: "Helga Lindqvist", minutesAgo: 1040, body: """
            My grandfather fought in the Winter War. 105 days. Finland lost territory and kept its independence. People forget how long small countries can hold on when they have to.
            """, votes: 14),

        Entry(label: "c1", replyTo: nil, author: "R. Jenkins", minutesAgo: 1010, body: """
            So we are now firing American missiles into Russia and we are supposed to believe this doesn't make us a party to the war? Who voted for this?
            """, votes: -3),
        Entry(label: "c1r1", replyTo: "c1", author: "Anna Kowalska", minutesAgo: 990, body: """
            "We" are not firing anything. Ukraine is, with weapons it bought or was given, at military targets in the region from which it is being attacked. That is what Article 51 of the UN Charter is for.
            """, votes: 22),
        Entry(label: "c1r1r1", replyTo: "c1r1", author: "R. Jenkins", minutesAgo: 970, body: """
            The targeting data comes from US satellites. Spare me the legal fiction.
            """, votes: -2),
        Entry(label: "c1r1r1r1", replyTo: "c1r1r1", author: "Anna Kowalska", minutesAgo: 950, body: """
            Intelligence sharing has been public since 2022 and Moscow has known about it all along. Nothing about that changed this week.
            """, votes: 11),
        Entry(label: "c1r2", replyTo: "c1", author: "Mike Dunn", minutesAgo: 940, body: """
            Anyone who still believes Ukraine shouldn't defend itself is an іdіot, plain and simple.
            """),
        Entry(label: "c1r2r1", replyTo: "c1r2", author: "Helga Lindqvist", minutesAgo: 930, body: """
            You can make the argument without the name-calling. It is a better argument that way.
            """, votes: 8),

        Entry(label: "d1", replyTo: nil, author: "Priya Raman", minutesAgo: 900, body: """
            The detail that stood out to me: the Kremlin lowered its threshold for nuclear use on the same day. Reading both announcements together, it is hard not to see them as messages to each other.
            """, votes: 15),
        Entry(label: "d1r1", replyTo: "d1", author: "Jonas Weber", minutesAgo: 870, body: """
            The doctrine change was drafted in September. The timing of the publication is the message, not the content. They have rattled that particular sabre since February 2022.
            """, votes: 10),
        Entry(label: "d1r1r1", replyTo: "d1r1", author: "Priya Raman", minutesAgo: 850, body: """
            True. Still, I would rather the people making these decisions take it seriously than assume it is always a bluff.
            """, votes: 5),
        Entry(label: "d1r2", replyTo: "d1", author: "Kateryna Bondar", minutesAgo: 820, body: """
            Every single time we got a new weapon, the same threat was made. HIMARS, tanks, F-16s. Every time. Deterrence that never changes its words stops deterring.
            """, votes: 13),

        Entry(label: "e1", replyTo: nil, author: "crypto_mentor_77", minutesAgo: 800, body: """
            Tired of the news? I turned $500 into $12,000 in a month. Double your bitcoin safely: https://crypto-double.example/join — spots are limited!
            """),

        Entry(label: "f1", replyTo: nil, author: "Grace Mbeki", minutesAgo: 760, body: """
            Genuine question for people who know more than me: how many of these missiles does Ukraine actually have? If it is a few dozen, is this more about the signal than the military effect?
            """, votes: 7),
        Entry(label: "f1r1", replyTo: "f1", author: "Jonas Weber", minutesAgo: 740, body: """
            Numbers are not public. Estimates I have seen range from "dozens" to "low hundreds" across all variants. So: both. A few high-value strikes (air defence, ammunition depots, airfields) plus making Russia spread its own air defence thinner.
            """, votes: 16),
        Entry(label: "f1r1r1", replyTo: "f1r1", author: "Grace Mbeki", minutesAgo: 720, body: """
            That makes sense, thank you. The dispersal effect is something I hadn't considered.
            """, votes: 3),
        Entry(label: "f1r2", replyTo: "f1", author: "Sam Okafor", minutesAgo: 700, body: """
            The ammunition depot strike in Karachev was reported the same night. Secondary explosions for hours. That alone is a lot of shells that won't land on Ukrainian towns.
            """, votes: 6),

        Entry(label: "g1", replyTo: nil, author: "Bill Harmon", minutesAgo: 640, body: """
            THIS IS HOW WORLD WAR THREE STARTS AND NOBODY IN WASHINGTON CARES!!!
            """, votes: -6),
        Entry(label: "g1r1", replyTo: "g1", author: "Tom Becker", minutesAgo: 620, body: """
            People have been saying that about every decision since the first Javelins. It is always the next step that starts it, never the current one.
            """, votes: 9),

        Entry(label: "h1", replyTo: nil, author: "Lucía Fernández", minutesAgo: 560, body: """
            Reporting from Madrid: the papers here barely covered the 1,000-day mark. War fatigue is real in Western Europe, and it worries me more than any single weapons decision.
            """, votes: 12),
        Entry(label: "h1r1", replyTo: "h1", author: "Kateryna Bondar", minutesAgo: 530, body: """
            We don't get to be fatigued. Please keep writing about it, even when the clicks are low.
            """, votes: 20),
        Entry(label: "h1r1r1", replyTo: "h1r1", author: "Lucía Fernández", minutesAgo: 510, body: """
            I will. Thank you for saying that.
            """, votes: 4),

        Entry(label: "i1", replyTo: nil, author: "Peter Novak", minutesAgo: 470, body: """
            Damn, a thousand days. I was in Lviv the week it started, helping my cousin's family get to the Polish border. They are still in Kraków, still waiting to go home.
            """, votes: 10),
        Entry(label: "i1r1", replyTo: "i1", author: "Anna Kowalska", minutesAgo: 450, body: """
            Kraków has changed so much since then. Ukrainian is everywhere on the trams now. I hope your cousin's family gets home soon.
            """, votes: 5),

        Entry(label: "j1", replyTo: nil, author: "Ahmed Hassan", minutesAgo: 380, body: """
            One correction to the article: the ATACMS variant matters. The cluster-munition version and the unitary warhead version are used against very different targets. It would help readers to say which one was reported.
            """, votes: 8),
        Entry(label: "j1r1", replyTo: "j1", author: "Jonas Weber", minutesAgo: 350, body: """
            Good point. The Russian MoD claimed it shot down five of six missiles, which tells us nothing about the variant either. Both sides' numbers deserve skepticism.
            """, votes: 4),

        Entry(label: "k1", replyTo: nil, author: "Nadia Petrenko", minutesAgo: 240, body: """
            My brother has been at the front since the second month. When he calls he never talks about strategy, only about sleep and whether the drones came that night. Whatever helps them get through the winter, I am for it.
            """, votes: 33),
        Entry(label: "k1r1", replyTo: "k1", author: "Helga Lindqvist", minutesAgo: 220, body: """
            Thinking of your brother and of you. Thank you for sharing this.
            """, votes: 7),
        Entry(label: "k1r2", replyTo: "k1", author: "Mark Whitfield", minutesAgo: 200, body: """
            This is the comment everyone arguing above should read twice.
            """, votes: 11),

        Entry(label: "l1", replyTo: nil, author: "cheapmeds_direct", minutesAgo: 90, body: """
            Stressed by the war news? Best prices on anxiety meds, no prescription: cheap-pills.example/order
            """),

        Entry(label: "m1", replyTo: nil, author: "Sam Okafor", minutesAgo: 45, body: """
            Update from the live blog: the White House has confirmed the decision but won't discuss targets. Expect a lot of "officials say" in the next few days.
            """, votes: 2),
    ]

    static let voters = ["reader-01", "reader-02", "reader-03", "reader-04", "reader-05", "reader-06", "reader-07", "reader-08",
                         "reader-09", "reader-10", "reader-11", "reader-12", "reader-13", "reader-14", "reader-15", "reader-16",
                         "reader-17", "reader-18", "reader-19", "reader-20", "reader-21", "reader-22", "reader-23", "reader-24",
                         "reader-25", "reader-26", "reader-27", "reader-28", "reader-29", "reader-30", "reader-31", "reader-32",
                         "reader-33", "reader-34", "reader-35", "reader-36", "reader-37", "reader-38", "reader-39", "reader-40",
                         "reader-41"]
}
