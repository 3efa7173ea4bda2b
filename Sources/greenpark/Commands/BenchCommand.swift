import ArgumentParser

/// `greenpark bench ...`: throughput benchmarks on synthetic data of a given size.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput on synthetic data (build with -c release).",
        subcommands: [BenchImport.self, BenchAllocate.self, BenchLedger.self, BenchCertificates.self, BenchShapley.self,
                      BenchFuzz.self, BenchPark.self, BenchPoll.self, BenchDecode.self,
                      BenchSchedule.self]
    )
}
