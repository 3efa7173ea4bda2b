import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkFormats

/// `greenpark bench fuzz`: the seeded mutation fuzzer of the input boundaries.
struct BenchFuzz: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Fuzz the park file, readings, tariff, production and evidence-pack readers with seeded mutations.",
        discussion: """
            Each case mutates a valid input (byte flips, deletions, lines repeated
            thousands of times, numbers such as 9223372036854775807, 1e308, -0 and
            0.0000001, dates far out of range, YAML nested deep, alias bombs, unsafe ZIP
            entry names, evidence files changed and signed again) and runs it through
            the real entry point and on through what `run` computes. Bad input must be
            a thrown GreenPark error; a refused import must leave the SQLite store row
            for row and byte for byte as it was. Cases run in worker processes: a trap
            or a case over --timeout is caught, reported and its input written to
            --corpus. The same --seed gives the same cases. --replay runs a corpus (CI
            replays Tests/Fixtures/fuzz-corpus). Exit code 1 when anything was found.
            """
    )

    @Option(help: "The seed: the same seed gives the same cases.") var seed: UInt64 = 1
    @Option(help: "Number of cases.") var cases: Int = 100_000
    @Option(help: "Worker processes running cases side by side.") var workers: Int = 2
    @Option(help: "Seconds a case may run before it counts as a hang.") var timeout: Double = 10
    @Option(help: "Directory new crashers are written to.") var corpus: String = "fuzz-corpus"
    @Option(help: ArgumentHelp("Replay the files of this corpus directory instead of fuzzing.", valueName: "dir"))
    var replay: String?
    @Flag(
        help: "Print each case's index, kind and SHA-256 instead of running it (the same seed prints the same lines).")
    var digests = false
    @Option(help: .hidden) var chunk: Int = 500
    @Flag(help: .hidden) var worker = false
    @Option(help: .hidden) var first: Int = 0
    @Option(help: .hidden) var scratch: String?
    @Option(help: .hidden) var base: String?

    func run() throws {
        if worker { return try runWorker() }
        let scratch = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("greenpark-fuzz-\(getpid())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        if digests {
            let generator = try FuzzGenerator(
                seed: seed, base: try FuzzBase.build(in: scratch.appendingPathComponent("base")))
            for index in 0..<cases {
                let input = generator.input(index)
                print("\(index) \(input.kind.rawValue) \(EvidencePack.sha256(Data(input.bytes)))")
            }
            return
        }
        let driver = FuzzDriver(
            seed: seed, cases: cases, workers: workers, timeout: timeout, chunk: chunk,
            corpus: URL(fileURLWithPath: replay ?? corpus), replay: replay != nil,
            executable: URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath(), scratch: scratch)
        let summary = try driver.run { Terminal.warn($0) }
        print(report(summary))
        if !summary.findings.isEmpty { throw ExitCode(1) }
    }

    private func runWorker() throws {
        guard let scratch, let base else { throw ValidationError("--worker needs --scratch and --base") }
        // A case that takes more than 6 GiB of address space ends the worker: a finding, not a swapping machine.
        var limit = rlimit(rlim_cur: 6 << 30, rlim_max: 6 << 30)
        setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
        let dir = URL(fileURLWithPath: scratch)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let fuzzBase = FuzzBase(directory: URL(fileURLWithPath: base))
        let worker = FuzzWorker(harness: try FuzzHarness(base: fuzzBase, scratch: dir), scratch: dir)
        if let replay {
            try worker.replay(
                try FuzzDriver(
                    seed: seed, cases: 0, workers: 1, timeout: timeout, chunk: chunk,
                    corpus: URL(fileURLWithPath: replay),
                    replay: true, executable: dir, scratch: dir
                ).corpusFiles(), first: first, count: cases)
        } else {
            try worker.run(try FuzzGenerator(seed: seed, base: fuzzBase), first: first, count: cases)
        }
    }

    private func report(_ s: FuzzDriver.Summary) -> String {
        var lines = [
            "fuzz: \(replay.map { "replayed \($0):" } ?? "seed \(seed),") \(Terminal.grouped(s.cases)) cases in "
                + String(
                    format: "%.1f s (%.0f cases/s), %d worker(s), %.0f s per case at most", s.seconds,
                    Double(s.cases) / max(s.seconds, 0.001), workers, timeout)
        ]
        for kind in s.outcomes.keys.sorted() {
            let counts = s.outcomes[kind]!
            let total = counts.values.reduce(0, +)
            let top = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(6)
                .map { "\($0.key) \(Terminal.grouped($0.value))" }.joined(separator: ", ")
            lines.append("  \(kind): \(Terminal.grouped(total)) (\(top)\(counts.count > 6 ? ", ..." : ""))")
        }
        let crashes = s.findings.filter { $0.what.hasPrefix("crash") }.count,
            hangs = s.findings.filter { $0.what.hasPrefix("hang") }.count
        lines.append("  crashes \(crashes), hangs \(hangs), failures \(s.findings.count - crashes - hangs)")
        for f in s.findings.prefix(40) {
            lines.append("  \(f.what): case \(f.index) (\(f.kind)) -> \(f.saved): \(f.detail.prefix(400))")
        }
        if s.findings.count > 40 { lines.append("  ... and \(s.findings.count - 40) more") }
        return lines.joined(separator: "\n")
    }
}
