import Foundation
import GreenParkCore

/// Writes `summary.json` (DESIGN.md "summary.json", with more fields): park totals,
/// members and generators in park-file order, policy checks and Scope 2, numbers exactly
/// as DOMAIN.md defines them.
public enum SummaryWriter {
    /// The JSON text. `from` and `to` are written as given on the command line.
    ///
    /// `omittingParkTotals` (a member's evidence pack in a park of fewer than 3 members)
    /// leaves out everything that sums over members — park consumption, allocation,
    /// surplus, grid import and ratios, each generator's allocated and surplus energy and
    /// the policy checks — and says so in `totals_omitted`: with two members, the park
    /// figure less the member's own is the other member's.
    public static func json(park: Park, summary s: AllocationSummary, from: String, to: String,
                            omittingParkTotals reason: String? = nil) -> String {
        let p = s.park
        let head: [(String, JSONText)] = [
            ("id", .string(park.settings.id)), ("from", .string(from)), ("to", .string(to)),
            ("key", .string(park.allocation.key.rawValue)),
            ("timezone", .string(park.settings.timeZone)),
            ("resolution_minutes", .integer(Int64(park.settings.resolution.minutes))),
            ("intervals", .integer(Int64(s.intervals))), ("skipped_intervals", .integer(Int64(s.skippedIntervals))),
        ]
        if let reason {
            return omitted(park: park, summary: s, head: head, reason: reason)
        }
        let storageTotals: [(String, JSONText)] = s.storage == nil ? [] : [
            ("from_storage_wh", .integer(p.fromStorageWh)), ("green_from_storage_wh", .integer(p.greenFromStorageWh)),
            ("green_wh", .integer(p.greenWh)),
        ]
        let parkObject: JSONText = .object(head + [
            ("generation_wh", .integer(p.generationWh)), ("consumption_wh", .integer(p.consumptionWh)),
            ("allocated_wh", .integer(p.allocatedWh)), ("surplus_wh", .integer(p.surplusWh)),
            ("grid_import_wh", .integer(p.gridImportWh)),
        ] + storageTotals + [
            ("self_consumption_ratio", .ratio(p.selfConsumptionRatio.value)),
            ("green_share", .ratio(p.greenShare.value)),
            ("surplus_share", .ratio(p.surplusShare.value)),
        ])
        let members: [JSONText] = memberObjects(s)
        let generators: [JSONText] = s.generators.enumerated().map { j, g in
            var fields: [(String, JSONText)] = [("id", .string(g.id)), ("generation_wh", .integer(g.generationWh)),
                                                ("allocated_wh", .integer(g.allocatedWh)),
                                                ("surplus_wh", .integer(g.surplusWh))]
            if let storage = s.storage {
                // Of the surplus (what the members did not take): into storage, and into the grid.
                fields += [("to_storage_wh", .integer(g.surplusWh - storage.generatorExportWh[j])),
                           ("exported_wh", .integer(storage.generatorExportWh[j]))]
            }
            return .object(fields)
        }
        let checks: [JSONText] = s.policy.checks.map { c in
            .object([("id", .string(c.id)), ("value", .ratio(c.value)), ("threshold", .number(c.threshold.description)),
                     ("bound", .string(c.bound.rawValue)), ("pass", .bool(c.pass))])
        }
        let root: JSONText = .object([
            ("park", parkObject),
            ("members", .array(members)),
            ("generators", .array(generators)),
            ("policy", .object([("profile", .string(s.policy.profile)), ("pass", .bool(s.policy.passed)), ("checks", .array(checks))])),
            ("scope2", scope2(park, s)),
        ] + (s.storage.map { [("storage", storageObject($0))] } ?? []))
        return root.render() + "\n"
    }

    /// The summary without anything summed over members.
    private static func omitted(park: Park, summary s: AllocationSummary, head: [(String, JSONText)],
                                reason: String) -> String {
        let generators: [JSONText] = s.generators.map {
            .object([("id", .string($0.id)), ("generation_wh", .integer($0.generationWh))])
        }
        let root: JSONText = .object([
            ("park", .object(head + [("generation_wh", .integer(s.park.generationWh)),
                                     ("totals_omitted", .string(reason))])),
            ("members", .array(memberObjects(s))),
            ("generators", .array(generators)),
            ("policy", .object([("profile", .string(s.policy.profile)), ("checks_omitted", .string(reason))])),
            ("scope2", scope2(park, s)),
        ])
        return root.render() + "\n"
    }

    private static func memberObjects(_ s: AllocationSummary) -> [JSONText] {
        s.members.map { m in
            let storage: [(String, JSONText)] = s.storage == nil ? [] : [
                ("from_storage_wh", .integer(m.fromStorageWh)),
                ("green_from_storage_wh", .integer(m.greenFromStorageWh)),
            ]
            return .object([
                ("id", .string(m.id)), ("consumption_wh", .integer(m.consumptionWh)),
                ("allocated_wh", .integer(m.allocatedWh)),
            ] + storage + [
                ("grid_import_wh", .integer(m.gridImportWh)), ("matched_share", .ratio(m.matchedShare.value)),
                ("covered_wh", .integer(m.coveredWh)),
                ("scope2_location_kg", .kilograms(fromGrams: m.scope2LocationGrams)),
                ("scope2_market_kg", .kilograms(fromGrams: m.scope2MarketGrams)),
            ])
        }
    }

    /// Each storage device's figures over the period (DOMAIN.md 4a).
    private static func storageObject(_ storage: StoragePeriod) -> JSONText {
        .array(storage.devices.map { d in
            .object([
                ("id", .string(d.id)), ("charged_green_wh", .integer(d.chargedGreenWh)),
                ("charged_grid_wh", .integer(d.chargedGridWh)), ("discharged_wh", .integer(d.dischargedWh)),
                ("to_members_wh", .integer(d.toMembersWh)), ("exported_wh", .integer(d.exportedWh)),
                ("released_wh", .integer(d.releasedWh)), ("losses_wh", .integer(d.lossesWh)),
                ("unbacked_wh", .integer(d.unbackedWh)), ("queued_wh", .integer(d.queuedWh)),
                ("queued_green_wh", .integer(d.queuedGreenWh)),
            ])
        })
    }

    private static func scope2(_ park: Park, _ s: AllocationSummary) -> JSONText {
        func factor(_ f: EmissionFactor) -> JSONText {
            .object([("name", .string(f.name)), ("year", .integer(Int64(f.year))),
                     ("kg_per_kwh", .number(f.kgPerKWh.description)), ("source", .string(f.source))])
        }
        return .object([
            ("certificate_scheme", .string(park.certificates.scheme.rawValue)),
            ("location_factor", factor(s.locationFactor)),
            ("residual_factor", factor(s.residualFactor)),
            ("covered_rule", .string("covered_wh: certificates redeemed for the member's consumption in the period "
                                     + "(0 until redeemed)")),
        ])
    }
}
