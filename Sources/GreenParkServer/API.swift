import Foundation
import GreenParkCore
import GreenParkServices
import OpenAPIRuntime

/// The REST API `/v1` (openapi.yaml): every handler asks the ``Gate`` first, calls a
/// service and returns the generated type; errors are thrown as ``Problem``s.
struct API: APIProtocol {
    let context: ParkContext
    let gate: Gate
    let key: OperatorKey?
    let summaries: SummaryCache
    let metrics: ServerMetrics

    var park: Park { context.park }

    func getHealth(_ input: Operations.GetHealth.Input) async throws -> Operations.GetHealth.Output {
        let stores = context.stores
        do {
            _ = try await blocking { try stores.readings.parkIdentity() }
        } catch {
            throw Problem(.serviceUnavailable, "store.unavailable", "the store does not answer")
        }
        return .ok(.init(body: .json(.init(status: .ok))))
    }

    func getPark(_ input: Operations.GetPark.Input) async throws -> Operations.GetPark.Output {
        try gate.authorize(AccessTarget(.park, of: .park), resource: "GET /v1/park")
        let s = park.settings
        return .ok(.init(body: .json(.init(
            id: s.id, name: s.name, timeZone: s.timeZone, resolutionMinutes: s.resolution.minutes,
            policyProfile: s.policyProfile, members: park.members.count, generators: park.generators.count))))
    }

    func getParkSummary(_ input: Operations.GetParkSummary.Input) async throws -> Operations.GetParkSummary.Output {
        let principal = try gate.principal()
        let view = try await monthView(input.query.month)
        guard try gate.policy().aggregate(principal, contributors: view.contributors).isAllowed else {
            throw Problem.notFound
        }
        let totals = view.summary.park
        return .ok(.init(body: .json(.init(
            month: view.month.text, generationWh: totals.generationWh, consumptionWh: totals.consumptionWh,
            allocatedWh: totals.allocatedWh, surplusWh: totals.surplusWh,
            selfConsumptionRatio: totals.selfConsumptionRatio.value, greenShare: totals.greenShare.value,
            contributors: view.contributors,
            policy: view.summary.policy.checks.map {
                .init(id: $0.id, value: $0.value, threshold: Double($0.threshold.millionths) / 1e6, pass: $0.pass)
            }))))
    }

    func listMembers(_ input: Operations.ListMembers.Input) async throws -> Operations.ListMembers.Output {
        let principal = try gate.principal(), policy = try gate.policy()
        let paging = try Paging(offset: input.query.offset, limit: input.query.limit)
        let visible = try park.members.filter {
            try gate.allows(principal, AccessTarget(.member, of: .member($0.id)), policy: policy,
                            resource: "GET /v1/members")
        }
        let (items, next) = paging.page(visible)
        return .ok(.init(body: .json(.init(items: items.map { .init(id: $0.id, name: $0.name, meters: $0.meters) },
                                           offset: paging.offset, limit: paging.limit, nextOffset: next))))
    }

    func getMember(_ input: Operations.GetMember.Input) async throws -> Operations.GetMember.Output {
        let member = try member(input.path.member, .member, resource: "GET /v1/members/\(input.path.member)")
        return .ok(.init(body: .json(.init(id: member.id, name: member.name, meters: member.meters))))
    }

    func getMemberSummary(_ input: Operations.GetMemberSummary.Input) async throws
        -> Operations.GetMemberSummary.Output {
        let id = input.path.member, month = try MonthView.month(input.query.month)
        _ = try member(id, .reports, resource: "GET /v1/members/\(id)/summary?month=\(month.text)")
        let view = try await monthView(month.text)
        guard let m = view.summary.members.first(where: { $0.id == id }) else { throw Problem.notFound }
        return .ok(.init(body: .json(.init(
            member: id, month: view.month.text, consumptionWh: m.consumptionWh, allocatedWh: m.allocatedWh,
            gridImportWh: m.gridImportWh, hourlyMatchedWh: m.hourlyMatchedWh, matchedShare: m.matchedShare.value,
            coveredWh: m.coveredWh, scope2LocationGrams: m.scope2LocationGrams,
            scope2MarketGrams: m.scope2MarketGrams))))
    }

    func listInvoices(_ input: Operations.ListInvoices.Input) async throws -> Operations.ListInvoices.Output {
        let id = input.path.member, month = try MonthView.month(input.query.month)
        _ = try member(id, .invoices, resource: "GET /v1/members/\(id)/invoices?month=\(month.text)")
        let stores = context.stores
        let documents = try await blocking { try stores.settlements.currentSettlementDocuments(month: month.text) }
        return .ok(.init(body: .json(.init(member: id, month: month.text,
                                           documents: documents.invoices[id].map { [$0] } ?? []))))
    }

    // MARK: - Shared

    /// The member `id`, if the caller may see `kind` of it (404 otherwise, also for no such member).
    func member(_ id: String, _ kind: AccessTarget.Kind, resource: String, write: Bool = false) throws -> Member {
        guard let member = park.members.first(where: { $0.id == id }) else {
            _ = try gate.principal()
            throw Problem.notFound
        }
        try gate.authorize(AccessTarget(kind, of: .member(id), write: write), resource: resource)
        return member
    }

    /// Runs `body`; for anybody but the operator, missing data is said without naming the
    /// meters and instants (they are other members').
    static func forCaller<T>(_ principal: Principal, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch is MissingData where principal.role != .operator {
            throw Problem(.conflict, "allocation.missing-data",
                          "readings are missing in this period; ask the operator to complete them")
        }
    }

    func monthView(_ text: String) async throws -> MonthView {
        try await summaries.view(try MonthView.month(text), context: context, runs: metrics.allocationRuns)
    }
}
