import Dispatch

/// Where the poller's tasks run: one serial queue of its own, not Swift's shared cooperative
/// pool. Polls keep their slots while the rest of the process (the server's requests, a
/// long computation) keeps the shared pool busy. Each job is short (encode a request, decode
/// an answer, update a register state), so one thread carries a thousand meters a second.
final class PollExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = PollExecutor()

    private let queue = DispatchQueue(label: "greenpark.poll.tasks", qos: .userInitiated)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
