import Foundation
import GreenParkCore
import Yams

/// Walks the YAML node tree of a park file and reads it into a ``ParkDraft``, reporting
/// every problem of a single field (type, syntax, range, allowed values) with its path
/// and place. Checks across fields are the ``ParkFileValidator``'s job.
struct ParkFileDecoder {
    let diagnostics: ParkFileDiagnostics
    /// Reads a file the park file names (a policy profile), by its path as written.
    var readFile: (String) throws -> String = { _ in throw CocoaError(.fileNoSuchFile) }

    /// Reads the document; `nil` (with one reported error) when the root is not a mapping.
    func decode(_ root: Node) -> ParkDraft? {
        guard case .mapping = root,
              let document = ParkMapping(root, at: .root, expected: "", keys: ParkSchema.rootKeys, diagnostics: diagnostics)
        else {
            diagnostics.error(.notAMapping, at: root.location,
                              reason: "a park file must be a YAML mapping of sections (version, park, members, generators, ...), found \(root.kindDescription)")
            return nil
        }
        var draft = ParkDraft()
        draft.version = readVersion(document)
        draft.settings = readSettings(document)
        readMembers(document, into: &draft)
        readGenerators(document, into: &draft)
        readMeterSpecs(document, into: &draft)
        readAllocation(document, into: &draft)
        readContracts(document, into: &draft)
        readEmissionFactors(document, region: draft.settings?.region, into: &draft)
        readCertificates(document, into: &draft)
        readValidation(document, into: &draft)
        readSharedCosts(document, into: &draft)
        readSettlement(document, into: &draft)
        readTelemetry(document, into: &draft)
        readStorage(document, into: &draft)
        readFlexibleLoads(document, resolution: draft.settings?.resolution, into: &draft)
        return draft
    }

    private func readVersion(_ document: ParkMapping) -> Int? {
        guard let node = document.required("version", hint: "; write \"version: 1\" as the first line"),
              let version = integer(node, .root.key("version"))
        else { return nil }
        guard version.value == ParkSchema.version else {
            diagnostics.error(.unsupportedVersion, at: version.location, version.path,
                              "schema version \(version.value) is not supported; this GreenPark reads version \(ParkSchema.version)")
            return nil
        }
        return version.value
    }

    /// The `park:` section; `nil` when a required field is missing or any is invalid.
    private func readSettings(_ document: ParkMapping) -> ParkSettings? {
        guard let node = document.required("park"),
              let park = ParkMapping(node, at: .root.key("park"), expected: "a mapping of park settings",
                                     keys: ParkSchema.parkKeys, diagnostics: diagnostics)
        else { return nil }
        let path = park.path
        let id = park.required("id").flatMap { identifier($0, path.key("id")) }
        let name = park.required("name").flatMap { text($0, path.key("name")) }
        let region = park.required("region").flatMap { text($0, path.key("region")) }
        let profile = park.required("policy_profile").flatMap { readPolicyProfile($0, path.key("policy_profile")) }
        var valid = true
        var timeZone = "Asia/Shanghai"
        if let node = park.optional("timezone") {
            if let zone = readTimeZone(node, path.key("timezone")) { timeZone = zone } else { valid = false }
        }
        var country = "CN"
        if let node = park.optional("country") {
            if let code = readCountry(node, path.key("country")) { country = code } else { valid = false }
        }
        var resolution = Resolution.quarterHour
        if let node = park.optional("resolution_minutes") {
            if let chosen = readResolution(node, path.key("resolution_minutes")) { resolution = chosen } else { valid = false }
        }
        if valid, let zone = TimeZone(identifier: timeZone), let offset = Self.offsetOffGrid(zone, resolution) {
            // Local midnight, local clock hours and billing months must start on an interval.
            let node = park.optional("resolution_minutes") ?? park.optional("timezone")
            diagnostics.error(.outOfRange, at: node?.location ?? park.location, path.key("resolution_minutes"),
                              "\(timeZone) is \(offset): its local days and hours start between "
                                  + "\(resolution.minutes)-minute intervals; choose resolution_minutes \(resolution.minutes == 60 ? "30 or 15" : "15") "
                                  + "(a divisor of the zone's offset)")
            valid = false
        }
        var connection = ParkSettings.Connection.gridConnected
        if let node = park.optional("connection") {
            if let chosen: ParkSettings.Connection = choice(node, path.key("connection")) { connection = chosen } else { valid = false }
        }
        guard valid, let id, let name, let region, let profile else { return nil }
        return ParkSettings(id: id.value, name: name.value, timeZone: timeZone, country: country,
                            region: region.value, resolution: resolution, connection: connection,
                            policyProfile: profile.value)
    }

    /// A policy profile: `none`, a profile file of the park's own (`.yaml`/`.yml`, read
    /// and validated like the shipped ones) or the name of a shipped profile
    /// (``PolicyProfileCatalog``).
    private func readPolicyProfile(_ node: Node, _ path: FieldPath) -> Located<String>? {
        guard let name = text(node, path) else { return nil }
        if name.value == PolicyProfileCatalog.noneName { return name }
        if PolicyProfileCatalog.isFile(name.value) {
            do {
                _ = try PolicyProfileCatalog.parse(try readFile(name.value), name: name.value)
                return name
            } catch let rejected as InputRejected {
                let problems = rejected.issues.prefix(5).map(\.description).joined(separator: "; ")
                diagnostics.error(.invalidPolicyProfile, at: name.location, path,
                                  "\(quotedForMessage(name.value)) is not a valid policy profile: \(problems)")
            } catch {
                diagnostics.error(.invalidPolicyProfile, at: name.location, path,
                                  "cannot read the policy profile file \(quotedForMessage(name.value)) "
                                      + "(relative to the park file): "
                                      + ((error as? any GreenParkError)?.message ?? error.localizedDescription))
            }
            return nil
        }
        let shipped = PolicyProfileCatalog.shippedNames
        guard shipped.contains(name.value) else {
            let list = shipped.isEmpty
                ? "no policy profiles are installed (the GreenPark installation is incomplete)"
                : "shipped profiles: \(shipped.joined(separator: ", "))"
            diagnostics.error(.invalidChoice, at: name.location, path,
                              "\(quotedForMessage(name.value)) is not a shipped policy profile; \(list); "
                                  + "or \"none\", or a profile file of your own (a path ending in .yaml)"
                                  + NameSuggestion.hint(for: name.value, among: shipped))
            return nil
        }
        return name
    }

    private func readTimeZone(_ node: Node, _ path: FieldPath) -> String? {
        guard let text = scalar(node, path, expected: "an IANA time zone such as Asia/Shanghai") else { return nil }
        guard !text.value.isEmpty, TimeZone(identifier: text.value) != nil else {
            let hint = NameSuggestion.hint(for: text.value, among: TimeZone.knownTimeZoneIdentifiers)
            diagnostics.error(.invalidTimeZone, at: text.location, path,
                              "\(quotedForMessage(text.value)) is not an IANA time zone such as \"Asia/Shanghai\"\(hint)")
            return nil
        }
        if !text.value.contains("/"), !["UTC", "GMT"].contains(text.value), let zone = TimeZone(identifier: text.value) {
            diagnostics.warning(.timeZoneAbbreviation, at: text.location, path,
                                "\(quotedForMessage(text.value)) is an abbreviation, not a region name; it currently means \(Self.offsetText(zone)). Prefer a region name such as \"Asia/Shanghai\"")
        }
        return text.value
    }

    /// The first offset of `zone` (from 2000 to 2040, January and July) that is not a whole
    /// number of `resolution` intervals, as `UTC+05:30`; `nil` when every offset is.
    static func offsetOffGrid(_ zone: TimeZone, _ resolution: Resolution) -> String? {
        for year in 2000...2040 {
            for month in [1, 7] {
                let instant = Date(timeIntervalSince1970: TimeInterval(
                    Timestamp(CivilDate(year: year, month: month, day: 1)).seconds))
                let seconds = zone.secondsFromGMT(for: instant)
                if Int64(seconds) % resolution.seconds != 0 { return offsetText(seconds) }
            }
        }
        return nil
    }

    /// `UTC+08:00` for the zone's current offset.
    private static func offsetText(_ zone: TimeZone) -> String { offsetText(zone.secondsFromGMT()) }

    private static func offsetText(_ seconds: Int) -> String {
        let minutes = abs(seconds) / 60
        let hours = String(minutes / 60)
        let rest = String(minutes % 60)
        return "UTC" + (seconds < 0 ? "-" : "+") + String(repeating: "0", count: 2 - hours.count) + hours
            + ":" + String(repeating: "0", count: 2 - rest.count) + rest
    }

    private func readCountry(_ node: Node, _ path: FieldPath) -> String? {
        guard let text = scalar(node, path, expected: "a two-letter country code such as CN") else { return nil }
        let isCode = text.value.utf8.count == 2 && text.value.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
        guard isCode else {
            diagnostics.error(.invalidCountry, at: text.location, path,
                              "\(quotedForMessage(text.value)) is not a country code; write two uppercase letters (ISO 3166-1 alpha-2), e.g. \"CN\"")
            return nil
        }
        return text.value
    }

    private func readResolution(_ node: Node, _ path: FieldPath) -> Resolution? {
        guard let minutes = integer(node, path) else { return nil }
        guard let resolution = Resolution(minutes: minutes.value) else {
            let allowed = Resolution.allowedMinutes.map(String.init).joined(separator: ", ")
            diagnostics.error(.invalidChoice, at: minutes.location, path,
                              "\(minutes.value) minutes is not allowed; allowed values: \(allowed)")
            return nil
        }
        return resolution
    }
}
