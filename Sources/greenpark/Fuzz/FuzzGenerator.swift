import Foundation
import GreenParkCore
import GreenParkFormats

/// What a fuzz case feeds: which entry point, and the bytes.
enum FuzzKind: String, CaseIterable, Sendable {
    case park, readings, tariff, production, evidence

    var fileExtension: String {
        switch self {
        case .park, .tariff: "yaml"
        case .readings, .production: "csv"
        case .evidence: "zip"
        }
    }
}

struct FuzzInput: Sendable {
    var kind: FuzzKind
    var bytes: [UInt8]
}

/// Case `index` of `seed`: a kind, a valid seed input of that kind and 1 to 4 seeded
/// mutations of it. Evidence cases mutate the pack's ZIP bytes, or its files and manifest
/// and sign them again with the base key (so that the verifier goes past the signature
/// into the ledger and the recomputation), or add entries with unsafe names.
struct FuzzGenerator {
    let seed: UInt64
    let packFiles: [String: [UInt8]]
    let packZips: [[UInt8]]

    init(seed: UInt64, base: FuzzBase) throws {
        self.seed = seed
        packFiles = try EvidencePack.read(base.packFile).mapValues { [UInt8]($0) }
        packZips = [[UInt8](try Data(contentsOf: base.packFile)), [UInt8](try Data(contentsOf: base.storedPackFile))]
    }

    func input(_ index: Int) -> FuzzInput {
        var mixer = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD6E8_FEB8_6659_FD93))
        var m = FuzzMutator(rng: SplitMix64(seed: mixer.next()))
        let roll = m.below(100)
        switch roll {
        case ..<22:
            var park = m.chance(70) ? FuzzSeeds.park : FuzzSeeds.weightedPark
            if m.chance(10) {
                park = park.replacingOccurrences(
                    of: "cn-650-2025", with: m.pick(["none", "rules.yaml", "cn-650-2025-hunan"]))
            }
            return FuzzInput(kind: .park, bytes: m.mutate(Array(park.utf8), yaml: true))
        case ..<52:
            let seeds = [
                FuzzSeeds.longReadings, FuzzSeeds.registerReadings, FuzzSeeds.wideReadings, FuzzSeeds.mixedReadings,
            ]
            return FuzzInput(kind: .readings, bytes: m.mutate(Array(m.pick(seeds).utf8), yaml: false))
        case ..<62:
            return FuzzInput(kind: .tariff, bytes: m.mutate(Array(FuzzSeeds.tariff.utf8), yaml: true))
        case ..<72:
            return FuzzInput(kind: .production, bytes: m.mutate(Array(FuzzSeeds.production.utf8), yaml: false))
        default:
            return FuzzInput(kind: .evidence, bytes: evidence(&m))
        }
    }

    private func evidence(_ m: inout FuzzMutator) -> [UInt8] {
        let mode = m.below(10)
        if mode < 2 { return m.mutate(m.pick(packZips), yaml: false) }
        var files = packFiles.filter {
            ![EvidencePack.manifestPath, EvidencePack.signaturePath, EvidencePack.keyPath].contains($0.key)
        }
        var facts: [(String, CanonicalJSON)] = []
        if case .object(let manifest) = CanonicalJSON.parse(packFiles[EvidencePack.manifestPath]!.dropLast()) {
            facts = manifest.filter { !["format", "operator_key", "files"].contains($0.key) }.sorted { $0.key < $1.key }
                .map { ($0.key, $0.value) }
        }
        var extra: [(String, [UInt8])] = []
        var manifestBytes: [UInt8]?
        switch mode {
        case 2...7:
            let paths = files.keys.sorted()
            for _ in 0...m.below(2) {
                let path =
                    m.chance(40)
                    ? m.pick([
                        "park/park.yaml", "allocation/allocations.csv", "readings/member.csv",
                        "readings/park-consumption.csv", "ledger/entries.jsonl", "ledger/proofs.jsonl",
                        "ledger/seals.jsonl",
                    ]) : m.pick(paths)
                files[path] = m.mutate(files[path] ?? [], yaml: path.hasSuffix(".yaml"))
            }
            if m.chance(15), !facts.isEmpty {
                let k = m.below(facts.count)
                facts[k].1 = .string(m.pick(FuzzMutator.times + FuzzMutator.words + FuzzMutator.numbers))
            }
        case 8:
            var pack = EvidencePack()
            pack.facts = facts
            for path in files.keys.sorted() { pack.add(path, Data(files[path]!)) }
            manifestBytes = m.mutate([UInt8](pack.manifest(publicKeyHex: FuzzBase.key.publicKeyHex)), yaml: false)
        default:
            let park = String(decoding: files["park/park.yaml"] ?? [], as: UTF8.self)
            switch m.below(3) {
            case 0:
                let name = m.pick([
                    "../evil.csv", "/tmp/evil", "park/../../evil", "a\\b", "park/park.yaml", "manifest.json",
                    "readings/",
                    "./x", String(repeating: "d/", count: 300) + "x", "emissions/scope2.csv",
                ])
                extra.append((name, Array("x,1\n".utf8)))
            case 1:
                files.removeValue(forKey: m.pick(files.keys.sorted()))
            default:
                let path = m.pick([
                    "/etc/hostname", "../../../../etc/hostname", "/proc/self/environ", "park.yaml", "../park/park.yaml",
                    "/dev/zero", "/etc/os-release.yaml", "x/../../y.csv",
                ])
                let key = m.pick(["  table: ", "  hourly_location: ", "  hourly_residual: "])
                var text = park.replacingOccurrences(
                    of: "  residual: national-excl-nonfossil\n",
                    with: "  residual: national-excl-nonfossil\n\(key)\(path)\n")
                if m.chance(30) {
                    text = park.replacingOccurrences(of: "policy_profile: cn-650-2025", with: "policy_profile: \(path)")
                }
                files["park/park.yaml"] = Array(text.utf8)
            }
        }
        return sign(files: files, facts: facts, manifest: manifestBytes, extra: extra)
    }

    /// A pack archive with the manifest (given, or computed from `facts` and `files`)
    /// signed by the base key.
    private func sign(
        files: [String: [UInt8]], facts: [(String, CanonicalJSON)], manifest given: [UInt8]?,
        extra: [(String, [UInt8])]
    ) -> [UInt8] {
        var pack = EvidencePack()
        pack.facts = facts
        for path in files.keys.sorted() where EvidencePack.isSafe(path) { pack.add(path, Data(files[path]!)) }
        let manifest = given ?? [UInt8](pack.manifest(publicKeyHex: FuzzBase.key.publicKeyHex))
        let signature = (try? FuzzBase.key.sign(hashHex: EvidencePack.sha256(Data(manifest)))) ?? ""
        var entries: [(name: String, data: [UInt8])] = [
            (EvidencePack.manifestPath, manifest), (EvidencePack.signaturePath, Array((signature + "\n").utf8)),
            (EvidencePack.keyPath, Array((FuzzBase.key.publicKeyHex + "\n").utf8)),
        ]
        entries += files.keys.sorted().map { ($0, files[$0]!) }
        entries += extra.map { (name: $0.0, data: $0.1) }
        return FuzzZip.archive(entries)
    }
}
