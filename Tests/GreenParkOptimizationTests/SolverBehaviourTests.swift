import Foundation
import GreenParkCore
import GreenParkOptimization
import Synchronization
import Testing

/// The solver's promises beyond the numbers: the same answer every time and from several
/// threads at once, and nothing printed.
@Suite("Deterministic, thread-safe and quiet", .serialized)
struct SolverBehaviourTests {
    @Test("the same programs solved at once on many threads give the serial answers, bit for bit")
    func concurrent() throws {
        let programs = try (0..<12).map { try ScheduleModel(seed: UInt64(900 + $0), binaries: $0 % 2 == 0).program() }
        let solver = LinearProgramSolver()
        let serial = try programs.map { try solver.solve($0) }
        let results = Mutex<[Int: [Double]]>([:])
        DispatchQueue.concurrentPerform(iterations: programs.count * 6) { k in
            let solution = try? solver.solve(programs[k % programs.count])
            results.withLock { $0[k] = (solution?.values ?? []) + [solution?.objectiveValue ?? .nan] }
        }
        let parallel = results.withLock { $0 }
        for k in 0..<(programs.count * 6) {
            let expected = serial[k % programs.count]
            #expect(parallel[k] == expected.values + [expected.objectiveValue], "run \(k)")
        }
        #expect(serial.filter { $0.solver.hasPrefix("Cbc") }.count == 6)
    }

    @Test("Clp and Cbc print nothing: stdout and stderr stay free of their log lines")
    func quiet() throws {
        let captured = try Self.capturingOutput {
            for binaries in [false, true] {
                _ = try? LinearProgramSolver().solve(try ScheduleModel(seed: 5, binaries: binaries).program())
            }
            var infeasible = LinearProgram()
            let x = try infeasible.addVariable("x", upper: 1, kind: .integer)
            try infeasible.addConstraint("two", [(x, 1)], lower: 2)
            _ = try? LinearProgramSolver().solve(infeasible)
        }
        // Every COIN-OR message starts with Clp, Cbc, Cgl or Coin and a number; Cbc's driver greets.
        for marker in ["Clp0", "Cbc0", "Cgl0", "Coin0", "Welcome to the CBC"] {
            #expect(!captured.contains(marker), "\(captured.prefix(500))")
        }
    }

    @Test("Clp leaves the process's SIGINT handler alone while it solves (its default swaps it)")
    func signalHandlerUntouched() throws {
        let ours: @convention(c) (Int32) -> Void = { _ in }
        let previous = signal(SIGINT, ours)
        defer { signal(SIGINT, previous) }
        func handler() -> UnsafeRawPointer? {
            var action = sigaction()
            sigaction(SIGINT, nil, &action)
            return unsafeBitCast(action.__sigaction_handler.sa_handler, to: UnsafeRawPointer?.self)
        }
        let expected = unsafeBitCast(ours, to: UnsafeRawPointer?.self)
        // A least-core-shaped LP of 16,382 rows: a few hundred milliseconds of Clp.
        var program = LinearProgram()
        let x = try (0..<14).map { try program.addVariable("x\($0)") }
        let e = try program.addVariable("e", lower: -.infinity, objective: 1)
        var random = SplitMix64(seed: 3)
        for s in 1..<((1 << 14) - 1) {
            let terms = (0..<14).filter { s & (1 << $0) != 0 }.map { (x[$0], 1.0) } + [(e, -1.0)]
            try program.addConstraint("S\(s)", terms, upper: Double(s.nonzeroBitCount) / 14 + random.nextDouble() / 8)
        }
        try program.addConstraint("efficiency", x.map { ($0, 1.0) }, equalTo: 1)
        final class Flag: Sendable { let done = Atomic<Bool>(false) }
        let flag = Flag(), solved = program
        let solving = Thread {
            _ = try? LinearProgramSolver().solve(solved)
            flag.done.store(true, ordering: .sequentiallyConsistent)
        }
        solving.start()
        var samples = 0, foreign = 0
        while !flag.done.load(ordering: .sequentiallyConsistent) {
            samples += 1
            if handler() != expected { foreign += 1 }
            usleep(200)
        }
        #expect(samples > 10)
        #expect(foreign == 0, "another SIGINT handler was installed during \(foreign) of \(samples) samples")
        #expect(handler() == expected)
    }

    /// What `body` writes to file descriptors 1 and 2 (both redirected to one file meanwhile).
    static func capturingOutput(_ body: () throws -> Void) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lp-output-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        let handle = try FileHandle(forWritingTo: file)
        fflush(nil)
        let (savedOut, savedErr) = (dup(1), dup(2))
        dup2(handle.fileDescriptor, 1)
        dup2(handle.fileDescriptor, 2)
        defer {
            fflush(nil)
            dup2(savedOut, 1)
            dup2(savedErr, 2)
            close(savedOut)
            close(savedErr)
            try? handle.close()
        }
        try body()
        fflush(nil)
        return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }
}
