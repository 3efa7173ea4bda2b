import GreenParkCore
import Yams

/// The optional `flexible_loads:` list: energy a member lets the scheduler move within a
/// window of the local day (docs/park-file.md). Each field is checked here; the member
/// reference and the ids by ``ParkFileValidator``; the fields together by ``FlexibleLoad``.
extension ParkFileDecoder {
    func readFlexibleLoads(_ document: ParkMapping, resolution: Resolution?, into draft: inout ParkDraft) {
        draft.flexibleLoads = optionalList("flexible_loads", of: document, expected: "a list of flexible loads",
                                           draft: &draft) { readFlexibleLoad($0, $1, resolution: resolution) }
    }

    private func readFlexibleLoad(_ node: Node, _ path: FieldPath, resolution: Resolution?)
        -> (load: FlexibleLoad, id: Located<String>, member: Located<String>)? {
        guard let mapping = ParkMapping(node, at: path, expected: "a flexible load (a mapping with id, member, ...)",
                                        keys: ParkSchema.flexibleLoadKeys, diagnostics: diagnostics)
        else { return nil }
        let id = mapping.required("id").flatMap { identifier($0, path.key("id")) }
        let member = mapping.required("member").flatMap { identifier($0, path.key("member")) }
        let energy = mapping.required("energy_kwh_per_day").flatMap {
            inRange(decimal($0, path.key("energy_kwh_per_day")), "the energy is above 0 and at most 1000000000 kWh") {
                $0 > .zero && $0 <= ParkSchema.maximumKW
            }
        }
        func clock(_ key: String) -> Located<Int>? {
            guard let node = mapping.required(key, hint: "; a local time HH:MM"), let text = text(node, path.key(key))
            else { return nil }
            guard let minute = TariffCatalog.minute(text.value) else {
                diagnostics.error(.invalidChoice, at: text.location, text.path,
                                  "\(quotedForMessage(text.value)) is not a local time HH:MM from 00:00 to 24:00")
                return nil
            }
            if let resolution, minute % resolution.minutes != 0 {
                diagnostics.error(.outOfRange, at: text.location, text.path,
                                  "\(text.value) is not on the park's \(resolution.minutes)-minute grid")
                return nil
            }
            return Located(value: minute, path: text.path, location: text.location)
        }
        let start = clock("window_start"), end = clock("window_end")
        let maximum = mapping.required("max_kw").flatMap {
            inRange(decimal($0, path.key("max_kw")), "max_kw is above 0 and at most \(ParkSchema.maximumKW)") {
                $0 > .zero && $0 <= ParkSchema.maximumKW
            }
        }
        var minimum: Located<Fixed6>? = Located(value: .zero, path: path.key("min_kw"), location: mapping.location)
        if let node = mapping.optional("min_kw") {
            minimum = inRange(decimal(node, path.key("min_kw")), "min_kw is 0 to \(ParkSchema.maximumKW)") {
                $0 >= .zero && $0 <= ParkSchema.maximumKW
            }
        }
        guard let id, let member, let energy, let start, let end, let maximum, let minimum else { return nil }
        do {
            let load = try FlexibleLoad(
                id: id.value, member: member.value, energyWhPerDay: energy.value.millionths / 1000,
                windowStartMinute: start.value, windowEndMinute: end.value,
                minimumW: minimum.value.millionths / 1000, maximumW: maximum.value.millionths / 1000)
            return (load, id, member)
        } catch let error as FlexibleLoadError {
            let place = error.field == "window_end" ? end : nil
            diagnostics.error(.outOfRange, at: place?.location ?? energy.location, path.key(error.field), error.rule)
            return nil
        } catch {
            return nil
        }
    }
}
