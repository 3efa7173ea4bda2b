/// When a cumulative register went down, did it roll over, and at what value?
///
/// Rule: with a configured rollover value (`meters[].register_rollover_kwh`, or the wrap
/// the register's format fixes: 2^32 counts, 1,000,000 kWh for DL/T 645 `XXXXXX.XX`), it is
/// a rollover when the difference plus that value is between zero and a tenth of that value
/// (the register was near its top and is near zero: a reset from the middle of its range,
/// or a read a few Wh lower than the one before, is not a rollover). Without one, it is a
/// rollover at the next power of ten above the value before when that value was in the top
/// tenth of that range and the value after in the bottom tenth (`999,990 -> 15 kWh` rolls
/// over at 1,000,000 kWh); anything else is not (a meter replaced or reset).
public enum RegisterRollover {
    /// The rollover value in Wh, or `nil` when the decrease is not a rollover.
    public static func modulus(beforeWh before: Int64, afterWh after: Int64, configuredWh: Int64?) -> Int64? {
        if let configuredWh {
            let (sum, overflow) = (after - before).addingReportingOverflow(configuredWh)
            return !overflow && sum >= 0 && sum <= configuredWh / 10 ? configuredWh : nil
        }
        var power: Int64 = 1000 // registers count at least kWh
        while power <= before, power < Int64.max / 10 { power *= 10 }
        return before >= power / 10 * 9 && after < power / 10 ? power : nil
    }
}
