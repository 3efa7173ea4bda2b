import Foundation
import GreenParkCore
import GreenParkFormats
import GreenParkServices
import OpenAPIRuntime

extension API {
    func listMeters(_ input: Operations.ListMeters.Input) async throws -> Operations.ListMeters.Output {
        let principal = try gate.principal(), policy = try gate.policy()
        let paging = try Paging(offset: input.query.offset, limit: input.query.limit)
        let meters: [Components.Schemas.Meter] = try park.meterCatalogue.compactMap { meter in
            guard let owner = park.owner(ofMeter: meter.id),
                  try gate.allows(principal, AccessTarget(.meters, of: owner), policy: policy,
                                  resource: "GET /v1/meters") else { return nil }
            switch owner {
            case .member(let id): return .init(id: meter.id, ownerKind: .member, owner: id)
            case .generator(let id): return .init(id: meter.id, ownerKind: .generator, owner: id)
            case .park: return nil
            }
        }
        let (items, next) = paging.page(meters)
        return .ok(.init(body: .json(.init(items: items, offset: paging.offset, limit: paging.limit,
            nextOffset: next))))
    }

    /// A meter's intervals in `[from, to)` as stored, at the park's resolution.
    func listReadings(_ input: Operations.ListReadings.Input) async throws -> Operations.ListReadings.Output {
        let meter = input.query.meter
        let paging = try Paging(offset: input.query.offset, limit: input.query.limit)
        let span = try Span(from: input.query.from, to: input.query.to, required: true)
        guard let owner = park.owner(ofMeter: meter) else {
            _ = try gate.principal()
            throw Problem.notFound
        }
        try gate.authorize(AccessTarget(.readings, of: owner), resource: "GET /v1/readings?meter=\(meter)")
        let step = park.settings.resolution.seconds, store = context.stores.readings
        guard !span.isEmpty else {
            return .ok(.init(body: .json(.init(meter: meter, items: [], offset: paging.offset, limit: paging.limit))))
        }
        guard span.to.seconds - span.from.seconds <= 366 * 86_400 else {
            throw Problem(.unprocessableContent, "request.span", "ask for at most 366 days of readings at once")
        }
        let firstDay = span.from.seconds >= 0 ? span.from.seconds / 86_400 : (span.from.seconds - 86_399) / 86_400
        let lastDay = (span.to.seconds - 1) >= 0 ? (span.to.seconds - 1) / 86_400 : (span.to.seconds - 86_400) / 86_400
        let blocks = try await blocking { try store.days(meter: meter, in: firstDay..<(lastDay + 1)) }
        var readings: [Components.Schemas.Reading] = []
        var skipped = 0
        for block in blocks {
            for k in 0..<block.energyWh.count where block.quality[k] != .missing {
                let start = Timestamp(seconds: block.day * 86_400 + Int64(k) * step)
                guard span.from <= start, start < span.to else { continue }
                if skipped < paging.offset { skipped += 1; continue }
                guard readings.count <= paging.limit else { break }
                readings.append(.init(intervalStart: start.date, energyWh: block.energyWh[k],
                                      quality: "\(block.quality[k])"))
            }
        }
        let next = readings.count > paging.limit ? paging.offset + paging.limit : nil
        return .ok(.init(body: .json(.init(meter: meter, items: Array(readings.prefix(paging.limit)),
                                           offset: paging.offset, limit: paging.limit, nextOffset: next))))
    }

    func listAllocations(_ input: Operations.ListAllocations.Input) async throws -> Operations.ListAllocations.Output {
        try gate.authorize(AccessTarget(.allocations, of: .park), resource: "GET /v1/allocations")
        let paging = try Paging(offset: input.query.offset, limit: input.query.limit)
        let span = try Span(from: input.query.from, to: input.query.to)
        let store = context.stores.allocations
        let runs = try await blocking { try store.allocationRuns() }.filter { $0.from < span.to && span.from < $0.to }
        let (items, next) = paging.page(runs)
        return .ok(.init(body: .json(.init(items: items.map {
            .init(id: $0.id, from: $0.from.date, to: $0.to.date, key: $0.key, gapPolicy: $0.gapPolicy,
                  intervals: $0.intervals, skippedIntervals: $0.skippedIntervals, createdAt: $0.createdAt.date)
        }, offset: paging.offset, limit: paging.limit, nextOffset: next))))
    }

    func listCertificates(_ input: Operations.ListCertificates.Input) async throws
        -> Operations.ListCertificates.Output {
        let owner = input.query.owner
        let paging = try Paging(offset: input.query.offset, limit: input.query.limit)
        let span = try Span(from: input.query.from, to: input.query.to)
        guard let account = park.owner(ofAccount: owner) else {
            _ = try gate.principal()
            throw Problem.notFound
        }
        try gate.authorize(AccessTarget(.certificates, of: account), resource: "GET /v1/certificates?owner=\(owner)")
        let store = context.stores.certificates, parkId = park.settings.id
        let ranges = try await blocking { try store.certificateRanges(parkId: parkId, owner: owner) }
            .filter { $0.productionStart < span.to && span.from < $0.productionEnd }
        let (items, next) = paging.page(ranges)
        return .ok(.init(body: .json(.init(items: items.map { r in
            .init(firstId: r.firstId, lastId: r.lastId, count: r.count, owner: r.owner,
                  status: r.isActive ? .active : r.isRedeemed ? .redeemed : r.isCancelled ? .cancelled : .withdrawn,
                  productionStart: r.productionStart.date, productionEnd: r.productionEnd.date,
                  scheme: r.scheme.rawValue, origin: .init(rawValue: r.origin),
                  storageDevice: r.issue.storage?.storageDevice, efficiency: r.issue.storage?.efficiency.description,
                  producedStart: r.issue.storage?.producedStart.date)
        }, offset: paging.offset, limit: paging.limit, nextOffset: next))))
    }

    func listSettlements(_ input: Operations.ListSettlements.Input) async throws -> Operations.ListSettlements.Output {
        try gate.authorize(AccessTarget(.invoices, of: .park), resource: "GET /v1/settlements")
        let paging = try Paging(offset: input.query.offset, limit: input.query.limit)
        let month = try MonthView.month(input.query.month), store = context.stores.settlements
        let finals = try await blocking { try store.finalSettlements(month: month.text) }
        let (items, next) = paging.page(finals)
        return .ok(.init(body: .json(.init(items: items.map { run in
            .init(id: run.id, month: run.month, version: run.version ?? 0, createdAt: run.createdAt.date,
                  documents: run.documents.map {
                      .init(number: $0.number, kind: .init(rawValue: $0.kind.rawValue) ?? .invoice, party: $0.party,
                            cancels: $0.cancels, replaces: $0.replaces)
                  })
        }, offset: paging.offset, limit: paging.limit, nextOffset: next))))
    }

    /// The member's Scope 2 report of a month or year, computed from the stored readings
    /// (gaps skipped) and its redemption statements.
    func getMemberReport(_ input: Operations.GetMemberReport.Input) async throws -> Operations.GetMemberReport.Output {
        let id = input.path.member
        guard let period = ReportingPeriod(input.query.period) else {
            throw Problem(.badRequest, "request.period", "period must be YYYY or YYYY-MM, years 1990 to 2100")
        }
        _ = try member(id, .reports, resource: "GET /v1/members/\(id)/report?period=\(period.text)")
        let language: ReportLanguage = input.query.lang == .zh ? .zh : .en
        let context = self.context
        let html = try await blocking { () -> String in
            let (from, to) = period.instants(context.local)
            let allocation = try AllocationService(context: context).compute(from: from, to: to, gaps: .skipInterval)
            let emissions = EmissionsService(context: context)
            return try emissions.html(try emissions.compute(allocation), member: id, language: language)
        }
        return .ok(.init(body: .html(HTTPBody(html))))
    }

    /// A member's CBAM report of a period from the production rows sent (reports scope).
    func getMemberCBAM(_ input: Operations.GetMemberCBAM.Input) async throws -> Operations.GetMemberCBAM.Output {
        let id = input.path.member
        let span = try Span(from: input.query.from, to: input.query.to, required: true).nonEmpty()
        _ = try member(id, .reports, resource: "POST /v1/members/\(id)/cbam")
        guard case .csv(let body) = input.body else {
            throw Problem(.unsupportedMediaType, "request.media-type", "send the production rows as text/csv")
        }
        let bytes = try await [UInt8](collecting: body, upTo: .max)  // bounded by BodyLimitMiddleware
        let context = self.context, principal = try gate.principal()
        let json = try await blocking { () -> String in
            try Self.forCaller(principal) {
                try EmissionsService(context: context).memberCBAM(member: id, from: span.from, to: span.to,
                                                                  production: bytes)
            }.json()
        }
        let object = try JSONDecoder().decode(OpenAPIObjectContainer.self, from: Data(json.utf8))
        return .ok(.init(body: .json(object)))
    }

    func getEvidencePack(_ input: Operations.GetEvidencePack.Input) async throws -> Operations.GetEvidencePack.Output {
        let id = input.path.member
        let span = try Span(from: input.query.from, to: input.query.to, required: true).nonEmpty()
        _ = try member(id, .evidence, resource: "GET /v1/members/\(id)/evidence")
        let principal = try gate.principal()
        let key = try signingKey()
        let context = self.context, policy = try gate.policy()
        let bytes = try await blocking { () -> [UInt8] in
            // A pack carries park totals: to anybody but the operator only when at least 3
            // members contribute in the period (as the park's totals on the API).
            if principal.role != .operator {
                let allocation = try Self.forCaller(principal) {
                    try AllocationService(context: context).compute(from: span.from, to: span.to, gaps: .fail)
                }
                let contributors = allocation.summary.members.filter { $0.consumptionWh > 0 }.count
                guard policy.aggregate(principal, contributors: contributors).isAllowed else {
                    throw Problem(.conflict, "evidence.too-few-members",
                        "fewer than 3 members consumed in this period, "
                        + "so its pack would reveal another member's load; ask the operator for it")
                }
            }
            let (pack, _) = try Self.forCaller(principal) {
                try EvidenceService(context: context).pack(member: id, from: span.from, to: span.to, gaps: .fail,
                                                           production: nil)
            }
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("evidence-\(UUID()).zip")
            defer { try? FileManager.default.removeItem(at: file) }
            try pack.write(to: file, key: key)
            return Array(try Data(contentsOf: file))
        }
        return .ok(.init(body: .applicationZip(HTTPBody(bytes))))
    }
}
