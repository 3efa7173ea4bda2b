import Testing
@testable import GreenParkCore

/// Review of issue 13: how a register that goes down is classified when its rollover value
/// is known (configured, or fixed by the format: what TelemetryService passes for every
/// DL/T 645 energy item and every uint16/uint32 Modbus register).
@Suite struct IntervalBuilderReviewTests {
    static func feed(_ reads: [(Int64, Int64)], rolloverWh: Int64?) -> [TelemetryEvent] {
        let settings = IntervalBuilderSettings(
            intervalSeconds: 900, measuredWithinMillis: 60_000, maxGapMillis: 3_600_000, rolloverWh: rolloverWh)
        var builder = IntervalBuilder(settings: settings, state: MeterRegisterState(meter: "m"))
        return reads.flatMap { builder.add(RegisterRead(atMillis: $0.0 * 1000, rawWh: $0.1)) }
    }

    /// docs/telemetry.md: "at its rollover value ... it rolled over; ... otherwise it was reset".
    /// A DL/T 645 forward-energy register (XXXXXX.XX kWh, fixed wrap 1,000,000 kWh =
    /// 1,000,000,000 Wh) at 12,345.67 kWh is reset to 0 (meter reset / cleared by the utility):
    /// 12,345,670 Wh is nowhere near the top of the range, so this is a reset, and the register
    /// must continue from 12,345,670 Wh. Treated as a rollover, 1,000,000,000 - 12,345,670 =
    /// 987,654,330 Wh (987 MWh) are put into [900, 1800).
    @Test func aDLT645RegisterResetFarBelowItsWrapIsAResetNotARollover() {
        let events = Self.feed(
            [(890, 12_345_470), (910, 12_345_670), (1_000, 0), (1_790, 7_900), (1_810, 8_100)],
            rolloverWh: 1_000_000_000)
        #expect(events.contains { $0.kind == "reset" }, "got \(events)")
        #expect(!events.contains { $0.kind == "rollover" })
        // Reset: continuous register 12,345,670 at 1,000 s, B 900 = 12,345,570,
        // B 1800 = 12,345,670 + 8,000 = 12,353,670 -> [900, 1800) = 8,100 Wh (estimated).
        #expect(events.last == .interval(start: 900, energyWh: 8_100, quality: .estimated))
    }

    /// A uint32 register in hundredths of a kWh wraps at 2^32 x 10 Wh = 42,949,672,960 Wh.
    /// A read 10 Wh lower than the one before (a gateway's cached value, a float-free meter
    /// glitch) is not a wrap: it must not add 42.9 GWh to the interval.
    @Test func aSmallDecreaseOfAUInt32RegisterIsNotARollover() {
        let events = Self.feed([(890, 1_000_000), (910, 999_990), (1_790, 1_008_790), (1_810, 1_008_990)],
                               rolloverWh: 42_949_672_960)
        #expect(!events.contains { $0.kind == "rollover" }, "got \(events)")
        let energy = events.compactMap { event -> Int64? in
            if case let .interval(_, wh, _) = event { return wh } else { return nil }
        }
        // Whatever the classification, [900, 1800) holds about 9,000 Wh, never ~42.9 GWh.
        #expect(energy.allSatisfy { $0 < 100_000 }, "intervals \(energy)")
    }
}
