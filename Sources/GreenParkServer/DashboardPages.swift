import Foundation
import GreenParkCore
import GreenParkServices
import Hummingbird
import Mustache

/// The dashboard's pages as template data; every figure passes the policy first.
struct DashboardPages: Sendable {
    let context: ParkContext
    let gate: Gate
    let summaries: SummaryCache
    let metrics: ServerMetrics
    let templates: MustacheLibrary

    func html(_ page: (template: String, data: [String: Any])) throws -> Response {
        guard let text = templates.render(page.data, withTemplate: page.template) else {
            throw Problem(.internalServerError, "server.template", "template \(page.template) is missing")
        }
        return Response(status: .ok, headers: [
            .contentType: "text/html; charset=utf-8",
            .contentSecurityPolicy: "default-src 'self'; form-action 'self'; frame-ancestors 'none'",
            .cacheControl: "no-store",
        ], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func login(language: String, error: String?) -> (template: String, data: [String: Any]) {
        let t = DashboardText.strings(language)
        var data = base(nil, language: language, title: t["signIn"]!)
        if let error { data["error"] = error }
        return ("login", data)
    }

    func overview(_ session: Session, month: String?) async throws -> (template: String, data: [String: Any]) {
        let principal = try gate.principal(), t = DashboardText.strings(session.language)
        var data = base(session, language: session.language, title: t["overview"]!)
        guard let view = try await monthView(month) else {
            data["noData"] = t["noData"]!
            return ("overview", data)
        }
        data["month"] = view.month.text
        let policy = try gate.policy()
        if policy.aggregate(principal, contributors: view.contributors).isAllowed {
            data["totals"] = totals(view, t)
        } else {
            data["hidden"] = true
        }
        let rows = try view.summary.members.filter {
            try gate.allows(principal, AccessTarget(.reports, of: .member($0.id)), policy: policy,
                            resource: "GET /dashboard")
        }
        data["hasMembers"] = !rows.isEmpty
        data["memberRows"] = rows.map { m -> [String: Any] in
            ["id": m.id, "load": kWh(m.consumptionWh), "allocated": kWh(m.allocatedWh),
                "matched": percent(m.matchedShare.value)]
        }
        return ("overview", data)
    }

    func member(_ session: Session, member: String, month: String?) async throws
        -> (template: String, data: [String: Any]) {
        guard Principal.isIdentifier(member), context.park.members.contains(where: { $0.id == member }) else {
            throw Problem.notFound
        }
        try gate.authorize(AccessTarget(.reports, of: .member(member)), resource: "GET /dashboard/members/\(member)")
        let t = DashboardText.strings(session.language)
        var data = base(session, language: session.language, title: "\(t["member"]!) \(member)")
        data["member"] = member
        guard let view = try await monthView(month) else {
            data["noData"] = t["noData"]!
            return ("member", data)
        }
        data["month"] = view.month.text
        let (from, to) = view.month.instants(context.local)
        data["from"] = from.iso8601
        data["to"] = to.iso8601
        if let m = view.summary.members.first(where: { $0.id == member }) {
            data["figures"] = [
                "load": kWh(m.consumptionWh), "allocated": kWh(m.allocatedWh), "gridImport": kWh(m.gridImportWh),
                "matched": percent(m.matchedShare.value), "covered": kWh(m.coveredWh),
                "scope2Location": tonnes(m.scope2LocationGrams), "scope2Market": tonnes(m.scope2MarketGrams),
            ]
        }
        // Each part of the page as the policy allows it (a verifier may hold reports but not
        // certificates or invoices); a verifier's reads are logged per part.
        let parkId = context.park.settings.id, stores = context.stores
        let principal = try gate.principal(), policy = try gate.policy(), page = "GET /dashboard/members/\(member)"
        if try gate.allows(principal, AccessTarget(.certificates, of: .member(member)), policy: policy,
            resource: page) {
            let ranges = try await blocking { try stores.certificates.certificateRanges(parkId: parkId, owner: member) }
            let active = ranges.filter(\.isActive).reduce(Int64(0)) { $0 + $1.count }
            let redeemed = ranges.filter(\.isRedeemed).reduce(Int64(0)) { $0 + $1.count }
            data["certificates"] = ["text": "\(active) active, \(redeemed) redeemed"]
        }
        if try gate.allows(principal, AccessTarget(.invoices, of: .member(member)), policy: policy, resource: page) {
            let month = view.month.text
            let documents = try await blocking { try stores.settlements.currentSettlementDocuments(month: month) }
            data["invoices"] = ["list": documents.invoices[member].map { [$0] } ?? []]
        }
        data["evidence"] = try gate.allows(principal, AccessTarget(.evidence, of: .member(member)), policy: policy,
                                           resource: page)
        return ("member", data)
    }

    func ledger(_ session: Session) async throws -> (template: String, data: [String: Any]) {
        try gate.authorize(AccessTarget(.park, of: .park), resource: "GET /dashboard/ledger")
        let t = DashboardText.strings(session.language)
        var data = base(session, language: session.language, title: t["ledger"]!)
        let service = LedgerService(context: context)
        do {
            let verified = try await blocking { try service.verifyWithRecordedKey() }
            data["verified"] = "\(t["ledgerOK"]!): \(verified.entries) entries, \(verified.blocks) blocks"
        } catch let error as any GreenParkError {
            data["broken"] = "\(t["ledgerBroken"]!): \(error.message)"
        }
        return ("ledger", data)
    }

    func admin(_ session: Session) async throws -> (template: String, data: [String: Any]) {
        try gate.authorize(AccessTarget(.users, of: .park), resource: "GET /dashboard/admin")
        let t = DashboardText.strings(session.language), now = context.now()
        var data = base(session, language: session.language, title: t["admin"]!)
        let users = try await blocking { try AccessService(context: context).users() }
        data["users"] = users.map { u -> [String: Any] in
            let refusal = u.refusal(at: now)
            return ["id": u.id, "name": u.name, "role": u.role.rawValue, "subject": u.subject ?? "",
                    "expires": u.expiresAt?.iso8601 ?? "", "active": refusal == nil, "csrf": session.csrf,
                    "state": refusal.map { t[$0.rawValue] ?? $0.rawValue } ?? t["active"]!]
        }
        let grants = try await blocking { try GrantService(context: context).grants() }
        data["grants"] = grants.map { g -> [String: Any] in
            ["id": g.id, "member": g.member, "verifier": g.verifier,
             "scopes": g.scopes.sorted().map(\.rawValue).joined(separator: ", "), "until": g.until.iso8601,
             "state": g.revokedAt != nil ? t["revoked"]! : (g.until <= now ? t["expired"]! : t["active"]!)]
        }
        return ("admin", data)
    }

    // MARK: - Parts

    private func base(_ session: Session?, language: String, title: String) -> [String: Any] {
        var data: [String: Any] = ["lang": language, "title": title, "park": context.park.settings.name,
                                   "t": DashboardText.strings(language)]
        if let session, let principal = ServerRequestContext.current?.principal {
            data["user"] = principal.name
            data["role"] = principal.role.rawValue
            data["csrf"] = session.csrf
            data["isOperator"] = principal.role == .operator
            if principal.role == .member { data["memberLink"] = principal.subject ?? "" }
        }
        return data
    }

    /// The month asked for (YYYY-MM), or the last month with stored readings; nil when none.
    private func monthView(_ text: String?) async throws -> MonthView? {
        let context = self.context
        let month: ReportingPeriod
        if let text, !text.isEmpty {
            month = try MonthView.month(text)
        } else {
            let last = try await blocking { try context.stores.readings.meterSpans().map(\.lastDay).max() }
            guard let last else { return nil }
            let date = context.local.date(of: Timestamp(seconds: last * 86_400 + 43_200))
            month = ReportingPeriod(String(format: "%04d-%02d", date.year, date.month))!
        }
        return try await summaries.view(month, context: context, runs: metrics.allocationRuns)
    }

    private func totals(_ view: MonthView, _ t: [String: String]) -> [String: Any] {
        let park = view.summary.park
        let checks = view.summary.policy.checks.map { c -> [String: Any] in
            ["id": c.id, "value": percent(c.value), "threshold": percent(Double(c.threshold.millionths) / 1e6),
             "status": c.pass ? "pass" : "fail", "verdict": c.pass ? t["pass"]! : t["fail"]!]
        }
        let days = view.days.enumerated().map { d, day -> [String: Any] in
            ["day": String(format: "%02d", day.day), "cells": (0..<24).map { h -> [String: Any] in
                let gen = view.generation[d * 24 + h], load = view.load[d * 24 + h]
                let share = load > 0 ? Double(min(gen, load)) / Double(load) : 0
                return ["level": load > 0 ? min(7, Int((share * 7).rounded(.up))) : 0, "tip": percent(share)]
            }]
        }
        return ["generation": kWh(park.generationWh), "load": kWh(park.consumptionWh),
                "allocated": kWh(park.allocatedWh), "surplus": kWh(park.surplusWh), "checks": checks,
                "hours": (0..<24).map { String(format: "%02d", $0) }, "days": days]
    }

    private func kWh(_ wh: Int64) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 0
        return (formatter.string(from: NSNumber(value: wh / 1000)) ?? "\(wh / 1000)") + " kWh"
    }

    private func tonnes(_ grams: Int64) -> String { String(format: "%.3f t CO2", Double(grams) / 1e6) }

    private func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }
}
