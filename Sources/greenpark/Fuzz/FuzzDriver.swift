import Foundation

/// The fuzzer's driver: builds the base once, hands out cases to worker processes (each
/// this binary in worker mode), and survives their traps and hangs: a worker that dies in
/// a case, or runs one longer than the time limit (it is then killed), leaves the case's
/// input behind, which is saved to the corpus; a new worker goes on after that case.
struct FuzzDriver {
    var seed: UInt64
    var cases: Int
    var workers: Int
    var timeout: Double
    var chunk: Int
    /// Where new crashers are written (fuzzing), or the corpus to replay.
    var corpus: URL
    var replay: Bool
    let executable: URL
    let scratch: URL

    /// A crash, hang or failure, with what is known about it.
    struct Finding {
        var what: String
        var index: Int
        var kind: String
        var detail: String
        var saved: String
    }

    struct Summary {
        var cases = 0
        var outcomes: [String: [String: Int]] = [:]
        var findings: [Finding] = []
        var seconds = 0.0
    }

    func run(progress: (String) -> Void) throws -> Summary {
        let base = try FuzzBase.build(in: scratch.appendingPathComponent("base"))
        let files = replay ? try corpusFiles() : []
        let total = replay ? files.count : cases
        if !replay { try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true) }
        var queue: [(Int, Int)] = stride(from: 0, to: total, by: max(1, chunk)).map {
            ($0, min(total, $0 + max(1, chunk)))
        }
        var running: [FuzzWorkerProcess?] = Array(repeating: nil, count: max(1, workers))
        var summary = Summary()
        let clock = ContinuousClock.now
        var lastProgress = clock
        var started = 0
        while !queue.isEmpty || running.contains(where: { $0 != nil }) {
            for slot in running.indices where running[slot] == nil && !queue.isEmpty {
                let (first, end) = queue.removeFirst()
                started += 1
                running[slot] = try worker(first: first, end: end, base: base, name: "w\(started)")
            }
            Thread.sleep(forTimeInterval: 0.02)
            for slot in running.indices {
                guard let worker = running[slot] else { continue }
                collect(worker, into: &summary, files: files)
                if let current = worker.inProgress, current.seconds > timeout, !worker.killedForTime {
                    worker.killForTime()
                }
                guard worker.isDone else { continue }
                collect(worker, into: &summary, files: files)
                running[slot] = nil
                if worker.process.terminationReason == .exit && worker.process.terminationStatus == 0
                    && !worker.killedForTime
                {
                    continue
                }
                guard let current = worker.inProgress else {
                    throw FuzzSetupError(
                        message:
                            "a fuzz worker ended outside a case (\(describe(worker.process))): \(worker.stderrTail)")
                }
                let what = worker.killedForTime ? "hang (over \(timeout) s)" : "crash (\(describe(worker.process)))"
                summary.findings.append(
                    finding(
                        what, index: current.index, kind: current.kind, detail: worker.stderrTail,
                        worker: worker, files: files))
                summary.cases += 1
                summary.outcomes[current.kind, default: [:]][what.hasPrefix("hang") ? "hang" : "crash", default: 0] += 1
                if current.index + 1 < worker.end { queue.insert((current.index + 1, worker.end), at: 0) }
            }
            if (ContinuousClock.now - lastProgress).seconds > 10 {
                lastProgress = ContinuousClock.now
                progress(
                    "fuzz: \(summary.cases) of \(total) cases, \(summary.findings.count) finding(s), "
                        + "\(Int(Double(summary.cases) / max(0.001, (ContinuousClock.now - clock).seconds))) cases/s")
            }
        }
        summary.seconds = (ContinuousClock.now - clock).seconds
        return summary
    }

    private func worker(first: Int, end: Int, base: FuzzBase, name: String) throws -> FuzzWorkerProcess {
        let dir = scratch.appendingPathComponent(name)
        var arguments = [
            "bench", "fuzz", "--worker", "--seed", String(seed), "--first", String(first), "--cases",
            String(end - first),
            "--scratch", dir.path, "--base", base.directory.path,
        ]
        if replay { arguments += ["--replay", corpus.path] }
        return try FuzzWorkerProcess(executable: executable, arguments: arguments, scratch: dir, first: first, end: end)
    }

    private func collect(_ worker: FuzzWorkerProcess, into summary: inout Summary, files: [URL]) {
        for (index, kind, outcome) in worker.takeFinished() {
            summary.cases += 1
            let words = outcome.split(separator: " ", maxSplits: 1)
            let key = words.first == "rejected" && words.count > 1 ? "rejected \(words[1])" : String(words.first ?? "?")
            summary.outcomes[kind, default: [:]][key, default: 0] += 1
            if outcome.hasPrefix("failure") {
                summary.findings.append(
                    finding(
                        "failure", index: index, kind: kind, detail: String(outcome.dropFirst(8)), worker: worker,
                        files: files))
            }
        }
    }

    /// Saves the case's input to the corpus (fuzzing; in a replay it is already there).
    private func finding(
        _ what: String, index: Int, kind: String, detail: String, worker: FuzzWorkerProcess, files: [URL]
    ) -> Finding {
        if replay { return Finding(what: what, index: index, kind: kind, detail: detail, saved: files[index].path) }
        let ext = FuzzKind(rawValue: kind)?.fileExtension ?? "bin"
        let saved = corpus.appendingPathComponent("\(kind)-s\(seed)-\(index).\(ext)")
        let source = worker.scratch.appendingPathComponent(
            what == "failure" ? "failure-\(index).\(ext)" : "current.\(ext)")
        try? FileManager.default.removeItem(at: saved)
        try? FileManager.default.copyItem(at: source, to: saved)
        return Finding(what: what, index: index, kind: kind, detail: detail, saved: saved.path)
    }

    private func describe(_ process: Process) -> String {
        process.terminationReason == .uncaughtSignal
            ? "signal \(process.terminationStatus)" : "exit \(process.terminationStatus)"
    }

    func corpusFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: corpus, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") && $0.lastPathComponent != "README.md" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
