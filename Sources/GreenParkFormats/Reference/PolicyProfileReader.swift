import GreenParkCore
import Yams

/// Reads and validates a policy profile file (YAML), the shipped ones and a park's own
/// alike, reporting every problem with its line.
///
/// Rules: a mapping with exactly the keys `id` (1 to 64 letters, digits, `-`, `_`),
/// `name`, `source` (non-empty texts) and `checks`: a non-empty list of mappings, each
/// with `id` (a ``PolicyMetric``), exactly one of `min` or `max` (a ratio from 0 to 1,
/// at most six decimals) and optionally `from`: a mapping of `YYYY-MM-DD` dates to
/// ratios that apply to periods starting on or after the date. No metric may have two
/// checks with the same bound. Any problem rejects the file with ``InputRejected``
/// (code ``rejectedCode``).
enum PolicyProfileReader {
    static let rejectedCode = "policy.invalid"
    static let rootKeys = ["id", "name", "source", "checks"]
    static let checkKeys = ["id", "min", "max", "from"]

    static func parse(_ yaml: String, file: String) throws -> PolicyProfile {
        guard yaml.utf8.count <= 1 << 20 else {
            throw InputRejected(file: file, issues: [InputIssue(file: file, line: 0, code: "policy.too-large",
                                                                reason: "larger than 1 MiB; a policy profile is far smaller")],
                                code: rejectedCode)
        }
        var issues: [InputIssue] = []
        func issue(_ node: Node?, _ reason: String) {
            issues.append(
                InputIssue(
                    file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column,
                    code: "policy.invalid-field", reason: reason))
        }
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch let error as YamlError {
            let (place, reason) = ParkYAMLComposer.describe(error, in: yaml)
            throw InputRejected(
                file: file,
                issues: [
                    InputIssue(
                        file: file, line: place.line, column: place.column,
                        code: "policy.syntax", reason: reason)
                ], code: rejectedCode)
        } catch {
            throw InputRejected(
                file: file, issues: [InputIssue(file: file, line: 0, code: "policy.syntax", reason: "\(error)")],
                code: rejectedCode)
        }
        guard let root, case .mapping(let mapping) = root else {
            throw InputRejected(
                file: file,
                issues: [
                    InputIssue(
                        file: file, line: 0, code: "policy.invalid-field",
                        reason: "a policy profile is a mapping of id, name, source and checks")
                ],
                code: rejectedCode)
        }
        let fields = keyed(mapping, known: rootKeys, path: "", report: issue)
        func text(_ key: String) -> String? {
            guard let node = fields[key] else { issue(root, "\(key): required field is missing"); return nil }
            guard case .scalar(let scalar) = node, !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty else {
                issue(node, "\(key): expected a non-empty text"); return nil
            }
            return scalar.string
        }
        let id = text("id"), name = text("name"), source = text("source")
        if let id, !ParkFileDecoder.isIdentifier(id) {
            issue(
                fields["id"],
                "id: \(quotedForMessage(id)) is not a valid identifier; use 1 to 64 letters, digits, '-' or '_'")
        }
        var rules: [PolicyRule] = []
        if let checks = fields["checks"] {
            if case .sequence(let items) = checks, !items.isEmpty {
                for (k, item) in items.enumerated() {
                    if let rule = check(item, path: "checks[\(k)]", report: issue) { rules.append(rule) }
                }
            } else {
                issue(checks, "checks: expected a non-empty list of checks (id, min or max)")
            }
        } else {
            issue(root, "checks: required field is missing")
        }
        for (k, rule) in rules.enumerated()
        where rules[..<k].contains(where: { $0.metric == rule.metric && $0.bound == rule.bound }) {
            issue(nil, "checks: \(rule.metric.rawValue) has two \(rule.bound.rawValue) checks; give one")
        }
        guard issues.isEmpty, let id, let name, let source else {
            throw InputRejected(
                file: file, issues: Array(issues.prefix(InputRejected.shownLimit)), totalIssues: issues.count,
                code: rejectedCode)
        }
        return PolicyProfile(id: id, name: name, source: source, rules: rules)
    }

    /// One entry of `checks`.
    private static func check(_ node: Node, path: String, report: (Node?, String) -> Void) -> PolicyRule? {
        guard case .mapping(let mapping) = node else {
            report(node, "\(path): expected a mapping with id and min or max"); return nil
        }
        let fields = keyed(mapping, known: checkKeys, path: path + ".", report: report)
        let allowed = PolicyMetric.allCases.map(\.rawValue).joined(separator: ", ")
        guard let idNode = fields["id"], let metric = idNode.scalar.flatMap({ PolicyMetric(rawValue: $0.string) })
        else {
            report(fields["id"] ?? node, "\(path).id: expected one of \(allowed)")
            return nil
        }
        guard (fields["min"] == nil) != (fields["max"] == nil) else {
            report(node, "\(path): give exactly one of min or max")
            return nil
        }
        let bound: PolicyRule.Bound = fields["min"] != nil ? .min : .max
        guard let threshold = ratio(fields[bound.rawValue]!, "\(path).\(bound.rawValue)", report) else { return nil }
        var steps: [(from: CivilDate, threshold: Fixed6)] = []
        if let from = fields["from"] {
            guard case .mapping(let dates) = from else {
                report(from, "\(path).from: expected a mapping of YYYY-MM-DD: ratio"); return nil
            }
            for (key, value) in dates {
                guard let date = key.scalar.flatMap({ CivilDate(parsing: $0.string) }) else {
                    report(
                        key, "\(path).from: \(quotedForMessage(key.scalar?.string ?? "?")) is not a date YYYY-MM-DD");
                    return nil
                }
                guard let step = ratio(value, "\(path).from.\(date)", report) else { return nil }
                steps.append((date, step))
            }
        }
        return PolicyRule(metric: metric, bound: bound, threshold: threshold, steps: steps)
    }

    /// A ratio from 0 to 1 written as a decimal.
    private static func ratio(_ node: Node, _ path: String, _ report: (Node?, String) -> Void) -> Fixed6? {
        guard let text = node.scalar?.string, let value = Fixed6(parsing: text), value >= .zero, value <= .one else {
            report(node, "\(path): expected a ratio from 0 to 1 such as 0.30 (at most 6 decimals)")
            return nil
        }
        return value
    }

    /// The values of a mapping by key; unknown, duplicate and non-text keys are reported.
    private static func keyed(
        _ mapping: Node.Mapping, known: [String], path: String,
        report: (Node?, String) -> Void
    ) -> [String: Node] {
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { report(key, "\(path): a key must be a plain name"); continue }
            guard known.contains(name) else {
                report(key, "\(path)\(name): unknown key; known keys: \(known.joined(separator: ", "))"); continue
            }
            guard result[name] == nil else { report(key, "\(path)\(name): given twice"); continue }
            result[name] = value
        }
        return result
    }
}
