import Foundation
import GreenParkCore
import Yams

/// The policy profiles shipped with GreenPark (`Resources/policy-profiles/*.yaml`).
public enum PolicyProfileCatalog {
    /// Names of the shipped profiles, sorted.
    public static var shippedNames: [String] {
        (try? shipped().keys.sorted()) ?? []
    }

    /// Every shipped profile by id.
    public static func shipped() throws -> [String: PolicyProfile] {
        guard let directory = Bundle.module.url(forResource: "policy-profiles", withExtension: nil, subdirectory: "Resources") else {
            throw ReferenceDataMissing(name: "policy-profiles")
        }
        var result: [String: PolicyProfile] = [:]
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        for file in files where file.pathExtension == "yaml" {
            let profile = try parse(String(contentsOf: file, encoding: .utf8), name: file.lastPathComponent)
            result[profile.id] = profile
        }
        return result
    }

    /// The profile `id`, or an error naming the shipped ones.
    public static func profile(_ id: String) throws -> PolicyProfile {
        let all = try shipped()
        guard let profile = all[id] else {
            throw ReferenceDataMissing(name: "policy profile \"\(id)\" (shipped: \(all.keys.sorted().joined(separator: ", ")))")
        }
        return profile
    }

    /// Reads one profile file.
    static func parse(_ yaml: String, name: String) throws -> PolicyProfile {
        func bad(_ why: String) -> ReferenceDataMissing { ReferenceDataMissing(name: "\(name): \(why)") }
        guard let root = try Yams.compose(yaml: yaml)?.mapping,
              let id = root["id"]?.string, let title = root["name"]?.string,
              let source = root["source"]?.string, let checks = root["checks"]?.sequence else {
            throw bad("needs id, name, source and checks")
        }
        var rules: [PolicyRule] = []
        for check in checks {
            guard let mapping = check.mapping, let metricName = mapping["id"]?.string,
                  let metric = PolicyMetric(rawValue: metricName) else { throw bad("a check needs a known id") }
            let bound: PolicyRule.Bound = mapping["min"] != nil ? .min : .max
            guard let text = (mapping["min"] ?? mapping["max"])?.string, let threshold = Fixed6(parsing: text) else {
                throw bad("check \(metricName) needs min or max as a decimal")
            }
            var steps: [(from: CivilDate, threshold: Fixed6)] = []
            for (key, value) in mapping["from"]?.mapping ?? [:] {
                guard let date = key.string.flatMap(CivilDate.init(parsing:)), let step = value.string.flatMap(Fixed6.init(parsing:)) else {
                    throw bad("check \(metricName): from needs date: decimal pairs")
                }
                steps.append((date, step))
            }
            rules.append(PolicyRule(metric: metric, bound: bound, threshold: threshold, steps: steps))
        }
        return PolicyProfile(id: id, name: title, source: source, rules: rules)
    }
}

/// Data GreenPark ships is missing or malformed (a broken installation).
public struct ReferenceDataMissing: GreenParkError {
    public var name: String
    public var code: String { "reference.missing" }
    public var message: String { "reference data not found or malformed: \(name)" }
    public var isBadInput: Bool { false }
}
