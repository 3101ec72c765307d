/// A page of the queue as JSON shows it (CLI `queue --json`, the HTTP API's moderator
/// queue): the items, the total and the cursor of the next page.
public struct QueuePageView: Encodable, Sendable {
    public var items: [QueueItemView]
    public var total: Int
    public var totalIsCapped: Bool
    public var nextCursor: String?

    public init(_ page: QueuePage) {
        items = page.items.map(QueueItemView.init)
        total = page.total
        totalIsCapped = page.totalIsCapped
        nextCursor = page.nextCursor?.token
    }

    enum CodingKeys: String, CodingKey {
        case items, total
        case totalIsCapped = "total_is_capped"
        case nextCursor = "next_cursor"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(total, forKey: .total)
        try container.encode(totalIsCapped, forKey: .totalIsCapped)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}
