import Foundation
import GreenParkCore
import GreenParkDemo
import GreenParkOptimization
import GreenParkServices

extension DemoContext {
    /// The year replayed with one 20 MWh / 5 MW park battery scheduled for hourly matching
    /// (docs/schedules.md): self-consumption and each member's hourly matched share (its 24/7
    /// CFE score) before and after, on day-ahead forecasts and on perfect information.
    func storageWhatIf() throws {
        let battery = try StorageDevice(id: "sim-bess-1", name: "Simulated battery 1", capacityWh: 20_000_000,
                                        chargeW: 5_000_000, dischargeW: 5_000_000,
                                        efficiency: Fixed6(millionths: 900_000),
                                        minimumSoC: Fixed6(millionths: 100_000),
                                        maximumSoC: Fixed6(millionths: 950_000), chargeMeter: "sim-bess-1-in",
                                        dischargeMeter: "sim-bess-1-out")
        let from = CivilDate(year: DemoPark.year, month: 1, day: 1)
        let to = CivilDate(year: DemoPark.year + 1, month: 1, day: 1)
        let clock = ContinuousClock.now
        let result = try SimulationService(context: context).run(
            .init(from: from, to: to, objective: .matching, storage: [battery], flexible: []))
        let seconds = (ContinuousClock.now - clock).seconds
        print("   $ greenpark simulate --park park.yaml --from \(from) --to \(to) --storage 20000kWh:5000kW")
        let forecast = result.after[ScheduleService.Information.forecast]!
        let perfect = result.after[ScheduleService.Information.perfect]!
        func percent(_ ratio: Ratio) -> String { String(format: "%5.1f %%", ratio.value * 100) }
        func line(_ label: String, _ values: [Ratio]) {
            print("   " + label.padding(toLength: 34, withPad: " ", startingAt: 0)
                + values.map(percent).joined(separator: "   "))
        }
        print("   " + "".padding(toLength: 34, withPad: " ", startingAt: 0) + " before   forecast    perfect")
        line("park self-consumption", [result.before.selfConsumptionRatio, forecast.selfConsumptionRatio,
                                       perfect.selfConsumptionRatio])
        line("park green share of load", [result.before.greenShare, forecast.greenShare, perfect.greenShare])
        for (i, member) in park.members.enumerated() {
            line("\(member.id): hourly matched (CFE)", [result.before.members[i].matchedShare,
                                                        forecast.members[i].matchedShare,
                                                        perfect.members[i].matchedShare])
        }
        print("   battery: \(Terminal.mwh(forecast.chargedWh)) MWh charged, "
            + "\(Terminal.mwh(forecast.dischargedWh)) MWh discharged on forecasts; surplus fed in "
            + "\(Terminal.mwh(result.before.surplusWh)) -> \(Terminal.mwh(forecast.surplusWh)) MWh; "
            + "\(result.days * 2) day schedules in \(String(format: "%.1f", seconds)) s")
    }
}
