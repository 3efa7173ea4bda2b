import Foundation
import PropertyBased
import Testing
@testable import GreenParkMeterCodecs

/// Seeded random and mutated frames through every decoder (MeterCodecProbe states the rules).
/// The debug build runs 4 x 12,500 seeded inputs and 10 x 1,000 from fresh seeds here
/// (60,000 inputs; each also runs repaired, about 170,000 probe passes, ~10 s on 2 cores);
/// `greenpark bench decode --fuzz 10000000` runs millions in a release build.
@Suite struct CodecFuzzTests {
    static let seeds = MeterFrameMutator.standardSeeds + FrameFixtures.allFrames
    static let inputsPerSeed = 12_500

    @Test("seeded mutated frames break no rule", arguments: [UInt64(1), 2, 3, 4])
    func seededMutations(seed: UInt64) {
        var mutator = MeterFrameMutator(seed: seed, seeds: Self.seeds)
        var broken: [MeterCodecProbe.Violation] = []
        for _ in 0..<Self.inputsPerSeed {
            if let violation = MeterCodecProbe.check(mutator.next()) { broken.append(violation) }
            if broken.count == 5 { break }
        }
        #expect(broken.isEmpty, "\(broken)")
    }

    @Test func randomSeedsToo() async {
        // A fresh seed each run; a failure names it (rerun with that seed in seededMutations).
        await propertyCheck(count: 10, input: Gen.uint64()) { seed in
            var mutator = MeterFrameMutator(seed: seed, seeds: Self.seeds)
            for _ in 0..<1_000 {
                let input = mutator.next()
                let violation = MeterCodecProbe.check(input)
                #expect(violation == nil, "seed \(seed): \(violation!)")
                if violation != nil { return }
            }
        }
    }

    @Test func theMutatorIsSeeded() {
        var first = MeterFrameMutator(seed: 7, seeds: Self.seeds)
        var again = MeterFrameMutator(seed: 7, seeds: Self.seeds)
        var other = MeterFrameMutator(seed: 8, seeds: Self.seeds)
        let inputs = (0..<1_000).map { _ in first.next() }
        #expect(inputs == (0..<1_000).map { _ in again.next() })
        #expect(inputs != (0..<1_000).map { _ in other.next() })
        // It reaches past the checksum: a share of the inputs decode as a frame as they are,
        // most once MeterCodecProbe has repaired their envelope.
        let frames = inputs.filter { (try? DLT645Frame.decode($0)) != nil }.count
        let repaired = inputs.filter {
            var bytes = $0
            MeterCodecProbe.repairEnvelope(&bytes)
            return (try? DLT645Frame.decode(bytes)) != nil
        }.count
        #expect(frames > 40)  // 62 of 1,000 with seed 7
        #expect(repaired > 500)  // 641
        #expect(inputs.contains { $0.count > 216 })
    }

    @Test func theRepairsMakeFrames() throws {
        // Twenty bytes of noise become a DL/T 645 frame with L = 20 - 12 = 8 once 68 leads them.
        var noise: [UInt8] = [0x68] + (1...19).map { UInt8($0 * 37 & 0xFF) }
        MeterCodecProbe.repairEnvelope(&noise)
        #expect(try DLT645Frame.decode(noise).data.count == 8)
        // A frame with its checksum off by 5 decodes once the checksum is repaired.
        var broken = DLT645FrameTests.reply
        broken[18] &+= 5
        #expect(failure { try DLT645Frame.decode(broken) }?.kind == .badChecksum)
        MeterCodecProbe.repairChecksum(&broken)
        #expect(broken == DLT645FrameTests.reply)
        // A Modbus answer with wrong MBAP length and byte count: 17 bytes -> 11 and 8.
        var answer = ModbusResponseTests.answer
        answer[5] = 0x30
        answer[8] = 0x02
        MeterCodecProbe.repairEnvelope(&answer)
        #expect(answer == ModbusResponseTests.answer)
    }

    @Test func theStandardSeedsAreValidFrames() {
        #expect(MeterFrameMutator.standardSeeds.count > 30)
        for seed in MeterFrameMutator.standardSeeds {
            let dlt = (try? DLT645Frame.decode(seed)) != nil
            let modbus = seed.withUnsafeBytes {
                (try? ModbusRequest.decode($0)) != nil || (try? ModbusResponse.decode($0)) != nil
            }
            #expect(dlt != modbus, "\(Hex.text(seed))")
            #expect(MeterCodecProbe.check(seed) == nil)
        }
    }
}
