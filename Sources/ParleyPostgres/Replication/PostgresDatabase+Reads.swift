import Foundation
import Logging

extension PostgresDatabase {
    private enum ReplicaRead<T: Sendable>: Sendable {
        case done(T, replay: ReadPosition?)
        case behind(ReadPosition)
    }

    /// Runs a read that a standby may serve. With a read database that is serving, the read
    /// goes to a standby that has replayed what it must see: `ReadPosition.required` (the
    /// request's `X-Parley-After`) and every write this process made. A standby behind waits
    /// up to `replayWait`, then the primary answers; so does it when the standby is away.
    public func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        guard let replica, replica.serving else { return try await run(body) }
        let needed = max(ReadPosition.required ?? ReadPosition(0), replica.latestWrite)
        let deadline = ContinuousClock.now + replica.replayWait
        while true {
            let check = needed > replica.knownReplay
            let outcome: ReplicaRead<T>
            do {
                outcome = try await replica.pool.withConnection { connection in
                    guard check else { return .done(try body(connection), replay: nil) }
                    let row = try connection.query(Self.replayCheckSQL, plan: .generic).first
                    guard let row, try row.decode(0, as: Bool.self) else {
                        return .done(try body(connection), replay: nil)   // a primary: always current
                    }
                    let replay = try row.optional(1, as: String.self).flatMap { ReadPosition($0) } ?? ReadPosition(0)
                    guard replay >= needed else { return .behind(replay) }
                    return .done(try body(connection), replay: replay)
                }
            } catch let error as PostgresError where error.meansServerUnavailable || error.isReadOnlyTransaction {
                replica.lost()
                logger.warning("read database unavailable; reads go to the primary", metadata: ["error": "\(error)"])
                return try await run(body)
            } catch {
                throw translate(error)
            }
            switch outcome {
            case .done(let value, let replay):
                if let replay { replica.replayed(replay) }
                return value
            case .behind(let replay):
                replica.replayed(replay)
                guard ContinuousClock.now < deadline else { return try await run(body) }
                try await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    /// A read a standby may serve only once it has everything the primary has now (one short
    /// query to the primary first): for readers catching up on live events, where a standby a
    /// moment behind would leave a gap no later event fills.
    public func readCurrent<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        guard let replica, replica.serving else { return try await run(body) }
        let text = try await run { connection in
            try connection.query("SELECT pg_current_wal_lsn()::text", plan: .generic).first?.decode(0, as: String.self)
        }
        guard let now = text.flatMap({ ReadPosition($0) }) else { return try await run(body) }
        return try await ReadPosition.$required.withValue(max(now, ReadPosition.required ?? now)) { try await read(body) }
    }

    static let replayCheckSQL = "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text"

    /// With a read database: the primary's write position now, which every write committed
    /// before this call has reached (the `X-Parley-Position` of a write's answer). This
    /// process's later reads wait for it too. nil without a read database (nothing to wait for).
    public func writePosition() async throws -> ReadPosition? {
        guard let replica else { return nil }
        let text = try await run { connection in
            try connection.query("SELECT pg_current_wal_lsn()::text", plan: .generic).first?.decode(0, as: String.self)
        }
        guard let position = text.flatMap({ ReadPosition($0) }) else { return nil }
        replica.wrote(position)
        return position
    }

    /// Measures how far the read database is behind the primary and decides whether it may
    /// serve reads (`maximumLag`); `parley serve` calls it every second.
    @discardableResult
    public func measureReplicaLag() async -> ReadReplica.Lag? {
        guard let replica else { return nil }
        do {
            let primaryText = try await run { connection in
                try connection.query("SELECT pg_current_wal_lsn()::text", plan: .generic).first?.decode(0, as: String.self)
            }
            let standby = try await replica.pool.withConnection { connection in
                let row = try connection.query("""
                    SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,
                           COALESCE(host(inet_server_addr()), 'local socket') || ':' || current_setting('port')
                    """, plan: .generic).first
                return (try row?.decode(0, as: Bool.self) ?? false, try row?.optional(1, as: String.self), try row?.decode(2, as: String.self) ?? "?")
            }
            guard let primary = primaryText.flatMap({ ReadPosition($0) }) else { return nil }
            let replay = standby.0 ? (standby.1.flatMap { ReadPosition($0) } ?? ReadPosition(0)) : primary
            replica.replayed(replay)
            let lag = replica.sample(primary: primary, replay: replay, server: standby.2)
            replica.measured(lag)
            return lag
        } catch {
            replica.lost()
            replica.measured(nil)
            return nil
        }
    }
}
