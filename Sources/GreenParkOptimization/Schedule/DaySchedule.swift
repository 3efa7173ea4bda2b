/// A day's schedule in whole Wh per interval (docs/schedules.md): what each storage device
/// charges and discharges and its state of charge after the interval, what each flexible
/// load takes, and the park's grid import, export and curtailment. Import and export follow
/// from the rest, so that every interval balances exactly:
/// `generation - curtailed + discharge + import = load + charge + export`.
public struct DaySchedule: Sendable, Equatable {
    public let step: Int64
    public let objective: ScheduleInput.Objective
    /// The program's optimum, in its units (kWh of green energy, fen, or kWh curtailed).
    public let objectiveValue: Double
    /// `Clp ...` or `Cbc ...`, and whether binaries were needed (a device would otherwise have
    /// charged and discharged at once).
    public let solver: String
    public let usedBinaries: Bool
    /// Per device (input order), per interval.
    public let charge: [[Int64]]
    public let discharge: [[Int64]]
    /// State of charge at the end of each interval, Wh (rounded).
    public let stateOfCharge: [[Int64]]
    /// Per flexible load (input order), per interval of the day (0 outside its window).
    public let flexible: [[Int64]]
    /// The load with the flexible loads as scheduled.
    public let load: [Int64]
    public let generation: [Int64]
    public let curtailed: [Int64]
    public let gridImport: [Int64]
    public let gridExport: [Int64]

    public var intervalCount: Int { load.count }

    /// Device `k`'s set-point in interval `t`, in W: positive charging, negative discharging.
    public func setPointW(device k: Int, interval t: Int) -> Int64 {
        (charge[k][t] - discharge[k][t]) * 3600 / step
    }
}
