import Foundation
import Testing

/// The fuzzer's corpus of past crashers, replayed on every test run, and a short seeded
/// run (the 100,000-case run is `greenpark bench fuzz`, see the README).
@Suite("greenpark bench fuzz: past crashers replayed; seeded cases", .serialized)
struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fuzz-corpus")

    @Test("every past crasher is now refused or accepted: no trap, no hang, no changed store")
    func replay() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter { $0 != "README.md" }
        #expect(!files.isEmpty)
        let result = try CLI.run(["bench", "fuzz", "--replay", Self.corpus.path, "--timeout", "60"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("replayed \(Self.corpus.path): \(files.count) cases"), "\(result.stdout)")
        #expect(result.stdout.contains("crashes 0, hangs 0, failures 0"), "\(result.stdout)")
    }

    @Test("the same seed gives the same cases, another seed others; a short run finds nothing")
    func seeded() throws {
        let dir = try CLI.directory()
        let one = try CLI.run(["bench", "fuzz", "--seed", "7", "--cases", "20", "--digests"])
        let again = try CLI.run(["bench", "fuzz", "--seed", "7", "--cases", "20", "--digests"])
        let other = try CLI.run(["bench", "fuzz", "--seed", "8", "--cases", "20", "--digests"])
        #expect(one.status == 0 && one.stdout.split(separator: "\n").count == 20, "\(one.stdout)\(one.stderr)")
        #expect(one.stdout == again.stdout && one.stdout != other.stdout)
        let run = try CLI.run([
            "bench", "fuzz", "--seed", "7", "--cases", "20", "--corpus", dir.appendingPathComponent("found").path,
        ])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(
            run.stdout.contains("seed 7, 20 cases") && run.stdout.contains("crashes 0, hangs 0, failures 0"),
            "\(run.stdout)")
    }
}
