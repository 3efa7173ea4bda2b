/// The rules every schedule keeps, checked on the rounded result (and by the property tests):
/// each interval balances exactly; each device stays within its power limits and, to within
/// the rounding (1 + 1 / efficiency Wh), its state-of-charge limits; each flexible load receives its
/// day's energy exactly, only inside its window, within its power limits (1 Wh of rounding).
public enum ScheduleCheck {
    public static func problems(_ s: DaySchedule, _ input: ScheduleInput) -> [String] {
        var found: [String] = []
        let hours = Double(s.step) / 3600
        for t in 0..<s.intervalCount {
            let supply = s.generation[t] - s.curtailed[t] + s.discharge.reduce(0) { $0 + $1[t] } + s.gridImport[t]
            let demand = s.load[t] + s.charge.reduce(0) { $0 + $1[t] } + s.gridExport[t]
            if supply != demand { found.append("interval \(t) does not balance: \(supply) Wh in, \(demand) Wh out") }
            if s.curtailed[t] < 0 || s.curtailed[t] > s.generation[t] { found.append("interval \(t): curtailment") }
        }
        for (k, (device, _)) in input.storage.enumerated() {
            let chargeLimit = Int64((Double(device.chargeW) * hours).rounded(.up)) + 1
            let dischargeLimit = Int64((Double(device.dischargeW) * hours).rounded(.up)) + 1
            let low = device.minimumWh, high = device.maximumWh
            let slack = Int64((1 + 1e6 / Double(device.efficiency.millionths)).rounded(.up))
            for t in 0..<s.intervalCount {
                if s.charge[k][t] < 0 || s.charge[k][t] > chargeLimit || s.discharge[k][t] < 0
                    || s.discharge[k][t] > dischargeLimit {
                    found.append("\(device.id) interval \(t): power above its limits")
                }
                if s.stateOfCharge[k][t] < low - slack || s.stateOfCharge[k][t] > high + slack {
                    found.append("\(device.id) interval \(t): state of charge \(s.stateOfCharge[k][t]) Wh "
                                 + "outside \(low) to \(high) Wh")
                }
            }
        }
        for (f, (load, window)) in input.flexible.enumerated() {
            let row = s.flexible[f]
            if row.reduce(0, +) != load.energyWhPerDay { found.append("\(load.id): not its day's energy") }
            let most = Int64((Double(load.maximumW) * hours).rounded(.up)) + 1
            let least = Int64((Double(load.minimumW) * hours).rounded(.down)) - 1
            for t in 0..<s.intervalCount where window.contains(t) ? (row[t] > most || row[t] < least) : row[t] != 0 {
                found.append("\(load.id) interval \(t): \(row[t]) Wh outside its window or power limits")
            }
        }
        return found
    }
}
