import Foundation
import Testing

/// `greenpark bench decode`: a short timing run and a short fuzz run of the meter codecs
/// (the figures that matter come from a release build, see docs/meter-protocols.md).
@Suite("greenpark bench decode")
struct BenchDecodeCommandTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func aShortTimingRunDecodesEveryFrame() throws {
        let result = try CLI.run(["bench", "decode", "--frames", "10000"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let figures = try Self.json(result.stdout)
        // 10,000 DL/T 645 frames, a quarter as many Modbus answers, none refused.
        #expect(figures["dlt645_frames"] as? Int == 10_000)
        #expect(figures["modbus_answers"] as? Int == 2_500)
        #expect(figures["failed"] as? Int == 0)
        #expect((figures["dlt645_frames_per_second"] as? Double ?? 0) > 0)
        // Half the frames have 4 FE: 20 bytes for a 4-byte value + 2 on average.
        let bytes = try #require(figures["dlt645_bytes_per_frame"] as? Double)
        #expect(bytes > 20 && bytes < 24)
    }

    @Test func aShortFuzzRunFindsNothingAndIsSeeded() throws {
        let result = try CLI.run(["bench", "decode", "--fuzz", "300", "--seed", "9"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let figures = try Self.json(result.stdout)
        #expect(figures["fuzz_inputs"] as? Int == 300)
        #expect(figures["fuzz_seed"] as? Int == 9)
        #expect(figures["fuzz_violations"] as? Int == 0)
        let again = try Self.json(try CLI.run(["bench", "decode", "--fuzz", "300", "--seed", "9"]).stdout)
        let other = try Self.json(try CLI.run(["bench", "decode", "--fuzz", "300", "--seed", "10"]).stdout)
        // The mean input size identifies the inputs well enough: the same seed, the same inputs.
        #expect(again["fuzz_mean_bytes"] as? Double == figures["fuzz_mean_bytes"] as? Double)
        #expect(other["fuzz_mean_bytes"] as? Double != figures["fuzz_mean_bytes"] as? Double)
    }

    @Test func badOptionsAreBadInput() throws {
        for arguments in [["--frames", "0"], ["--seconds", "0"], ["--fuzz", "0"], ["--seconds", "-1"]] {
            let result = try CLI.run(["bench", "decode"] + arguments)
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
        }
    }
}
