import Dispatch
import ParleyExchange
import Synchronization

/// Carries export chunks from the storage thread that writes them to the task that sends
/// the response. At most `slots` chunks are in flight: a slow client slows the export down
/// instead of filling memory. A client that goes away cancels the export.
final class StreamingExportSink: ExportSink, Sendable {
    let chunks: AsyncStream<[UInt8]>
    private let continuation: AsyncStream<[UInt8]>.Continuation
    private let free: DispatchSemaphore
    private let cancelled = Atomic(false)

    init(slots: Int = 4) {
        (chunks, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        free = DispatchSemaphore(value: slots)
    }

    /// Blocks the (storage) thread until a slot is free.
    func write(_ bytes: [UInt8]) throws {
        free.wait()
        guard !cancelled.load(ordering: .acquiring) else { throw CancellationError() }
        continuation.yield(bytes)
    }

    /// The response has sent a chunk: its slot is free again.
    func sent() {
        free.signal()
    }

    /// No more chunks will come.
    func close() {
        continuation.finish()
    }

    /// The client is gone: the next write fails, and a blocked one wakes up to fail.
    func cancel() {
        cancelled.store(true, ordering: .releasing)
        free.signal()
        continuation.finish()
    }
}
