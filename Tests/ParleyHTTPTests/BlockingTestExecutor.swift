import Dispatch

/// Runs a test body that blocks (the SSE reader polls its socket synchronously) on a serial
/// queue of its own, so that the blocking never holds one of the few cooperative threads
/// (two on a two-core machine) the server under test needs to answer.
final class BlockingTestExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = BlockingTestExecutor()
    private let queue = DispatchQueue(label: "parley.tests.blocking")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
