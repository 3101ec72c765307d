import Foundation
import Logging
import Synchronization

/// The read database (`--read-database`): a pool of connections to a streaming standby (or a
/// multi-host URL of several), whether it may serve reads now, and how far behind it is.
public final class ReadReplica: Sendable {
    public struct Lag: Sendable, Equatable {
        public var bytes: UInt64
        public var seconds: Double
        /// Where the read connections landed (`host:port`), for messages.
        public var server: String
    }

    public let location: DatabaseLocation
    let pool: ConnectionPool
    /// A standby further behind than this stops serving reads until it catches up.
    public let maximumLag: Double
    /// How long a read waits for the standby to replay what it must see before going to the primary.
    public let replayWait: Duration
    private let state = Mutex(State())

    struct State {
        var serving = true
        var lag: Lag?
        /// The furthest replay seen on the read connections (a read needing no more skips the check).
        var knownReplay = ReadPosition(0)
        /// The furthest position a write through this process reached (its reads see it).
        var latestWrite = ReadPosition(0)
        /// The primary's positions at each measurement the standby had not replayed yet.
        var unreplayed: [(at: ContinuousClock.Instant, position: ReadPosition)] = []
    }

    public init(location: DatabaseLocation, maximumConnections: Int, maximumLag: Double = 5,
                replayWait: Duration = .milliseconds(500), logger: Logger) {
        self.location = location
        self.maximumLag = maximumLag
        self.replayWait = replayWait
        pool = ConnectionPool(conninfo: location.conninfo, maximumConnections: maximumConnections, logger: logger)
    }

    public var serving: Bool { state.withLock { $0.serving } }
    public var lag: Lag? { state.withLock { $0.lag } }
    var latestWrite: ReadPosition { state.withLock { $0.latestWrite } }
    var knownReplay: ReadPosition { state.withLock { $0.knownReplay } }

    func wrote(_ position: ReadPosition) {
        state.withLock { $0.latestWrite = max($0.latestWrite, position) }
    }

    func replayed(_ position: ReadPosition) {
        state.withLock { $0.knownReplay = max($0.knownReplay, position) }
    }

    /// After a failure of the read connections: the next standby may be elsewhere, and behind.
    func lost() {
        state.withLock {
            $0.knownReplay = ReadPosition(0)
            $0.serving = false
        }
    }

    /// Lag from one measurement: bytes between the primary's position and the standby's
    /// replay, and seconds since the oldest primary position (one per measurement, so at the
    /// measurements' resolution) that the standby has not replayed.
    func sample(primary: ReadPosition, replay: ReadPosition, server: String) -> Lag {
        let now = ContinuousClock.now
        return state.withLock { state in
            state.unreplayed.removeAll { $0.position <= replay }
            if primary > replay, state.unreplayed.last?.position != primary { state.unreplayed.append((now, primary)) }
            if state.unreplayed.count > 3600 { state.unreplayed.removeFirst(state.unreplayed.count - 3600) }
            let oldest = state.unreplayed.first.map { now - $0.at } ?? .zero
            let seconds = Double(oldest.components.seconds) + Double(oldest.components.attoseconds) / 1e18
            return Lag(bytes: primary > replay ? primary.value - replay.value : 0, seconds: seconds, server: server)
        }
    }

    func measured(_ lag: Lag?) {
        state.withLock { state in
            state.lag = lag
            state.serving = lag.map { $0.seconds <= maximumLag } ?? false
        }
    }

    public func shutdown() async {
        await pool.shutdown()
    }
}
