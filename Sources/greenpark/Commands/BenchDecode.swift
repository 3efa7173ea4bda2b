import ArgumentParser
import Foundation
import GreenParkCore
import GreenParkMeterCodecs

/// `greenpark bench decode`: meter frame decoding throughput on one core, and the seeded
/// fuzzing of every meter codec decoder in a release build.
struct BenchDecode: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Time DL/T 645 and Modbus TCP decoding on one core (or fuzz the decoders); prints JSON.",
        discussion: """
            Builds 4,096 DL/T 645-2007 reply frames first (forward and reverse
            active energy, seeded random values and 12-digit addresses, half with
            four FE wake-up bytes, half with none), then decodes them round-robin
            with DLT645Reading.decode on the calling thread (one core) and reports
            frames per second and nanoseconds per frame. Then the same for 4,096
            Modbus TCP answers (float32, uint32, int32 and uint64 in all four word
            orders): ModbusResponse.decode plus ModbusValue.decode. --fuzz N runs N
            seeded random and mutated frames (MeterFrameMutator) through every
            decoder with the rules of MeterCodecProbe instead, and exits 1 if one
            breaks. Build with -c release for meaningful figures.
            """
    )

    @Option(help: "DL/T 645 frames to decode (the Modbus pass decodes a quarter as many answers).")
    var frames: Int = 20_000_000
    @Option(help: "Decode for this many seconds per pass instead of a fixed number of frames.")
    var seconds: Double?
    @Option(help: ArgumentHelp("Fuzz the decoders with this many seeded inputs instead.", valueName: "n"))
    var fuzz: Int?
    @Option(help: "Seed of the frame mix and of --fuzz.") var seed: UInt64 = 1

    func validate() throws {
        guard frames >= 1 else { throw ValidationError("--frames must be at least 1") }
        if let seconds, !(seconds > 0) { throw ValidationError("--seconds must be above 0") }
        if let fuzz, fuzz < 1 { throw ValidationError("--fuzz must be at least 1") }
    }

    func run() throws {
        if let fuzz { return try runFuzz(fuzz) }
        let dlt = try DecodePool.dlt645(seed: seed)
        let dltResult = dlt.time(count: frames, seconds: seconds)
        let modbus = try DecodePool.modbus(seed: seed)
        let modbusResult = modbus.time(count: max(1, frames / 4), seconds: seconds)
        try printJSON([
            "dlt645_frames": dltResult.count, "dlt645_seconds": dltResult.seconds,
            "dlt645_frames_per_second": Double(dltResult.count) / dltResult.seconds,
            "dlt645_ns_per_frame": dltResult.seconds * 1e9 / Double(dltResult.count),
            "dlt645_bytes_per_frame": Double(dlt.bytes.count) / Double(dlt.offsets.count - 1),
            "modbus_answers": modbusResult.count, "modbus_seconds": modbusResult.seconds,
            "modbus_answers_per_second": Double(modbusResult.count) / modbusResult.seconds,
            "modbus_ns_per_answer": modbusResult.seconds * 1e9 / Double(modbusResult.count),
            "checksum": dltResult.checksum &+ modbusResult.checksum,
            "failed": dltResult.failed + modbusResult.failed,
        ])
        if dltResult.failed + modbusResult.failed > 0 { throw ExitCode(1) }
    }

    private func runFuzz(_ count: Int) throws {
        var mutator = MeterFrameMutator(seed: seed, seeds: MeterFrameMutator.standardSeeds)
        var violations: [MeterCodecProbe.Violation] = []
        var bytes = 0
        let clock = ContinuousClock.now
        for _ in 0..<count {
            let input = mutator.next()
            bytes += input.count
            if let violation = MeterCodecProbe.check(input) {
                violations.append(violation)
                if violations.count <= 20 { Terminal.warn("\(violation)") }
            }
        }
        let seconds = (ContinuousClock.now - clock).seconds
        try printJSON([
            "fuzz_inputs": count, "fuzz_seed": Int(truncatingIfNeeded: seed), "fuzz_seconds": seconds,
            "fuzz_inputs_per_second": Double(count) / seconds, "fuzz_mean_bytes": Double(bytes) / Double(count),
            "fuzz_violations": violations.count,
        ])
        if !violations.isEmpty { throw ExitCode(1) }
    }

    private func printJSON(_ result: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}
