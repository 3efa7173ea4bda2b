import PropertyBased
import Testing
@testable import GreenParkCore

@Suite struct IntervalBuilderTests {
    /// 15-minute intervals, measured within 60 s, gaps above 1 hour, no configured rollover.
    static let settings = IntervalBuilderSettings(
        intervalSeconds: 900, measuredWithinMillis: 60_000, maxGapMillis: 3_600_000, rolloverWh: nil)

    static func feed(_ reads: [(Int64, Int64)], settings: IntervalBuilderSettings = settings,
                     identity: (Int) -> String? = { _ in nil }) -> [TelemetryEvent] {
        var builder = IntervalBuilder(settings: settings, state: MeterRegisterState(meter: "m"))
        return reads.enumerated().flatMap { index, read in
            builder.add(RegisterRead(atMillis: read.0 * 1000, rawWh: read.1, identity: identity(index)))
        }
    }

    @Test func boundariesAreInterpolatedBetweenTheReadsAroundThem() {
        // Reads 20 s apart around 900 s and 1800 s:
        // B = 900:  8,900 + (9,100 - 8,900) * (900 - 890) / (910 - 890) = 8,900 + 200 * 10 / 20 = 9,000
        // B = 1800: 17,900 + 200 * 10 / 20 = 18,000 -> [900, 1800) holds 18,000 - 9,000 = 9,000 Wh.
        let events = Self.feed([(890, 8_900), (910, 9_100), (1_790, 17_900), (1_810, 18_100)])
        // [0, 900) started before the first read: not produced. The 880-s span between 910
        // and 1790 holds no boundary.
        #expect(events == [.interval(start: 900, energyWh: 9_000, quality: .measured)])
    }

    @Test func roundingDownAtEachBoundaryStillSumsToTheRegister() {
        // Reads at 0 (0 Wh), 1000 s (1000 Wh), 2000 s (1001 Wh), 2700 s (1500 Wh), all 100 s
        // apart at most? No: 1000 s apart, so measuredWithin 2000 s keeps them measured.
        let settings = IntervalBuilderSettings(
            intervalSeconds: 900, measuredWithinMillis: 2_000_000, maxGapMillis: 3_600_000, rolloverWh: nil)
        let events = Self.feed([(0, 0), (1_000, 1_000), (2_000, 1_001), (2_700, 1_500)], settings: settings)
        // B 900:  0 + 1000 * 900 / 1000 = 900
        // B 1800: 1000 + 1 * 800 / 1000 = 1000.8 -> 1000
        // B 2700: the read itself, 1500
        // Intervals: [900,1800) = 100, [1800,2700) = 500; sum 600 = 1500 - 900.
        #expect(events == [
            .interval(start: 900, energyWh: 100, quality: .measured),
            .interval(start: 1_800, energyWh: 500, quality: .measured),
        ])
    }

    @Test func aBoundaryFarFromEveryReadIsInterpolated() {
        // Reads at 850 and 950 s: 100 s apart > 60 s, so the value at 900 is interpolated,
        // and so is every interval that starts or ends there.
        let events = Self.feed([(850, 0), (950, 100), (1_790, 940), (1_810, 960)])
        // B 900 = 0 + 100 * 50 / 100 = 50; B 1800 = 940 + 20 * 10 / 20 = 950 -> 900 Wh.
        #expect(events == [.interval(start: 900, energyWh: 900, quality: .interpolated)])
    }

    @Test func readsFartherApartThanTheLongestGapLeaveAGapWithItsEnergy() {
        // Reads at 890/910 s make B 900 = 9,000; then nothing until 5,410 s (4,500 s later,
        // above the 3,600-s limit): boundaries 1800...5400 get no value. Reads at 6,290/6,310
        // make B 6300 = 63,000: the gap [900, 6300) carries 63,000 - 9,000 = 54,000 Wh.
        let events = Self.feed([(890, 8_900), (910, 9_100), (5_410, 54_100), (6_290, 62_900), (6_310, 63_100)])
        #expect(events == [.gap(from: 900, to: 6_300, energyWh: 54_000)])
    }

    @Test func aRolloverAddsTheRegistersRangeAndKeepsTheIntervalMeasured() {
        // A 999,999.99 kWh register: 999,999,990 Wh at 890 s, 10 Wh at 910 s: a rollover at
        // 1,000,000,000 Wh (20 Wh in 20 s). B 900 = 999,999,990 + 20 * 10 / 20 = 1,000,000,000.
        // B 1800: reads 17,900 + 1e9 and 18,100 + 1e9 -> 1,000,018,000: 18,000 Wh.
        let settings = IntervalBuilderSettings(
            intervalSeconds: 900, measuredWithinMillis: 60_000, maxGapMillis: 3_600_000, rolloverWh: 1_000_000_000)
        let events = Self.feed([(880, 999_999_890), (890, 999_999_990), (910, 10), (1_790, 17_900),
                                (1_810, 18_100)], settings: settings)
        #expect(events.contains(.rollover(atMillis: 910_000, beforeWh: 999_999_990, afterWh: 10,
                                          moduloWh: 1_000_000_000)))
        #expect(events.last == .interval(start: 900, energyWh: 18_000, quality: .measured))
    }

    @Test func aReplacedMeterContinuesFromTheOldValueAndMarksTheSwapEstimated() {
        // Old meter (A) reads 5,000 Wh at 1,000 s; new meter (B) reads 7 Wh at 1,020 s.
        // The continuous register stays 5,000 across the swap (offset 4,993), then grows 10 Wh/s.
        let events = Self.feed(
            [(890, 3_900), (910, 4_100), (1_000, 5_000), (1_020, 7), (1_790, 7_707), (1_810, 7_907)],
            identity: { $0 < 3 ? "A" : "B" })
        // B 900 = 4,000; B 1800 = (7,707 + 4,993) + 200 * 10 / 20 = 12,800 -> 8,800 Wh.
        #expect(events == [
            .replaced(atMillis: 1_020_000, oldIdentity: "A", newIdentity: "B", beforeWh: 5_000, afterWh: 7),
            .interval(start: 900, energyWh: 8_800, quality: .estimated),
        ])
    }

    @Test func aRegisterThatGoesDownWithoutRollingOverIsAReset() {
        // 5,000 -> 7 at 1,020 s is far from any power of ten's top tenth: a reset.
        let events = Self.feed([(890, 3_900), (910, 4_100), (1_000, 5_000), (1_020, 7), (1_790, 7_707),
                                (1_810, 7_907), (2_690, 16_707), (2_710, 16_907)])
        #expect(events.contains(.reset(atMillis: 1_020_000, beforeWh: 5_000, afterWh: 7)))
        // The next interval [1800, 2700) no longer touches the swap: measured again.
        // B 2700 = 16,707 + 4,993 + 100 = 21,800; minus 12,800 = 9,000.
        #expect(events.last == .interval(start: 1_800, energyWh: 9_000, quality: .measured))
    }

    @Test func aReadNotLaterThanTheOneBeforeIsIgnoredAndReported() {
        let events = Self.feed([(890, 8_900), (890, 8_950), (880, 8_800), (910, 9_100)])
        #expect(events.filter { $0.kind == "ignored" }.count == 2)
    }

    @Test func aRegisterBeyondSixtyFourBitsIsIgnoredNotWrapped() {
        let settings = IntervalBuilderSettings(
            intervalSeconds: 900, measuredWithinMillis: 60_000, maxGapMillis: 3_600_000, rolloverWh: Int64.max)
        // Int64.max - 5 then 0 rolls over at Int64.max (offset Int64.max, 5 Wh); the next
        // read, 10 Wh, would make the register 10 + Int64.max: past 64 bits, so ignored.
        let events = Self.feed([(890, Int64.max - 5), (910, 0), (930, 10)], settings: settings)
        #expect(events.map(\.kind) == ["rollover", "ignored"])
    }
}
