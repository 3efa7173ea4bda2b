import Foundation

/// One of the files (or groups of files) `run` writes into its output directory.
///
/// Rule: a run writes every output unless told which ones (`--outputs summary,scope2,...`);
/// what is left out changes nothing in the store: every output but summary, allocations and
/// members can be written again later from the store (`certificates statements`,
/// `ledger export`, `report`, `settle`), and those three by running the period again.
public enum RunOutput: String, CaseIterable, Sendable, Comparable {
    /// summary.json.
    case summary
    /// allocations.csv: one row per interval, member and generator (the bulkiest CSV).
    case allocations
    /// members.csv: one row per interval and member.
    case members
    /// certificates.csv: the ranges issued in the period.
    case certificates
    /// ledger.jsonl: the whole signed ledger (grows with the park's history).
    case ledger
    /// statements/: the period's redemption statements, JSON and HTML.
    case statements
    /// scope2.csv and scope2-quality.csv.
    case scope2
    /// report.html.
    case report
    /// cbam.json, cbam.csv, cbam.xml (when members list installations).
    case cbam
    /// h2-45v.json, h2-45v-hours.csv (for hydrogen producers).
    case hydrogen = "h2-45v"
    /// shared_costs.csv (when the park has shared costs).
    case sharedCosts = "shared-costs"
    /// settlement.csv (when the park has a settlement section).
    case settlement

    public static func < (a: RunOutput, b: RunOutput) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Parses a comma-separated list (`all` for every output); unknown names are refused
    /// with the list of known ones.
    public static func parse(_ text: String) throws -> Set<RunOutput> {
        var outputs = Set<RunOutput>()
        for raw in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = raw.trimmingCharacters(in: .whitespaces)
            if name == "all" {
                outputs.formUnion(allCases)
            } else if let output = RunOutput(rawValue: name) {
                outputs.insert(output)
            } else {
                throw ServiceError("run.unknown-output", "unknown output '\(name)' in --outputs; choose from all, "
                    + allCases.map(\.rawValue).joined(separator: ", "))
            }
        }
        return outputs
    }
}
