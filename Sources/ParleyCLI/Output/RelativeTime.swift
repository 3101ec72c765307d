import Foundation

/// "just now", "12 min ago", "3 h ago", "2 d ago", then the date.
enum RelativeTime {
    static func describe(_ date: Date, now: Date = Date()) -> String {
        let seconds = now.timeIntervalSince(date)
        switch seconds {
        case ..<0: return "in the future"
        case ..<60: return "just now"
        case ..<3600: return "\(Int(seconds / 60)) min ago"
        case ..<86_400: return "\(Int(seconds / 3600)) h ago"
        case ..<(30 * 86_400): return "\(Int(seconds / 86_400)) d ago"
        default: return date.formatted(.iso8601.year().month().day())
        }
    }
}
