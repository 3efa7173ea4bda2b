import GreenParkCore
import Testing

@Suite("Decimal energy to Wh (DOMAIN.md 2)")
struct EnergyDecimalTests {
    func wh(_ text: String, _ unit: EnergyDecimal.Unit = .kwh) -> EnergyDecimal.Value? {
        try? EnergyDecimal.parse(text, unit: unit).get()
    }

    @Test("exact values scale by the unit")
    func exact() {
        #expect(wh("12.345") == .init(wh: 12_345, rounded: false))          // 12.345 kWh * 1000
        #expect(wh("1.5", .mwh) == .init(wh: 1_500_000, rounded: false))     // 1.5 MWh * 1e6
        #expect(wh("250", .wh) == .init(wh: 250, rounded: false))
        #expect(wh("+0.001") == .init(wh: 1, rounded: false))
        #expect(wh("1e3") == .init(wh: 1_000_000, rounded: false))           // 1000 kWh
        #expect(wh("0") == .init(wh: 0, rounded: false))
        #expect(wh("-0.000") == .init(wh: 0, rounded: false))                // minus zero is zero
    }

    @Test("more decimals than a Wh round half to even")
    func halfEven() {
        #expect(wh("12.3455") == .init(wh: 12_346, rounded: true))  // 12345.5 -> 12346 (6 is even)
        #expect(wh("12.3445") == .init(wh: 12_344, rounded: true))  // 12344.5 -> 12344 (4 is even)
        #expect(wh("12.34451") == .init(wh: 12_345, rounded: true)) // 12344.51 -> above half
        #expect(wh("0.0005") == .init(wh: 0, rounded: true))        // 0.5 -> 0
        #expect(wh("0.0015") == .init(wh: 2, rounded: true))        // 1.5 -> 2
        #expect(wh("0.4", .wh) == .init(wh: 0, rounded: true))
        #expect(wh("9.2345") == .init(wh: 9_234, rounded: true))    // 9234.5 -> 9234
        #expect(wh("1.2345678e-1") == .init(wh: 123, rounded: true)) // 123.45678 Wh
    }

    @Test("bad values are refused with a reason")
    func failures() throws {
        #expect(throws: EnergyDecimal.Failure.negative) { try EnergyDecimal.parse("-1.5", unit: .kwh).get() }
        #expect(throws: EnergyDecimal.Failure.notANumber) { try EnergyDecimal.parse("12,5", unit: .kwh).get() }
        #expect(throws: EnergyDecimal.Failure.notANumber) { try EnergyDecimal.parse("abc", unit: .kwh).get() }
        #expect(throws: EnergyDecimal.Failure.notANumber) { try EnergyDecimal.parse(".", unit: .kwh).get() }
        #expect(throws: EnergyDecimal.Failure.notANumber) { try EnergyDecimal.parse("1e", unit: .kwh).get() }
        #expect(throws: EnergyDecimal.Failure.tooLarge) { try EnergyDecimal.parse("99999999999999999", unit: .mwh).get() }
        // Above 10^11 Wh (100 GWh) in one interval, or more digits than Int64 holds
        #expect(throws: EnergyDecimal.Failure.tooLarge) { try EnergyDecimal.parse("100000000001", unit: .wh).get() }
        #expect(throws: EnergyDecimal.Failure.tooLarge) { try EnergyDecimal.parse("1234567890123456789", unit: .wh).get() }
        #expect(throws: EnergyDecimal.Failure.tooLarge) { try EnergyDecimal.parse("9223372036854775808", unit: .wh).get() }
        #expect(throws: EnergyDecimal.Failure.tooLarge) { try EnergyDecimal.parse("123456789012345678.9", unit: .wh).get() }
        #expect(try EnergyDecimal.parse("100000000", unit: .kwh).get().wh == 100_000_000_000) // exactly the maximum
    }
}

@Suite("Rounding and splitting rules")
struct RoundingTests {
    @Test("half to even")
    func halfEven() {
        #expect(Rounding.halfEven(5, 2) == 2)   // 2.5 -> 2
        #expect(Rounding.halfEven(7, 2) == 4)   // 3.5 -> 4
        #expect(Rounding.halfEven(-5, 2) == -2) // -2.5 -> -2
        #expect(Rounding.halfEven(10, 3) == 3)  // 3.33 -> 3
        #expect(Rounding.halfEven(11, 3) == 4)  // 3.67 -> 4
    }

    @Test("even split: 1,000 Wh in 3 parts is 334 + 333 + 333")
    func evenSplit() {
        #expect(EvenSplit.split(1000, into: 3) == [334, 333, 333])
        #expect(EvenSplit.split(2, into: 4) == [1, 1, 0, 0])
        #expect(EvenSplit.split(0, into: 2) == [0, 0])
    }

    @Test("linear interpolation: 100 .. 200 over 3 missing is 125, 150, 175")
    func linear() {
        #expect(LinearInterpolation.fill(before: 100, after: 200, count: 3) == [125, 150, 175])
        // 100 -> 0 over 2: 100 - 100/3 = 66.67 -> 67, 100 - 200/3 = 33.33 -> 33
        #expect(LinearInterpolation.fill(before: 100, after: 0, count: 2) == [67, 33])
        // 10 -> 11 over 1: 10.5 -> 10 (half to even); 1 -> 2: 1.5 -> 2; 3 -> 2: 2.5 -> 2
        #expect(LinearInterpolation.fill(before: 10, after: 11, count: 1) == [10])
        #expect(LinearInterpolation.fill(before: 1, after: 2, count: 1) == [2])
        #expect(LinearInterpolation.fill(before: 3, after: 2, count: 1) == [2])
    }
}
