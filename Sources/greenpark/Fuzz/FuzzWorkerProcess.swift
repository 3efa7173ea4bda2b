import Foundation

/// One worker process as the driver sees it: the process, the case it is in and since
/// when, and the outcomes it reported (read on a thread of its own from its output).
final class FuzzWorkerProcess: @unchecked Sendable {
    let process = Process()
    let scratch: URL
    /// The cases it was given: `first ..< end` (replay: corpus files by position).
    let first: Int, end: Int
    private let lock = NSLock()
    private var current: (index: Int, kind: String, since: ContinuousClock.Instant)?
    private var finished: [(index: Int, kind: String, outcome: String)] = []
    private var lastDone = -1
    private(set) var killedForTime = false
    private var readerDone = false

    init(executable: URL, arguments: [String], scratch: URL, first: Int, end: Int) throws {
        self.scratch = scratch
        self.first = first
        self.end = end
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        process.executableURL = executable
        process.arguments = arguments
        let log = scratch.appendingPathComponent("stderr.log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        let pipe = Pipe()
        process.standardOutput = pipe
        let handle = pipe.fileHandleForReading
        try process.run()
        Thread.detachNewThread { [self] in read(handle) }
    }

    private func read(_ handle: FileHandle) {
        var buffer = Data()
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                take(line)
            }
        }
        lock.withLock { readerDone = true }
    }

    private func take(_ line: String) {
        let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count >= 2, let index = Int(parts[1]) else { return }
        lock.withLock {
            if parts[0] == "case" {
                current = (index, parts.count > 2 ? parts[2] : "?", ContinuousClock.now)
            } else if parts[0] == "done" {
                finished.append((index, current?.kind ?? "?", parts.count > 2 ? parts[2] : ""))
                lastDone = index
                current = nil
            }
        }
    }

    /// The outcomes reported since the last call.
    func takeFinished() -> [(index: Int, kind: String, outcome: String)] {
        lock.withLock {
            defer { finished = [] }; return finished
        }
    }

    /// The case in progress and how long it has run.
    var inProgress: (index: Int, kind: String, seconds: Double)? {
        lock.withLock { current.map { ($0.index, $0.kind, (ContinuousClock.now - $0.since).seconds) } }
    }

    var lastFinished: Int { lock.withLock { lastDone } }

    /// Whether the process ended and all it wrote was read.
    var isDone: Bool { !process.isRunning && lock.withLock { readerDone } }

    /// Ends the worker (this process's own child, by its id) because a case ran too long.
    func killForTime() {
        killedForTime = true
        kill(process.processIdentifier, SIGKILL)
    }

    /// What the worker wrote to standard error about its end: the runtime's message (a
    /// trap's reason) and the first frames in GreenPark's sources; else its last lines.
    var stderrTail: String {
        let text = (try? String(contentsOf: scratch.appendingPathComponent("stderr.log"), encoding: .utf8)) ?? ""
        let lines = text.split(separator: "\n")
        let reasons = lines.filter {
            $0.contains("Fatal error") || $0.contains("runtime failure") || $0.hasPrefix("*** ")
        }
        .filter { !$0.contains("Backtracing") }.prefix(2)
        let frames = lines.filter { $0.contains("/Sources/") }.prefix(3).map { line in
            line.split(separator: " ").drop { !$0.contains("+") && !$0.contains("(") }.joined(separator: " ")
                .replacingOccurrences(of: scratch.path, with: "")
        }
        let found = reasons.map(String.init) + frames
        return (found.isEmpty ? lines.suffix(4).map(String.init) : found).joined(separator: " | ")
    }
}
