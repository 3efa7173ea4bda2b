import Foundation
import GreenParkCore

/// One poller per store: `greenpark poll` and the poller inside `greenpark serve` hold an
/// exclusive lock on a file beside the database while they run; a second one is refused
/// (two pollers would each keep register states and write intervals of the same meters).
/// The lock goes with the process, also when it is killed.
public final class PollLock: Sendable {
    private let descriptor: Int32

    /// Takes the lock of the store at `databasePath` (the file `<database>.poll-lock`).
    public init(databasePath: String) throws {
        let path = databasePath + ".poll-lock"
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PollLockProblem(message: "cannot open \(path) to lock polling: \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw PollLockProblem(message: "another poller (greenpark poll, or greenpark serve without --no-poll) is "
                + "polling the meters of \(databasePath); stop it first "
                + "(greenpark serve --no-poll serves without polling)")
        }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }
}

/// Polling refused because the store is being polled already (or its lock file cannot be opened).
public struct PollLockProblem: GreenParkError {
    public let message: String
    public var code: String { "poll.locked" }
    public var isBadInput: Bool { false }
}
