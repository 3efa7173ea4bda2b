import Foundation
import GreenParkCore
import Yams

/// The policy profiles a park can name in `park.policy_profile`: a profile shipped with
/// GreenPark (`Resources/policy-profiles/*.yaml`) by its id, a profile file of the
/// park's own (a path ending in `.yaml` or `.yml`, relative to the park file, read and
/// validated exactly like the shipped ones by ``PolicyProfileReader``), or `none` for a
/// park under no policy (no checks).
public enum PolicyProfileCatalog {
    /// The `policy_profile` value for "no policy profile".
    public static let noneName = "none"

    /// Names of the shipped profiles, sorted.
    public static var shippedNames: [String] {
        (try? shipped().keys.sorted()) ?? []
    }

    /// Whether a `policy_profile` value names a file rather than a shipped profile.
    public static func isFile(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
    }

    /// Every shipped profile by id.
    public static func shipped() throws -> [String: PolicyProfile] {
        guard let directory = Bundle.module.url(forResource: "policy-profiles", withExtension: nil, subdirectory: "Resources") else {
            throw ReferenceDataMissing(name: "policy-profiles")
        }
        var result: [String: PolicyProfile] = [:]
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
        for file in files where file.pathExtension == "yaml" {
            do {
                let profile = try parse(String(contentsOf: file, encoding: .utf8), name: file.lastPathComponent)
                result[profile.id] = profile
            } catch let rejected as InputRejected {
                throw ReferenceDataMissing(name: rejected.message)
            }
        }
        return result
    }

    /// The shipped profile `id`, or an error naming the shipped ones.
    public static func profile(_ id: String) throws -> PolicyProfile {
        let all = try shipped()
        guard let profile = all[id] else {
            throw ReferenceDataMissing(name: "policy profile \"\(id)\" (shipped: \(all.keys.sorted().joined(separator: ", ")))")
        }
        return profile
    }

    /// The profile `park` names: ``PolicyProfile/none`` for `none`, its own file read
    /// relative to `parkDirectory` (absolute paths as given), or a shipped profile.
    public static func profile(for park: Park, parkDirectory: URL) throws -> PolicyProfile {
        let name = park.settings.policyProfile
        if name == noneName { return .none }
        guard isFile(name) else { return try profile(name) }
        let url = name.hasPrefix("/") ? URL(fileURLWithPath: name) : parkDirectory.appendingPathComponent(name)
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            let issue = InputIssue(file: name, line: 0, code: "policy.unreadable",
                                   reason: "cannot read the policy profile file: \(error.localizedDescription)")
            throw InputRejected(file: name, issues: [issue], code: PolicyProfileReader.rejectedCode)
        }
        return try parse(text, name: name)
    }

    /// Reads one profile file; throws ``InputRejected`` (code `policy.invalid`) listing
    /// every problem with its line.
    public static func parse(_ yaml: String, name: String) throws -> PolicyProfile {
        try PolicyProfileReader.parse(yaml, file: name)
    }
}

/// Data GreenPark ships is missing or malformed (a broken installation).
public struct ReferenceDataMissing: GreenParkError {
    public var name: String
    public var code: String { "reference.missing" }
    public var message: String { "reference data not found or malformed: \(name)" }
    public var isBadInput: Bool { false }
}
