import GreenParkCore
import GreenParkMeterCodecs

/// Turns register values into Wh.
///
/// Rules: an integer register is `count * scale_kwh * 1000` Wh, rounded half away from zero
/// to the Wh; a float register the same, from its binary value; a DL/T 645 value is kWh with
/// its decimals. NaN, infinity and values beyond Int64 Wh are refused.
public enum RegisterScale {
    /// The Wh of a Modbus register value.
    public static func wattHours(_ number: RegisterNumber, scaleKWh: Fixed6) throws(MeterCodecError) -> Int64 {
        switch number {
        case .integer(let count): return try fromMilliwattHours(Int128(count) * Int128(scaleKWh.millionths))
        case .largeUnsigned(let count): return try fromMilliwattHours(Int128(count) * Int128(scaleKWh.millionths))
        case .floatingPoint(let value):
            let wattHours = (value * Double(scaleKWh.millionths) / 1000).rounded(.toNearestOrAwayFromZero)
            guard wattHours.isFinite, abs(wattHours) < 9.2e18 else {
                throw MeterCodecError(.badValue, "register value \(value) is not a number of Wh that fits 64 bits")
            }
            return Int64(wattHours)
        }
    }

    /// The Wh of a DL/T 645 energy value in kWh.
    public static func wattHours(kWh value: ScaledDecimal) throws(MeterCodecError) -> Int64 {
        var divisor: Int128 = 1
        for _ in 0..<max(0, value.decimals) { divisor *= 10 }
        return try rounded(Int128(value.mantissa) * 1000, divisor)
    }

    /// The register's wrap in Wh fixed by its format: 2^16 or 2^32 counts of an unsigned
    /// Modbus integer, `10^(digits - decimals)` kWh of an unsigned DL/T 645 item; otherwise nil.
    public static func naturalRolloverWh(_ target: MeterPoll.Target) -> Int64? {
        switch target {
        case .modbus(let point):
            guard let counts = point.type.wrapCounts else { return nil }
            return try? fromMilliwattHours(Int128(counts) * Int128(point.scaleKWh.millionths))
        case .dlt645(let point):
            let format = point.item.format
            guard !format.signed, 2 * format.bytes - format.decimals <= 15 else { return nil }
            var kWh: Int64 = 1
            for _ in 0..<(2 * format.bytes - format.decimals) { kWh *= 10 }
            return kWh * 1000
        }
    }

    private static func fromMilliwattHours(_ milli: Int128) throws(MeterCodecError) -> Int64 {
        try rounded(milli, 1000)
    }

    private static func rounded(_ value: Int128, _ divisor: Int128) throws(MeterCodecError) -> Int64 {
        let half = divisor / 2
        let result = value >= 0 ? (value + half) / divisor : -((-value + half) / divisor)
        guard result >= Int128(Int64.min), result <= Int128(Int64.max) else {
            throw MeterCodecError(.badValue, "register value is beyond 64 bits of Wh")
        }
        return Int64(result)
    }
}
