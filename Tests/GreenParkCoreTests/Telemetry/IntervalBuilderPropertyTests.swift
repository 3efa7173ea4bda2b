import PropertyBased
import Testing
@testable import GreenParkCore

@Suite struct IntervalBuilderPropertyTests {
    /// Reads of a register that grows by random steps at random times, with occasional long
    /// pauses; returns (seconds, Wh) pairs.
    static func reads(steps: [Int64], pauses: [Int64], start: Int64) -> [(Int64, Int64)] {
        var time = start, value: Int64 = 1_000_000
        var reads: [(Int64, Int64)] = []
        for (index, step) in steps.enumerated() {
            time += pauses[index % pauses.count]
            value += step
            reads.append((time, value))
        }
        return reads
    }

    @Test func intervalsAndGapsSumToTheRegisterBetweenTheFirstAndLastBoundary() async {
        await propertyCheck(
            count: 300, input: Gen.int64(in: 0...50_000).array(of: 200), Gen.int64(in: 1...1_500).array(of: 7),
            Gen.int64(in: 0...100_000)
        ) { steps, pauses, start in
            let reads = Self.reads(steps: steps, pauses: pauses, start: start)
            let events = IntervalBuilderTests.feed(reads)
            var first: Int64?, last: Int64?, sum: Int64 = 0
            for event in events {
                switch event {
                case .interval(let s, let e, _):
                    if first == nil { first = s }
                    #expect(last == nil || last == s, "intervals follow each other without holes")
                    last = s + 900
                    sum += e
                case .gap(let from, let to, let e):
                    if first == nil { first = from }
                    #expect(last == nil || last == from)
                    last = to
                    sum += e
                default: Issue.record("unexpected \(event)")
                }
            }
            guard let first, let last else { return }
            // The register at a boundary, interpolated here independently of the builder.
            func register(at boundary: Int64) -> Int64 {
                let t = boundary * 1000
                let after = reads.firstIndex { $0.0 * 1000 >= t }!
                let (t2, r2) = (reads[after].0 * 1000, reads[after].1)
                let (t1, r1) = (reads[after - 1].0 * 1000, reads[after - 1].1)
                return r1 + (r2 - r1) * (t - t1) / (t2 - t1)
            }
            #expect(sum == register(at: last) - register(at: first))
        }
    }

    @Test func aRestartFromTheStoredStateGivesWhatOneRunGives() async {
        await propertyCheck(
            count: 300, input: Gen.int64(in: 0...50_000).array(of: 120), Gen.int64(in: 1...2_000).array(of: 5),
            Gen.int(in: 1...119)
        ) { steps, pauses, cut in
            let reads = Self.reads(steps: steps, pauses: pauses, start: 7).enumerated().map { index, read in
                // A rollover at 5,000,000 Wh and a replacement half-way make the state richer.
                RegisterRead(atMillis: read.0 * 1000, rawWh: read.1 % 5_000_000, identity: index < 60 ? "A" : "B")
            }
            let settings = IntervalBuilderSettings(
                intervalSeconds: 900, measuredWithinMillis: 60_000, maxGapMillis: 3_600_000, rolloverWh: 5_000_000)
            var whole = IntervalBuilder(settings: settings, state: MeterRegisterState(meter: "m"))
            let once = reads.flatMap { whole.add($0) }
            var first = IntervalBuilder(settings: settings, state: MeterRegisterState(meter: "m"))
            var twice = reads[..<cut].flatMap { first.add($0) }
            var second = IntervalBuilder(settings: settings, state: first.state)
            twice += reads[cut...].flatMap { second.add($0) }
            #expect(once == twice)
            #expect(whole.state == second.state)
        }
    }
}
