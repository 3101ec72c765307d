import ParleyCore
import Synchronization

/// Counts of outcomes, shared between the sending loop and whoever reads them.
final class Tally: Sendable {
    private let counts = Mutex(Mailer.Counts())

    var value: Mailer.Counts { counts.withLock { $0 } }

    func count(_ outcome: MailOutcome) {
        counts.withLock { counts in
            switch outcome {
            case .sent: counts.sent += 1
            case .retry: counts.retried += 1
            case .failed: counts.failed += 1
            case .skipped: counts.skipped += 1
            }
        }
    }
}
